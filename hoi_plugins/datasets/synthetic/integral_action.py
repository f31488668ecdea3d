"""Synthetic Kinetics/Mimetics-style clips where some classes need pose and others appearance.

A stick figure (OpenPose-18 joints) moves in a scene. Classes ``0..3`` are *pose classes*
(``wave``, ``jump``, ``squat``, ``kick``): the same grey scene, told apart only by the figure's
motion. Classes ``4..7`` are *appearance classes* (``red``, ``green``, ``blue``, ``yellow``):
the figure only sways, the classes are told apart by the colour of the scene and its object.
In the RGB frames the figure is drawn with low contrast over noise (hard to see), while its
keypoints come with detector-like scores, so a pose stream sees what the RGB stream barely
does. A ``mimetics`` split holds pose-class motions performed in appearance-class scenes: the
scene contradicts the action (label = the motion).

Layout (the official Kinetics / Mimetics formats)::

    out_dir/
      Kinetics8_{train,val}.json                COCO-style: images (seq_name, file_name,
                                                height, width, frame_num) + annotations
                                                (image_id, action_label, action_name)
      kinetics-skeleton/kinetics_{train,val}/<id>.json    Kinetics-skeleton (normalised)
      kinetics-skeleton/kinetics_{train,val}_label.json  {<id>: {has_skeleton, label, ...}}
      frames/{train,val}_64/<class>/<file_name>/000001.jpg ...
                                                file_name: <id>_<start>_<end> (train), <id> (val)
      Mimetics8.json
      pose_results/<seq>/video/data.json        Mimetics pose results (pixels)
      frames/mimetics/<seq>/video/000001.jpg ...
      videos/...                                with ``videos=True``: every frame folder
                                                under frames/ also as an MP4 file, e.g.
                                                videos/val_64/<class>/<file_name>.mp4
"""
import json
from pathlib import Path
from typing import Dict, List, Tuple

import cv2
import numpy as np

from hoi_plugins.formats.skeletons import OPENPOSE18_LIMBS
from hoi_plugins.registry import SYNTHETIC_TASKS
from hoi_plugins.visualization.writers import write_video

from .base import VIDEO_FPS

POSE_CLASSES = ('wave', 'jump', 'squat', 'kick')
SCENE_COLOURS = {'red': (170, 60, 60), 'green': (60, 160, 70), 'blue': (60, 80, 170),
                 'yellow': (170, 160, 50)}
CLASSES = POSE_CLASSES + tuple(SCENE_COLOURS)
NEUTRAL_SCENE = (105, 105, 105)


def _arm(shoulder: np.ndarray, side: float, upper: float, fore: float) -> List[np.ndarray]:
    """Elbow and wrist from the shoulder; angles from straight down, raised outward."""
    elbow = shoulder + 0.17 * np.array([side * np.sin(upper), np.cos(upper)])
    wrist = elbow + 0.16 * np.array([side * np.sin(fore), np.cos(fore)])
    return [elbow, wrist]


def _leg(hip: np.ndarray, side: float, angle: float, bend: float) -> List[np.ndarray]:
    """Knee and ankle from the hip; ``angle`` swings the leg outward, ``bend`` the shin."""
    knee = hip + 0.25 * np.array([side * np.sin(angle), np.cos(angle)])
    ankle = knee + 0.25 * np.array([side * np.sin(angle - bend), np.cos(angle - bend)])
    return [knee, ankle]


def stick_figure(motion: str, phase: float) -> np.ndarray:
    """OpenPose-18 joints ``(18, 2)`` in body units (height 1, hips at the origin, y down).

    ``wave`` raises and lowers both arms, ``jump`` lifts the whole body and tucks the legs,
    ``squat`` lowers the hips and bends the knees outward, ``kick`` swings the left leg up
    sideways; any other motion (the appearance classes) only sways slightly.
    """
    s = 0.5 + 0.5 * np.sin(phase)  # 0..1
    lift, hip_drop, sway = 0.0, 0.0, 0.0
    upper, fore = 0.15, 0.1
    legs = dict(right=(0.05, 0.0), left=(0.05, 0.0))  # (angle, bend)
    if motion == 'wave':
        upper, fore = 0.2 + 2.4 * s, 0.3 + 2.6 * s
    elif motion == 'jump':
        lift = 0.3 * s
        legs = dict(right=(0.05 + 0.4 * s, 1.0 * s), left=(0.05 + 0.4 * s, 1.0 * s))
    elif motion == 'squat':
        hip_drop = 0.25 * s
        legs = dict(right=(0.05 + 0.9 * s, 1.8 * s), left=(0.05 + 0.9 * s, 1.8 * s))
    elif motion == 'kick':
        legs['left'] = (0.05 + 1.5 * s, 0.0)
    else:
        sway = 0.03 * np.sin(phase)
    y0 = -lift + hip_drop
    neck = np.array([sway, y0 - 0.5])
    nose = np.array([sway, y0 - 0.62])
    r_sh, l_sh = neck + [-0.12, 0.02], neck + [0.12, 0.02]
    r_hip, l_hip = np.array([sway - 0.08, y0]), np.array([sway + 0.08, y0])
    joints = [nose, neck, r_sh, *_arm(r_sh, -1, upper, fore), l_sh, *_arm(l_sh, 1, upper, fore),
              r_hip, *_leg(r_hip, -1, *legs['right']), l_hip, *_leg(l_hip, 1, *legs['left']),
              nose + [-0.03, -0.03], nose + [0.03, -0.03], nose + [-0.06, -0.01],
              nose + [0.06, -0.01]]
    return np.stack(joints).astype(np.float32)


def render_clip(motion: str, scene: str, rng: np.random.Generator, size: int,
                num_frames: int) -> Tuple[np.ndarray, List[list]]:
    """Frames ``(T, size, size, 3)`` uint8 (RGB) and per-frame people ``[(coords, scores)]``."""
    colour = np.array(SCENE_COLOURS.get(scene, NEUTRAL_SCENE), dtype=np.float32)
    height = rng.uniform(0.5, 0.62) * size
    centre = np.array([rng.uniform(0.35, 0.65) * size, rng.uniform(0.52, 0.6) * size])
    phase0, speed = rng.uniform(0, 2 * np.pi), rng.uniform(0.6, 1.0)
    obj_xy = rng.integers(2, size // 3, size=2)
    if rng.random() < 0.5:
        obj_xy[0] = size - obj_xy[0] - size // 6
    frames, people = [], []
    for t in range(num_frames):
        joints = stick_figure(motion, phase0 + speed * t) * height + centre
        frame = np.clip(colour + rng.normal(0, 22, size=(size, size, 3)), 0, 255)
        if scene in SCENE_COLOURS:
            x, y = obj_xy
            frame[y:y + size // 6, x:x + size // 6] = 255 - colour
        faint = tuple(float(c) for c in colour + 14)
        for a, b in OPENPOSE18_LIMBS:
            cv2.line(frame, tuple(int(v) for v in joints[a]), tuple(int(v) for v in joints[b]),
                     faint, 1)
        frames.append(frame.astype(np.uint8))
        detected = []
        if rng.random() > 0.03:  # a few frames where the detector finds nobody
            scores = rng.uniform(0.6, 1.0, size=18).astype(np.float32)
            scores[rng.random(18) < 0.05] = 0.05
            detected.append((joints + rng.normal(0, 0.4, joints.shape), scores))
        if rng.random() < 0.1:  # a spurious low-confidence detection
            ghost = stick_figure('neutral', 0.0) * height * 0.7 + rng.uniform(0, size, 2)
            detected.append((ghost, rng.uniform(0.0, 0.15, size=18).astype(np.float32)))
        people.append(detected)
    return np.stack(frames), people


def _write_frames(out_dir: Path, frame_dir: str, frames: np.ndarray, videos: bool) -> None:
    """RGB ``frames`` as ``out_dir/frames/<frame_dir>/000001.jpg ...`` and, with ``videos``,
    as ``out_dir/videos/<frame_dir>.mp4``."""
    folder = out_dir / 'frames' / frame_dir
    folder.mkdir(parents=True, exist_ok=True)
    for t, frame in enumerate(frames, start=1):
        cv2.imwrite(str(folder / f'{t:06d}.jpg'), frame[..., ::-1])
    if videos:
        write_video(str(out_dir / 'videos' / f'{frame_dir}.mp4'), frames[..., ::-1], VIDEO_FPS)


def _coco_entry(index: int, seq: str, file_name: str, label: int, size: int,
                num_frames: int) -> Tuple[Dict, Dict]:
    image = dict(id=index, seq_name=seq, file_name=file_name, height=size, width=size,
                 frame_num=num_frames)
    ann = dict(id=index, image_id=index, action_label=label, action_name=CLASSES[label])
    return image, ann


def _kinetics_skeleton(people: List[list], size: int, label: int) -> Dict:
    data = [dict(frame_index=t + 1,
                 skeleton=[dict(pose=(coords / size).reshape(-1).round(4).tolist(),
                                score=scores.round(3).tolist()) for coords, scores in frame])
            for t, frame in enumerate(people)]
    return dict(data=data, label=CLASSES[label], label_index=label)


def _mimetics_pose(people: List[list]) -> Dict:
    poses, scores = [], []
    for frame in people:
        if not frame:
            poses.append(None)
            scores.append(None)
            continue
        poses.append(np.concatenate([np.concatenate([c, s[:, None]], 1).reshape(-1)
                                     for c, s in frame]).round(3).tolist())
        scores.append([1.0] * len(frame))
    return dict(pose=poses, score=scores)


@SYNTHETIC_TASKS.register_module(name='integral_action')
def generate_integral_action(out_dir: Path, rng: np.random.Generator, num_train: int = 192,
                             num_val: int = 64, num_mimetics: int = 48, num_frames: int = 16,
                             size: int = 64, videos: bool = False) -> Dict:
    """Write the Kinetics-style train/val splits (every fifth video 4 frames shorter) and the
    Mimetics-like split (with ``videos``, also as MP4 files)."""
    counts = dict(train=num_train, val=num_val)
    for split, count in counts.items():
        images, anns, labels = [], [], {}
        for index in range(count):
            label = index % len(CLASSES)
            motion = CLASSES[label] if label < len(POSE_CLASSES) else 'neutral'
            scene = CLASSES[label] if label >= len(POSE_CLASSES) else 'neutral'
            length = num_frames - 4 if index % 5 == 0 else num_frames  # lengths vary
            frames, people = render_clip(motion, scene, rng, size, length)
            seq = CLASSES[label]  # the official seq_name is the class folder
            video = f'{split}{index:05d}'  # stands for the YouTube id
            # official training file names carry the clip's start and end: <id>_<s>_<e>
            file_name = f'{video}_{0:06d}_{length:06d}' if split == 'train' else video
            _write_frames(out_dir, f'{split}_{size}/{seq}/{file_name}', frames, videos)
            skel_dir = out_dir / 'kinetics-skeleton' / f'kinetics_{split}'
            skel_dir.mkdir(parents=True, exist_ok=True)
            # the Kinetics-skeleton release marks videos where OpenPose found nobody
            has_skeleton = index != 7
            (skel_dir / f'{video}.json').write_text(json.dumps(
                _kinetics_skeleton(people if has_skeleton else [[]] * length, size, label)))
            labels[video] = dict(has_skeleton=has_skeleton, label=CLASSES[label],
                                 label_index=label)
            image, ann = _coco_entry(index, seq, file_name, label, size, length)
            images.append(image)
            anns.append(ann)
        (out_dir / 'kinetics-skeleton' / f'kinetics_{split}_label.json').write_text(
            json.dumps(labels))
        (out_dir / f'Kinetics{len(CLASSES)}_{split}.json').write_text(
            json.dumps(dict(images=images, annotations=anns)))
    images, anns = [], []
    for index in range(num_mimetics):
        label = index % len(POSE_CLASSES)
        scene = list(SCENE_COLOURS)[int(rng.integers(len(SCENE_COLOURS)))]
        frames, people = render_clip(CLASSES[label], scene, rng, size, num_frames)
        seq = f'{CLASSES[label]}_in_{scene}_{index:05d}'
        _write_frames(out_dir, f'mimetics/{seq}/video', frames, videos)
        pose_dir = out_dir / 'pose_results' / seq / 'video'
        pose_dir.mkdir(parents=True, exist_ok=True)
        (pose_dir / 'data.json').write_text(json.dumps(_mimetics_pose(people)))
        image, ann = _coco_entry(index, seq, 'video', label, size, num_frames)
        images.append(image)
        anns.append(ann)
    (out_dir / f'Mimetics{len(CLASSES)}.json').write_text(
        json.dumps(dict(images=images, annotations=anns)))
    counts['mimetics'] = num_mimetics
    return dict(classes=list(CLASSES), pose_classes=list(POSE_CLASSES), counts=counts)
