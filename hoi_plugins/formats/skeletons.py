"""Readers of the 2D skeleton files used by IntegralAction, into mmaction2's skeleton arrays.

Every reader returns ``keypoint`` ``(M, T, V, 2)`` float32 in pixels of the original video and
``keypoint_score`` ``(M, T, V)`` float32, the layout of mmaction2's skeleton pickle (M people,
T frames, V joints). Frames where nobody was found have score 0 (the official code pads missing
people with coordinates 1 and score 0; a score of 0 keeps them out of every rendered map).
Joints with NaN coordinates (present in NTU skeleton files) get coordinates 0 and score 0, as in
the official NTU reader.

Formats:
- Kinetics-skeleton JSON (``kinetics-skeleton/kinetics_<split>/<video>.json``, OpenPose-18,
  coordinates normalised to 0..1): ``{"data": [{"frame_index": 1-based, "skeleton":
  [{"pose": [x0, y0, x1, y1, ...], "score": [s0, s1, ...]}, ...]}, ...]}``.
- Mimetics pose results (``pose_results/<seq>/<file>/data.json``, OpenPose-18, pixels):
  ``{"pose": [None | [x, y, s] * 18 * people], "score": [None | [person score] * people]}``;
  the joint score is the joint confidence times the person score, as in the official reader.
- NTU RGB+D ``.skeleton`` text files (25 joints; the colour-image coordinates are the 6th and
  7th numbers of a joint line).
- mmpose inferencer predictions (``MMPoseInferencer(..., pred_out_dir=...)`` writes one list of
  instances per frame: ``[{"keypoints": [[x, y], ...], "keypoint_scores": [...],
  "bbox": ...}, ...]``), COCO-17 joints; :func:`coco17_to_openpose18` converts the layout.
"""
import json
import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

# OpenPose-18 joints used by the Kinetics skeletons and the official Kinetics/Mimetics code.
OPENPOSE18_JOINTS = ('nose', 'neck', 'right_shoulder', 'right_elbow', 'right_wrist',
                     'left_shoulder', 'left_elbow', 'left_wrist', 'right_hip', 'right_knee',
                     'right_ankle', 'left_hip', 'left_knee', 'left_ankle', 'right_eye',
                     'left_eye', 'right_ear', 'left_ear')
OPENPOSE18_LIMBS = ((0, 1), (1, 2), (2, 3), (3, 4), (1, 5), (5, 6), (6, 7), (1, 8), (8, 9),
                    (9, 10), (1, 11), (11, 12), (12, 13), (0, 14), (0, 15), (14, 16), (15, 17))
OPENPOSE18_LEFT = (5, 6, 7, 11, 12, 13, 15, 17)
OPENPOSE18_RIGHT = (2, 3, 4, 8, 9, 10, 14, 16)

# NTU RGB+D (Kinect v2) 25 joints, in the order of the .skeleton files; limbs and flip pairs
# as in the official NTU reader.
NTU25_LIMBS = ((0, 1), (1, 2), (2, 3), (4, 20), (4, 5), (5, 6), (6, 7), (7, 21), (21, 22),
               (8, 20), (8, 9), (9, 10), (10, 11), (11, 23), (23, 24), (0, 12), (12, 13),
               (13, 14), (14, 15), (0, 16), (16, 17), (17, 18), (18, 19), (1, 20))
NTU25_LEFT = (8, 9, 10, 11, 16, 17, 18, 19, 23, 24)
NTU25_RIGHT = (4, 5, 6, 7, 12, 13, 14, 15, 21, 22)

# COCO-17 joint index of each OpenPose-18 joint; the neck (-1) is the shoulders' midpoint.
_COCO17_OF_OPENPOSE18 = (0, -1, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3)


def coco17_to_openpose18(keypoint: np.ndarray,
                         keypoint_score: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Reorder COCO-17 joints (mmpose) into the OpenPose-18 layout of the Kinetics skeletons.

    The neck joint OpenPose adds is the midpoint of the two shoulders, with the smaller of
    the two shoulder scores (it is only as reliable as its worse shoulder).

    Args:
        keypoint (np.ndarray): ``(..., 17, 2)`` COCO-17 coordinates.
        keypoint_score (np.ndarray): ``(..., 17)`` scores.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``(..., 18, 2)`` coordinates and ``(..., 18)`` scores.
    """
    if keypoint.shape[-2] != 17 or keypoint_score.shape[-1] != 17:
        raise ValueError(f'expected 17 COCO joints, got keypoint {keypoint.shape} and '
                         f'keypoint_score {keypoint_score.shape}')
    order = np.array(_COCO17_OF_OPENPOSE18)
    out_kp = keypoint[..., np.maximum(order, 0), :].copy()
    out_score = keypoint_score[..., np.maximum(order, 0)].copy()
    out_kp[..., 1, :] = (keypoint[..., 5, :] + keypoint[..., 6, :]) / 2
    out_score[..., 1] = np.minimum(keypoint_score[..., 5], keypoint_score[..., 6])
    return out_kp, out_score


def stack_people(frames: Sequence[Sequence[Tuple[np.ndarray, np.ndarray]]],
                 num_joints: int) -> Tuple[np.ndarray, np.ndarray]:
    """Stack per-frame lists of people ``(coords (V, 2), scores (V,))`` into skeleton arrays.

    People are sorted by mean joint score inside each frame (best first), so that slot 0 holds
    the most confident person; frames with fewer people are padded with score 0.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``keypoint (M, T, V, 2)`` and ``keypoint_score
        (M, T, V)``, with ``M`` the largest number of people in a frame (at least 1).
    """
    num_people = max([len(people) for people in frames] + [1])
    keypoint = np.zeros((num_people, len(frames), num_joints, 2), dtype=np.float32)
    keypoint_score = np.zeros((num_people, len(frames), num_joints), dtype=np.float32)
    for t, people in enumerate(frames):
        order = sorted(range(len(people)), key=lambda p: -float(np.mean(people[p][1])))
        for slot, p in enumerate(order):
            coords, scores = people[p]
            bad = ~np.isfinite(coords).all(axis=1)
            keypoint[slot, t] = np.where(bad[:, None], 0, coords)
            keypoint_score[slot, t] = np.where(bad, 0, scores)
    return keypoint, keypoint_score


def _reshape_person(values, shape: Tuple[int, ...], path: str, where: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float32)
    if array.size != int(np.prod(shape)):
        raise ValueError(f'{path}: {where} has {array.size} values, expected {shape}')
    return array.reshape(shape)


def _frame_positions(num_frames: int, frames: Optional[Sequence[int]]) -> Dict[int, List[int]]:
    """Positions in the output of each wanted 0-based frame: every frame, or ``frames``."""
    if frames is None:
        return {t: [t] for t in range(num_frames)}
    positions: Dict[int, List[int]] = {}
    for position, t in enumerate(frames):
        positions.setdefault(int(t), []).append(position)
    return positions


def kinetics_skeleton_arrays(path: str) -> Dict[str, np.ndarray]:
    """A Kinetics-skeleton JSON as arrays, to convert once (``np.savez``) so that
    :func:`load_kinetics_skeleton` reads the ``.npz`` instead of parsing the JSON per clip.

    Returns:
        dict: ``frame_index`` ``(F,)`` as in the file, ``num_people`` ``(F,)``, ``pose``
        ``(F, P, 18, 2)`` (normalised, as in the file) and ``score`` ``(F, P, 18)``, P the
        largest number of people of an entry (people beyond ``num_people`` are zeros).
    """
    with open(path) as f:
        content = json.load(f)
    if 'data' not in content:
        raise KeyError(f'{path}: no "data" field (not a Kinetics-skeleton file)')
    entries = content['data']
    max_people = max([len(entry.get('skeleton', [])) for entry in entries] + [1])
    pose = np.zeros((len(entries), max_people, 18, 2), np.float32)
    score = np.zeros((len(entries), max_people, 18), np.float32)
    num_people = np.zeros(len(entries), np.int64)
    for i, entry in enumerate(entries):
        people = _kinetics_people(entry, path)
        num_people[i] = len(people)
        for p, (coords, scores) in enumerate(people):
            pose[i, p], score[i, p] = coords, scores
    frame_index = np.array([int(entry['frame_index']) for entry in entries], np.int64)
    return dict(frame_index=frame_index, num_people=num_people, pose=pose, score=score)


def _kinetics_people(entry: Dict, path: str) -> List[Tuple[np.ndarray, np.ndarray]]:
    """``(coords (18, 2) normalised, scores (18,))`` of each person of a JSON entry."""
    people = []
    for p, person in enumerate(entry.get('skeleton', [])):
        where = f'frame_index {entry["frame_index"]}, person {p}'
        if 'score' not in person:
            raise KeyError(f'{path}: {where} has no "score" field')
        people.append((_reshape_person(person['pose'], (18, 2), path, f'{where} "pose"'),
                       _reshape_person(person['score'], (18, ), path, f'{where} "score"')))
    return people


def load_kinetics_skeleton(path: str, num_frames: int, width: int, height: int,
                           frames: Optional[Sequence[int]] = None,
                           frame_index_base: int = 1) -> Tuple[np.ndarray, np.ndarray]:
    """Read a Kinetics-skeleton JSON (normalised OpenPose-18), or its ``.npz`` conversion
    (:func:`kinetics_skeleton_arrays`), into pixel skeleton arrays.

    Only the people of the wanted frames are converted (the sampled frames of a clip cost the
    same in a video of 100 or 300 frames).

    Args:
        path (str): the ``<video>.json`` (or ``<video>.npz``) file.
        num_frames (int): frames of the video (skeleton frames beyond it are ignored).
        width (int): video width in pixels, to undo the 0..1 normalisation.
        height (int): video height in pixels.
        frames (Sequence[int], optional): 0-based frames to read, in the order (and with the
            repeats) of the output; all ``num_frames`` when None. Defaults to None.
        frame_index_base (int): the ``frame_index`` of the first frame. The files number
            frames from 1; the official loader compares ``frame_index`` with 0-based frame
            numbers (data/Kinetics/Kinetics.py L77-78), i.e. uses 0, which gives each frame
            the skeleton of the previous one and the first frame none. Defaults to 1.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``keypoint (M, T', V, 2)`` and ``keypoint_score
        (M, T', V)``, ``T'`` = ``len(frames)`` or ``num_frames``.
    """
    positions = _frame_positions(num_frames, frames)
    people_of: List[list] = [[] for _ in range(num_frames if frames is None else len(frames))]
    scale = np.array([width, height], np.float32)
    if path.endswith('.npz'):
        with np.load(path) as content:
            arrays = {key: content[key] for key in ('frame_index', 'num_people', 'pose',
                                                    'score')}
        for i, index in enumerate(arrays['frame_index']):
            for position in positions.get(int(index) - frame_index_base, []):
                for p in range(int(arrays['num_people'][i])):
                    people_of[position].append((arrays['pose'][i, p] * scale,
                                                arrays['score'][i, p]))
        return stack_people(people_of, 18)
    with open(path) as f:
        content = json.load(f)
    if 'data' not in content:
        raise KeyError(f'{path}: no "data" field (not a Kinetics-skeleton file)')
    for entry in content['data']:
        t = int(entry['frame_index']) - frame_index_base
        if t not in positions:
            continue
        people = [(coords * scale, scores) for coords, scores in _kinetics_people(entry, path)]
        for position in positions[t]:
            people_of[position].extend(people)
    return stack_people(people_of, 18)


def load_mimetics_pose(path: str, num_frames: int, frames: Optional[Sequence[int]] = None
                       ) -> Tuple[np.ndarray, np.ndarray]:
    """Read a Mimetics ``data.json`` pose result (OpenPose-18 in pixels) into skeleton arrays.

    Args:
        path (str): the ``data.json`` file.
        num_frames (int): frames of the video.
        frames (Sequence[int], optional): 0-based frames to read (see
            :func:`load_kinetics_skeleton`); all when None. Defaults to None.
    """
    with open(path) as f:
        content = json.load(f)
    for field in ('pose', 'score'):
        if field not in content:
            raise KeyError(f'{path}: no "{field}" field (not a Mimetics pose result)')
    positions = _frame_positions(num_frames, frames)
    people_of: List[list] = [[] for _ in range(num_frames if frames is None else len(frames))]
    for t, (poses, person_scores) in enumerate(zip(content['pose'], content['score'])):
        if t >= num_frames or t not in positions or poses is None:
            continue
        if person_scores is None:
            raise ValueError(f'{path}: frame {t} has poses but "score" is null')
        people = _reshape_person(poses, (len(person_scores), 18, 3), path, f'frame {t} "pose"')
        for position in positions[t]:
            for person, person_score in zip(people, person_scores):
                people_of[position].append((person[:, :2], person[:, 2] * float(person_score)))
    return stack_people(people_of, 18)


def load_ntu_skeleton(path: str) -> Tuple[np.ndarray, np.ndarray]:
    """Read an NTU RGB+D ``.skeleton`` file into colour-image skeleton arrays (25 joints)."""
    with open(path) as f:
        lines = f.read().split('\n')
    num_frames = int(lines[0])
    frames: List[list] = []
    row = 1
    for t in range(num_frames):
        num_people = int(lines[row])
        row += 1
        people = []
        for _ in range(num_people):
            row += 1  # body info line
            num_joints = int(lines[row])
            row += 1
            coords = np.zeros((num_joints, 2), dtype=np.float32)
            for j in range(num_joints):
                values = lines[row + j].split()
                if len(values) < 7:
                    raise ValueError(f'{path}: frame {t}, joint {j}: expected >= 7 numbers')
                coords[j] = [float(values[5]), float(values[6])]
            row += num_joints
            scores = np.array([0.0 if math.isnan(x) or math.isnan(y) else 1.0
                               for x, y in coords], dtype=np.float32)
            people.append((coords, scores))
        frames.append(people)
    return stack_people(frames, 25)


def load_mmpose_predictions(path: str, to_openpose18: bool = True
                            ) -> Tuple[np.ndarray, np.ndarray]:
    """Read the per-frame predictions an mmpose inferencer writes for a video.

    Args:
        path (str): a JSON file with one list of instances per frame, each instance with
            ``keypoints`` ``[[x, y], ...]`` and ``keypoint_scores`` (what
            ``MMPoseInferencer(pred_out_dir=...)`` writes; a frame without people is ``[]``).
        to_openpose18 (bool): convert COCO-17 to OpenPose-18. Defaults to True.
    """
    with open(path) as f:
        content = json.load(f)
    if isinstance(content, dict) and 'instance_info' in content:
        content = [frame['instances'] for frame in content['instance_info']]
    frames: List[list] = []
    num_joints = None
    for t, instances in enumerate(content):
        if isinstance(instances, dict):  # {"frame_id": ..., "instances": [...]}
            instances = instances['instances']
        people = []
        for p, instance in enumerate(instances):
            if 'keypoint_scores' not in instance:
                raise KeyError(f'{path}: frame {t}, instance {p} has no "keypoint_scores"')
            coords = np.asarray(instance['keypoints'], dtype=np.float32).reshape(-1, 2)
            scores = np.asarray(instance['keypoint_scores'], dtype=np.float32).reshape(-1)
            if coords.shape[0] != scores.shape[0]:
                raise ValueError(f'{path}: frame {t}, instance {p}: {coords.shape[0]} '
                                 f'keypoints but {scores.shape[0]} keypoint_scores')
            num_joints = coords.shape[0]
            people.append((coords, scores))
        frames.append(people)
    keypoint, keypoint_score = stack_people(frames, num_joints or 17)
    if to_openpose18:
        keypoint, keypoint_score = coco17_to_openpose18(keypoint, keypoint_score)
    return keypoint, keypoint_score
