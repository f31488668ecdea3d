"""generate_synthetic's options and the clips written also as MP4 files (``videos=True``,
``tools/data/synthetic/generate.py --videos``)."""
import cv2
import numpy as np
import pytest

from hoi_plugins.apis.inferencers.base_inferencer import read_video
from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.datasets.synthetic.egtea_gaze import COLORS
from hoi_plugins.formats.egtea_gaze import parse_clip_name
from tests.helpers import load_script


def test_unknown_option_names_the_task_and_its_options(tmp_path):
    with pytest.raises(KeyError, match='"video_recognition" has no option videos; its '
                                       'options: num_train'):
        generate_synthetic('video_recognition', tmp_path, videos=True)


def target_centres(frames_bgr, kind):
    """[T, 2] centre (row, col) of the pixels of colour ``kind`` in each frame."""
    return np.array([np.argwhere(np.abs(frame[..., ::-1].astype(int) - COLORS[kind]).sum(-1)
                                 < 60).mean(0) for frame in frames_bgr])


def test_egtea_videos_hold_the_frames_in_their_order(tmp_path, monkeypatch):
    monkeypatch.setattr('sys.argv', [
        'generate.py', '--task', 'egtea_gaze', '--out', str(tmp_path / 'videos'), '--videos',
        '--options', 'num_train=3', 'num_test=1'])
    load_script('tools/data/synthetic/generate.py').main()
    generate_synthetic('egtea_gaze', tmp_path / 'frames', num_train=3, num_test=1)
    for line in (tmp_path / 'videos' / 'train_split1.txt').read_text().splitlines():
        clip, action = line.split()[:2]
        video, start, end = parse_clip_name(clip)
        frame_files = sorted((tmp_path / 'videos' / 'images_rgb' / clip).glob('*.jpg'))
        for path in frame_files:  # the frame files do not change with --videos
            assert path.read_bytes() == (tmp_path / 'frames' / 'images_rgb' / clip /
                                         path.name).read_bytes()
        frames = [cv2.imread(str(path)) for path in frame_files]
        decoded, _ = read_video(tmp_path / 'videos' / 'cropped_clips' / video / f'{clip}.mp4')
        assert decoded.shape == (end - start, 36, 36, 3) == (len(frames), 36, 36, 3)
        # the shaken target jumps 2 px each frame; the video has it where the frame file has
        kind = int(action) - 1
        by_file, by_video = target_centres(frames, kind), target_centres(decoded, kind)
        assert np.abs(np.diff(by_file, axis=0)).max() > 1.5
        np.testing.assert_allclose(by_video, by_file, atol=0.75)


def test_integral_action_videos_mirror_the_frame_folders(tmp_path):
    generate_synthetic('integral_action', tmp_path, num_train=2, num_val=1, num_mimetics=1,
                       videos=True)
    folders = sorted(path.parent for path in (tmp_path / 'frames').rglob('000001.jpg'))
    assert len(folders) == 4
    for folder in folders:
        video = tmp_path / 'videos' / f'{folder.relative_to(tmp_path / "frames")}.mp4'
        frames = np.stack([cv2.imread(str(path)) for path in sorted(folder.glob('*.jpg'))])
        decoded, _ = read_video(video)
        assert decoded.shape == frames.shape
        # the scene colour of every frame (noise std 22 averages out)
        np.testing.assert_allclose(decoded.mean((1, 2)), frames.mean((1, 2)), atol=4)
