"""Synthetic interaction hotspots in the OPRA layout (``annotations.json`` + frames + images).

Each object is a gray body with two of four colored parts (red, green, blue, yellow) on random
sides. Action ``k`` is "touch part k": a hand moves in from the border and touches that part in
the last frames of the clip; its color stands for the grip of the action (one per action). The
inactive image shows the same object without a hand, elsewhere in the frame; its ground truth
for action ``k`` are points on part ``k``. So the part that is touched depends on the action,
and a model has to find it to beat the center bias.
Layout (read by ``OPRADataset``)::

    out_dir/annotations.json
    out_dir/data/frames/synthetic/0/<object>/<start>_<end>.mp4/image-00000001.jpg ...
    out_dir/data/images/synthetic/0/<object>/inactive.jpg
"""
import json
from pathlib import Path
from typing import Dict, List, Tuple

import cv2
import numpy as np

from hoi_plugins.registry import SYNTHETIC_TASKS

ACTIONS = ('hold', 'touch', 'rotate', 'push')
PART_COLORS = ((220, 40, 40), (40, 200, 40), (40, 60, 230), (230, 210, 40))  # RGB, per action
HAND_COLORS = ((205, 125, 85), (150, 90, 60), (240, 170, 200), (110, 60, 150))  # per action
SIDES = ((-1, 0), (0, 1), (1, 0), (0, -1))  # (d_row, d_col): top, right, bottom, left


def _object_layout(rng: np.random.Generator) -> Dict[int, int]:
    """Action (part) -> side, for the two parts the object has."""
    parts = rng.choice(len(ACTIONS), size=2, replace=False)
    sides = rng.choice(len(SIDES), size=2, replace=False)
    return {int(p): int(s) for p, s in zip(parts, sides)}


def _render(layout: Dict[int, int], center: Tuple[int, int], size: int, body: int,
            rng: np.random.Generator) -> Tuple[np.ndarray, Dict[int, Tuple[int, int]]]:
    """An RGB image of the object and the (row, col) center of each of its parts."""
    image = np.clip(rng.normal(200, 12, (size, size, 3)), 0, 255).astype(np.uint8)
    row, col = center
    half = body // 2
    image[row - half:row + half, col - half:col + half] = (120, 120, 120)
    part_half = max(body // 6, 2)
    centers = {}
    for part, side in layout.items():
        d_row, d_col = SIDES[side]
        p_row, p_col = row + d_row * (half + part_half), col + d_col * (half + part_half)
        image[p_row - part_half:p_row + part_half, p_col - part_half:p_col + part_half] = \
            PART_COLORS[part]
        centers[part] = (p_row, p_col)
    return image, centers


def _draw_hand(image: np.ndarray, position: np.ndarray, radius: int, action: int) -> None:
    cv2.circle(image, (int(position[1]), int(position[0])), radius, HAND_COLORS[action], -1)


def _clip_frames(layout: Dict[int, int], action: int, size: int, body: int, num_frames: int,
                 rng: np.random.Generator) -> List[np.ndarray]:
    """Frames of the hand approaching part ``action`` and touching it in the last frames."""
    margin = body // 2 + body // 3 + 2
    center = tuple(rng.integers(margin, size - margin, size=2))
    image, centers = _render(layout, center, size, body, rng)
    d_row, d_col = SIDES[layout[action]]
    radius = max(body // 3, 3)
    target = np.array(centers[action]) + np.array([d_row, d_col]) * radius
    start = target + np.array([d_row, d_col]) * size * 0.6
    touching = max(1, num_frames // 3)
    frames = []
    for t in range(num_frames):
        alpha = min(1.0, t / max(num_frames - touching, 1))
        frame = image.copy()
        _draw_hand(frame, start + (target - start) * alpha, radius, action)
        frames.append(frame)
    return frames


def _write_rgb(path: Path, image: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), image[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])


@SYNTHETIC_TASKS.register_module(name='hotspots')
def generate_hotspots(out_dir: Path, rng: np.random.Generator, num_train_objects: int = 48,
                      num_test_objects: int = 24, clips_per_object: int = 6,
                      size: int = 64, body: int = 18, min_frames: int = 3,
                      max_frames: int = 6, points_per_map: int = 5) -> dict:
    """Write the dataset; see the module docstring for the rule and the layout."""
    annotations = dict(verbs=list(ACTIONS), nouns=['object'], train_clips=[], test_clips=[],
                       train_images=[], test_images=[])
    margin = body // 2 + body // 3 + 2
    object_index = 0
    for split, num_objects in (('train', num_train_objects), ('test', num_test_objects)):
        for _ in range(num_objects):
            layout = _object_layout(rng)
            image_parts = ['synthetic', '0', f'object_{object_index:04d}', 'inactive.jpg']
            object_index += 1
            center = tuple(rng.integers(margin, size - margin, size=2))
            inactive, centers = _render(layout, center, size, body, rng)
            _write_rgb(out_dir / 'data' / 'images' / Path(*image_parts), inactive)
            for part, (row, col) in centers.items():
                points = rng.normal(0, body / 12, (points_per_map, 2)) + (row, col)
                annotations[f'{split}_images'].append(dict(
                    image=image_parts, verb=part, noun=0, shape=[size, size],
                    points=np.round(points, 1).tolist()))
            for clip_index in range(clips_per_object):
                action = list(layout)[clip_index % 2]
                num_frames = int(rng.integers(min_frames, max_frames + 1))
                clip = [*image_parts[:3], f'{clip_index}.0', f'{num_frames}.0']
                frame_dir = out_dir / 'data' / 'frames' / Path(*clip[:3]) / \
                    f'{clip[3]}_{clip[4]}.mp4'
                frames = _clip_frames(layout, action, size, body, num_frames, rng)
                for t, frame in enumerate(frames, start=1):
                    _write_rgb(frame_dir / f'image-{t:08d}.jpg', frame)
                annotations[f'{split}_clips'].append(dict(
                    clip=clip, nframes=num_frames, verb=action, noun=0, image=image_parts))
    (out_dir / 'annotations.json').write_text(json.dumps(annotations))
    counts = {key: len(value) for key, value in annotations.items()
              if key.endswith(('clips', 'images'))}
    return dict(classes=list(ACTIONS), counts=counts)
