"""The synthetic EGTEA clips: every colour in every frame, the label is the shaken object's colour
and the gaze file fixates it."""
import cv2
import numpy as np

from hoi_plugins.formats.egtea_gaze import GAZE_TYPES, parse_begaze_file, parse_clip_name
from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.datasets.synthetic.egtea_gaze import COLORS


def colour_masks(frame_rgb):
    """[6, H, W] masks of the pixels close to each object colour."""
    distance = np.abs(frame_rgb[None].astype(int) - np.array(COLORS)[:, None, None]).sum(-1)
    return distance < 60


def test_label_is_the_colour_of_the_shaken_object_under_the_gaze(tmp_path):
    generate_synthetic('egtea_gaze', tmp_path, seed=0, num_train=6, num_test=0, num_frames=4)
    lines = (tmp_path / 'train_split1.txt').read_text().split('\n')
    for line in filter(None, lines):
        clip, action, verb, noun = map(str, line.split())
        label = int(action) - 1
        assert (int(verb), int(noun)) == (label // 3 + 1, label % 3 + 1)
        frames = [cv2.imread(str(tmp_path / 'images_rgb' / clip / f'{t:04d}.jpg'))[..., ::-1]
                  for t in range(1, 5)]
        masks = np.stack([colour_masks(frame) for frame in frames])  # [T, 6, H, W]
        assert masks.any(axis=(2, 3)).all(), f'{clip}: a colour is missing from a frame'
        # only the target moves: its centre jumps 2 px between frames, the others stay
        centres = np.array([[np.argwhere(mask).mean(0) for mask in step] for step in masks])
        jumps = np.abs(np.diff(centres, axis=0)).max(axis=(0, 2))  # [6] pixels
        moved = [bool(jump > 1) for jump in jumps]  # the target: 2 px, JPEG noise < 0.6
        assert moved == [k == label for k in range(len(COLORS))], clip
        video, first, _ = parse_clip_name(clip)
        gaze = parse_begaze_file(str(tmp_path / 'gaze_data' / f'{video}.txt'))
        height, width = frames[0].shape[:2]
        for t, (x, y, kind) in enumerate(gaze[first:first + 4]):  # a row per frame number
            if GAZE_TYPES[int(kind)] != 'fixation':
                continue
            col, row = int(x * width), int(y * height)
            window = masks[t, :, max(row - 2, 0):row + 3, max(col - 2, 0):col + 3]
            assert window[label].any(), f'{clip} frame {t + first}: gaze is off the target'
