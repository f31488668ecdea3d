"""Synthetic action recognition clips in mmaction2's rawframe format.

A bright square moves across a noisy frame; the class is its direction of motion (right, left,
down, up), so only a model that looks at time can tell the classes apart. Layout::

    out_dir/
      rawframes/{train,val}/clip_00000/img_00001.jpg ...
      {train,val}_list.txt     one line per clip: ``<split>/clip_xxxxx <num_frames> <label>``
"""
from pathlib import Path

import cv2
import numpy as np

from hoi_plugins.registry import SYNTHETIC_TASKS

DIRECTIONS = ('right', 'left', 'down', 'up')
_STEPS = np.array([[1, 0], [-1, 0], [0, 1], [0, -1]])  # (dx, dy) per class


def render_moving_square(label: int, rng: np.random.Generator, size: int,
                         num_frames: int, square: int) -> np.ndarray:
    """Frames of one clip, ``(num_frames, size, size, 3)`` uint8."""
    step = _STEPS[label]
    speed = int(rng.integers(1, 3))
    travel = speed * (num_frames - 1)
    if travel > size - square:
        raise ValueError(f'a {square}px square moving {travel}px does not fit in {size}px')
    start = rng.integers(0, size - square + 1, size=2)
    axis = 0 if label < 2 else 1
    backwards = step[axis] < 0
    start[axis] = rng.integers(travel if backwards else 0,
                               size - square + 1 - (0 if backwards else travel))
    color = rng.integers(160, 256, size=3)
    frames = rng.integers(0, 60, size=(num_frames, size, size, 3)).astype(np.uint8)
    for t in range(num_frames):
        x, y = start + step * speed * t
        frames[t, y:y + square, x:x + square] = color
    return frames


@SYNTHETIC_TASKS.register_module(name='video_recognition')
def generate_video_recognition(out_dir: Path, rng: np.random.Generator, num_train: int = 64,
                               num_val: int = 32, num_frames: int = 8, size: int = 32,
                               square: int = 6) -> dict:
    """Write the moving-square clips; see the module docstring for the layout."""
    counts = dict(train=num_train, val=num_val)
    for split, count in counts.items():
        lines = []
        for index in range(count):
            label = index % len(DIRECTIONS)
            frames = render_moving_square(label, rng, size, num_frames, square)
            clip = f'{split}/clip_{index:05d}'
            clip_dir = out_dir / 'rawframes' / clip
            clip_dir.mkdir(parents=True, exist_ok=True)
            for t, frame in enumerate(frames, start=1):
                cv2.imwrite(str(clip_dir / f'img_{t:05d}.jpg'), frame[..., ::-1])
            lines.append(f'{clip} {num_frames} {label}')
        (out_dir / f'{split}_list.txt').write_text('\n'.join(lines) + '\n')
    return dict(classes=list(DIRECTIONS), counts=counts)
