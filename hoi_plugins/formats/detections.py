"""Detections and poses from files, as test-time inputs of pair-based HOI detectors.

Detections, either
- a JSON list, per image ``file_name`` and ``detections`` [{``bbox`` xyxy, ``category_id``
  (COCO id), ``score``, optional ``keypoints`` (17 x (x, y, score) flat)}], or
- the iCAN/TIN test pickle (``Test_Faster_RCNN_R-50-PFN_2x_HICO_DET.pkl``): a dict image id ->
  list of ``[image_id, 'Human' | 'Object', box, _, class (1..80, COCO order), score,
  keypoints (optional)]``; the image id is the number in the HICO file name. The humans are
  the rows labelled ``'Human'`` (as the official test scripts pair them); a row labelled
  ``'Object'`` stays an object whatever its class, person included.

In the JSON list the humans are the detections of category person.

Training negatives: the iCAN/TIN negative pickle (``Trainval_Neg_HICO.pkl``): a dict image id ->
list of ``[image_id, HOI class (0..599), human box, object box, ..., pose (index 7, optional)]``
(the fields ``lib/ult/ult.py`` ``Augmented_HO_Neg_HICO_pose_pattern_version2`` reads).

Poses: a JSON list, per image ``file_name`` and ``poses`` [{``bbox``, ``keypoints``}]; each
detected human takes the pose whose box overlaps it most (IoU >= 0.5).
"""
import json
import pickle
import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from hoi_plugins.class_tables import PERSON_COCO_ID, hico_det_classes
from hoi_plugins.evaluation.functional.hico_det import box_iou_plus_one

Detections = Dict[str, np.ndarray]


def empty_detections() -> Detections:
    return dict(boxes=np.zeros((0, 4), np.float64), objects=np.zeros(0, np.int64),
                scores=np.zeros(0, np.float32), keypoints=np.zeros((0, 17, 3), np.float64),
                has_pose=np.zeros(0, bool), is_human=np.zeros(0, bool))


def make_detections(boxes, coco_ids, scores, keypoints: List[Optional[list]], source: str,
                    name: str, is_human: Optional[Sequence[bool]] = None) -> Detections:
    """Checked arrays of one image's detections.

    ``is_human`` marks the detections that act as subjects; None: those of category person.
    """
    coco_to_object = hico_det_classes().coco_to_object()
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    coco_ids = np.asarray(coco_ids, dtype=np.int64)
    bad = (coco_ids < 0) | (coco_ids >= len(coco_to_object))
    bad[~bad] = coco_to_object[coco_ids[~bad]] < 0
    if bad.any():
        raise ValueError(f'{source}: image "{name}": detection {np.flatnonzero(bad)[0]} has '
                         f'`category_id` {coco_ids[bad][0]}, not a HICO-DET object')
    flipped = (boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1])
    if flipped.any():
        raise ValueError(f'{source}: image "{name}": detection {np.flatnonzero(flipped)[0]} '
                         '`bbox` has x2 < x1 or y2 < y1')
    kpts = np.zeros((len(boxes), 17, 3), np.float64)
    has_pose = np.array([k is not None and len(k) == 51 for k in keypoints], dtype=bool)
    for i in np.flatnonzero(has_pose):
        kpts[i] = np.asarray(keypoints[i], dtype=np.float64).reshape(17, 3)
    if is_human is None:
        is_human = coco_ids == PERSON_COCO_ID
    return dict(boxes=boxes, objects=coco_to_object[coco_ids],
                scores=np.asarray(scores, np.float32).reshape(-1), keypoints=kpts,
                has_pose=has_pose, is_human=np.asarray(is_human, bool).reshape(-1))


def _ican_image_id(name: str) -> int:
    match = re.search(r'(\d+)\.\w+$', name)
    if match is None:
        raise ValueError(f'cannot read an image id from file name "{name}"')
    return int(match.group(1))


def load_detections(path: str, file_names: List[str],
                    skip_other_images: bool = False) -> Dict[str, Detections]:
    """Detections per file name from a JSON list or the iCAN/TIN pickle (module docstring);
    with ``skip_other_images`` a JSON entry of an image not in ``file_names`` is skipped
    instead of refused."""
    out = {name: empty_detections() for name in file_names}
    if Path(path).suffix in ('.pkl', '.pickle'):
        # the official detections are a pickle of plain lists and numpy arrays
        with open(path, 'rb') as f:
            dets = pickle.load(f, encoding='latin1')
        coco_order = np.sort(hico_det_classes().object_coco_ids)
        for name in file_names:
            rows = dets.get(_ican_image_id(name), [])
            out[name] = make_detections(
                [r[2] for r in rows],
                [1 if r[1] == 'Human' else int(coco_order[int(r[4]) - 1]) for r in rows],
                [float(np.max(r[5])) for r in rows],
                [r[6] if len(r) > 6 else None for r in rows], path, name,
                [r[1] == 'Human' for r in rows])
        return out
    with open(path) as f:
        images = json.load(f)
    for index, entry in enumerate(images):
        name = entry.get('file_name')
        if name not in out and skip_other_images:
            continue
        if name not in out:
            raise ValueError(f'{path}: image {index}: `file_name` {name!r} is not in the '
                             'annotation file')
        rows = entry.get('detections', [])
        try:
            out[name] = make_detections([r['bbox'] for r in rows],
                                        [r['category_id'] for r in rows],
                                        [r['score'] for r in rows],
                                        [r.get('keypoints') for r in rows], path, name)
        except KeyError as error:
            raise ValueError(f'{path}: image {index} ("{name}"): every `detections` entry '
                             f'needs {error}') from None
    return out


def load_ican_negatives(path: str, file_names: List[str]) -> Dict[str, Dict[str, np.ndarray]]:
    """Negative pairs per file name from the iCAN/TIN negative pickle (module docstring).

    Returns, per file name, ``boxes_h`` and ``boxes_o`` ``[M, 4]``, ``hoi`` ``[M]`` (the stored
    HOI class), ``objects`` ``[M]`` (its HICO object), ``keypoints`` ``[M, 17, 3]`` and
    ``has_pose`` ``[M]``; images without negatives are left out.
    """
    classes = hico_det_classes()
    with open(path, 'rb') as f:
        negatives = pickle.load(f, encoding='latin1')
    out = {}
    for name in file_names:
        rows = negatives.get(_ican_image_id(name), [])
        if not rows:
            continue
        try:
            hoi = np.array([int(r[1]) for r in rows], np.int64)
            boxes_h = np.array([r[2] for r in rows], np.float64).reshape(-1, 4)
            boxes_o = np.array([r[3] for r in rows], np.float64).reshape(-1, 4)
        except (IndexError, TypeError, ValueError) as error:
            raise ValueError(f'{path}: image "{name}": every negative needs a HOI class at '
                             f'index 1 and two boxes at 2 and 3 ({error!r})') from None
        bad = np.flatnonzero((hoi < 0) | (hoi >= classes.num_hois))
        if len(bad):
            raise ValueError(f'{path}: image "{name}": negative {bad[0]} has HOI class '
                             f'{hoi[bad[0]]}, expected 0..{classes.num_hois - 1}')
        keypoints = np.zeros((len(rows), 17, 3), np.float64)
        has_pose = np.array([len(r) > 7 and r[7] is not None and len(r[7]) == 51
                             for r in rows], bool)
        for i in np.flatnonzero(has_pose):
            keypoints[i] = np.asarray(rows[i][7], np.float64).reshape(17, 3)
        out[name] = dict(boxes_h=boxes_h, boxes_o=boxes_o, hoi=hoi,
                         objects=classes.hoi_object[hoi], keypoints=keypoints,
                         has_pose=has_pose)
    return out


def load_poses(path: str) -> Dict[str, Tuple[np.ndarray, np.ndarray]]:
    """Pose boxes ``[K, 4]`` and keypoints ``[K, 17, 3]`` per file name of a pose file."""
    with open(path) as f:
        images = json.load(f)
    out = {}
    for index, entry in enumerate(images):
        name = entry.get('file_name') if isinstance(entry, dict) else None
        poses = entry.get('poses', []) if name is not None else []
        try:
            out[name] = (
                np.asarray([p['bbox'] for p in poses], np.float64).reshape(-1, 4),
                np.asarray([p['keypoints'] for p in poses], np.float64).reshape(-1, 17, 3))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f'{path}: image {index} ("{name}"): every `poses` entry needs '
                             f'`bbox` and 51 `keypoints` ({error!r})') from None
    return out


def best_poses(boxes: np.ndarray, pose_boxes: np.ndarray, pose_keypoints: np.ndarray,
               min_iou: float = 0.5) -> Tuple[np.ndarray, np.ndarray]:
    """Keypoints ``[N, 17, 3]`` and found ``[N]`` of each box: the pose whose box overlaps it
    most, if that IoU reaches ``min_iou``."""
    keypoints = np.zeros((len(boxes), 17, 3), np.float64)
    found = np.zeros(len(boxes), bool)
    if len(boxes) == 0 or len(pose_boxes) == 0:
        return keypoints, found
    rows = np.repeat(np.arange(len(boxes)), len(pose_boxes))
    cols = np.tile(np.arange(len(pose_boxes)), len(boxes))
    iou = box_iou_plus_one(boxes[rows].astype(np.float64), pose_boxes[cols])
    iou = iou.reshape(len(boxes), len(pose_boxes))
    found = iou.max(axis=1) >= min_iou
    keypoints[found] = pose_keypoints[iou.argmax(axis=1)[found]]
    return keypoints, found


def attach_poses(detections: Dict[str, Detections], path: str, min_iou: float = 0.5) -> None:
    """Give each detected human (``is_human``) the best-overlapping pose of the pose file
    (in place)."""
    for name, (pose_boxes, pose_keypoints) in load_poses(path).items():
        if name not in detections:
            continue
        det = detections[name]
        humans = np.flatnonzero(det['is_human'])
        keypoints, found = best_poses(det['boxes'][humans], pose_boxes, pose_keypoints, min_iou)
        det['keypoints'][humans[found]] = keypoints[found]
        det['has_pose'][humans[found]] = True
