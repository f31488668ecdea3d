"""Synthetic egocentric clips in the EGTEA Gaze+ layout of Gaze-Attention.

Every clip shows a textured table with one small object of each of the six colours (a square
or a cross, the shape does not matter), one per cell of a 2x3 layout. The camera wearer shakes
one of them, the target: it jumps one pixel back and forth every frame, and the gaze file has
fixations on it. The action is the target's colour (6 classes; verb = action // 3,
noun = action % 3, 1-based). As every colour is in every frame, the colours alone say nothing:
a model has to find the shaken object. Gaze supervision teaches where it is; a model without
gaze has to learn it from the action labels alone, which takes it much longer. Layout (read by
``EGTEAGazeDataset``)::

    out_dir/
      train_split1.txt test_split1.txt        <clip> <action> <verb> <noun> (1-based)
      images_rgb/<clip>/0001.jpg ...
      images_flow/<clip>/{u,v}/0001.jpg ...   128 + 16 * displacement (pixels per frame)
      gaze_data/<video>.txt                   BeGaze text export (old version, 1280x960 px)
      cropped_clips/<video>/<clip>.mp4        with ``videos=True``: the RGB frames as an MP4
"""
from pathlib import Path
from typing import List, Tuple

import cv2
import numpy as np

from hoi_plugins.registry import SYNTHETIC_TASKS
from hoi_plugins.visualization.writers import write_video

from .base import VIDEO_FPS

SHAPES = ('square', 'cross')
COLORS = ((230, 40, 40), (40, 200, 40), (60, 80, 240), (230, 220, 40), (220, 50, 220),
          (40, 220, 220))  # RGB
COLOR_NAMES = ('red', 'green', 'blue', 'yellow', 'magenta', 'cyan')
LAYOUT = (2, 3)  # rows, columns of the object cells
BORDER = 2  # pixels around the layout (a 32x32 crop of a 36x36 frame keeps every object)
SHAKE = 1  # pixels the target jumps to either side of its place
GAZE_RESOLUTION = (960, 1280)  # (height, width) of the gaze coordinates


def draw_object(frame: np.ndarray, color: int, shape: int, x: int, y: int, size: int) -> None:
    """Draw a ``shape`` in ``color`` with its top-left corner at (x, y)."""
    if SHAPES[shape] == 'square':
        frame[y:y + size, x:x + size] = COLORS[color]
    else:
        mid, half = size // 2, max(size // 6, 1)
        frame[y:y + size, x + mid - half:x + mid + half] = COLORS[color]
        frame[y + mid - half:y + mid + half, x:x + size] = COLORS[color]


def render_clip(kind: int, rng: np.random.Generator, num_frames: int, height: int, width: int,
                size: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """RGB frames [T, H, W, 3], flow [T, H, W, 2] uint8 and target centres [T, 2] (x, y)."""
    table = rng.integers(70, 120, size=3)
    texture = cv2.resize(rng.integers(-25, 25, size=(height // 8, width // 8, 1)).astype(
        np.float32), (width, height))[..., None]
    background = np.clip(table + texture, 0, 255)
    # one object of every colour, each in its own cell of the LAYOUT inside the BORDER; the
    # first is the target
    rows, cols = LAYOUT
    region_h, region_w = height - 2 * BORDER, width - 2 * BORDER
    cell_h, cell_w = region_h // rows, region_w // cols
    slack_y, slack_x = cell_h - size - 2 * SHAKE, cell_w - size - 2 * SHAKE
    cells = rng.permutation(rows * cols)[:len(COLORS)]
    corners = [(BORDER + c % cols * cell_w + SHAKE + int(rng.integers(0, slack_x + 1)),
                BORDER + c // cols * cell_h + SHAKE + int(rng.integers(0, slack_y + 1)))
               for c in cells]
    colors = [kind] + list(rng.permutation([k for k in range(len(COLORS)) if k != kind]))
    shapes = rng.integers(0, len(SHAPES), size=len(colors))
    direction = np.array([[1, 0], [0, 1], [1, 1], [1, -1]])[rng.integers(0, 4)]
    frames = np.zeros((num_frames, height, width, 3), np.uint8)
    flow = np.full((num_frames, height, width, 2), 128, np.uint8)
    centres = np.zeros((num_frames, 2), np.float32)
    x0, y0 = corners[0]
    for t in range(num_frames):
        frame = background.copy()
        # the target is shaken: it jumps SHAKE pixels back and forth every frame
        x, y = np.array([x0, y0]) + direction * SHAKE * (1 if t % 2 else -1)
        positions = [(x, y)] + corners[1:]
        for (ox, oy), color, shape in zip(positions, colors, shapes):
            draw_object(frame, int(color), int(shape), ox, oy, size)
        frame += rng.normal(0, 4, size=frame.shape)
        frames[t] = np.clip(frame, 0, 255).astype(np.uint8)
        if t > 0:
            dx, dy = x + size / 2 - centres[t - 1, 0], y + size / 2 - centres[t - 1, 1]
            region = (slice(y, y + size), slice(x, x + size))
            flow[t][region] = np.clip(128 + 16 * np.array([dx, dy]), 0, 255)
        centres[t] = (x + size / 2, y + size / 2)
    return frames, flow, centres


def begaze_lines(centres: np.ndarray, first_frame: int, height: int, width: int,
                 rng: np.random.Generator) -> List[str]:
    """Old-version BeGaze export of the gaze on ``centres``: fixations with jitter, a few
    saccades to random points, a few frames without any sample (untracked)."""
    gaze_h, gaze_w = GAZE_RESOLUTION
    lines = ['## [BeGaze] synthetic gaze file\n'] + ['## \n'] * 8
    lines.append(f'## Number of Samples:\t{len(centres)}\n')
    lines += ['## \n'] * 23
    lines.append('Time\tType\tTrial\tL POR X [px]\tL POR Y [px]\tFrame\tL Event Info\n')
    for t, (x, y) in enumerate(centres):
        draw = rng.random()
        if draw < 0.1:
            continue  # no sample: untracked
        if draw < 0.2:
            kind, x, y = 'Saccade', rng.random() * width, rng.random() * height
        else:
            kind, x, y = 'Fixation', x + rng.normal(0, 1.0), y + rng.normal(0, 1.0)
        px, py = x / width * gaze_w, y / height * gaze_h
        lines.append(f'{1000 * t}\tSMP\t1\t{px:.2f}\t{py:.2f}\t{first_frame + t}\t{kind}\n')
    return lines


@SYNTHETIC_TASKS.register_module(name='egtea_gaze')
def generate_egtea_gaze(out_dir: Path, rng: np.random.Generator, num_train: int = 360,
                        num_test: int = 120, num_frames: int = 16, height: int = 36,
                        width: int = 36, object_size: int = 5, videos: bool = False) -> dict:
    """Write the clips (also as MP4 files with ``videos``); see the module docstring for the
    layout and the rule."""
    num_kinds = len(COLORS)
    counts = dict(train=num_train, test=num_test)
    index = 0
    for split, count in counts.items():
        lines = []
        for _ in range(count):
            kind = index % num_kinds
            frames, flow, centres = render_clip(kind, rng, num_frames, height, width,
                                                object_size)
            video = f'S{index:04d}-R01-Synthetic'
            clip = f'{video}-0-{num_frames * 1000 // 24}-F000001-F{num_frames + 1:06d}'
            for t in range(num_frames):
                name = f'{t + 1:04d}.jpg'
                rgb_dir = out_dir / 'images_rgb' / clip
                rgb_dir.mkdir(parents=True, exist_ok=True)
                cv2.imwrite(str(rgb_dir / name), frames[t, ..., ::-1])
                for channel, direction in enumerate(('u', 'v')):
                    flow_dir = out_dir / 'images_flow' / clip / direction
                    flow_dir.mkdir(parents=True, exist_ok=True)
                    cv2.imwrite(str(flow_dir / name), flow[t, ..., channel])
            if videos:
                write_video(str(out_dir / 'cropped_clips' / video / f'{clip}.mp4'),
                            frames[..., ::-1], VIDEO_FPS)
            gaze_dir = out_dir / 'gaze_data'
            gaze_dir.mkdir(parents=True, exist_ok=True)
            (gaze_dir / f'{video}.txt').write_text(
                ''.join(begaze_lines(centres, 1, height, width, rng)))
            lines.append(f'{clip} {kind + 1} {kind // 3 + 1} {kind % 3 + 1}')
            index += 1
        (out_dir / f'{split}_split1.txt').write_text('\n'.join(lines) + '\n')
    return dict(classes=list(COLOR_NAMES), counts=counts, frame_size=[height, width])
