"""Detections and poses from files, as test-time inputs of pair-based HOI detectors.

Detections, either
- a JSON list, per image ``file_name`` and ``detections`` [{``bbox`` xyxy, ``category_id``
  (COCO id), ``score``, optional ``keypoints`` (17 x (x, y, score) flat)}], or
- the iCAN/TIN test pickle (``Test_Faster_RCNN_R-50-PFN_2x_HICO_DET.pkl``): a dict image id ->
  list of ``[image_id, 'Human' | 'Object', box, _, class (1..80, COCO order), score,
  keypoints (optional)]``; the image id is the number in the HICO file name.

Poses: a JSON list, per image ``file_name`` and ``poses`` [{``bbox``, ``keypoints``}]; each
detected human takes the pose whose box overlaps it most (IoU >= 0.5).
"""
import json
import pickle
import re
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.datasets.transforms.sample_hoi_pairs import box_iou

Detections = Dict[str, np.ndarray]


def empty_detections() -> Detections:
    return dict(boxes=np.zeros((0, 4), np.float32), objects=np.zeros(0, np.int64),
                scores=np.zeros(0, np.float32), keypoints=np.zeros((0, 17, 3), np.float32),
                has_pose=np.zeros(0, bool))


def make_detections(boxes, coco_ids, scores, keypoints: List[Optional[list]], source: str,
                    name: str) -> Detections:
    """Checked arrays of one image's detections."""
    coco_to_object = hico_det_classes().coco_to_object()
    boxes = np.asarray(boxes, dtype=np.float32).reshape(-1, 4)
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
    kpts = np.zeros((len(boxes), 17, 3), np.float32)
    has_pose = np.array([k is not None and len(k) == 51 for k in keypoints], dtype=bool)
    for i in np.flatnonzero(has_pose):
        kpts[i] = np.asarray(keypoints[i], dtype=np.float32).reshape(17, 3)
    return dict(boxes=boxes, objects=coco_to_object[coco_ids],
                scores=np.asarray(scores, np.float32).reshape(-1), keypoints=kpts,
                has_pose=has_pose)


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
                [r[6] if len(r) > 6 else None for r in rows], path, name)
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


def attach_poses(detections: Dict[str, Detections], path: str, person_object: int,
                 min_iou: float = 0.5) -> None:
    """Give each detected human the best-overlapping pose of the pose file (in place)."""
    with open(path) as f:
        images = json.load(f)
    for index, entry in enumerate(images):
        name = entry.get('file_name')
        if name not in detections:
            continue
        det = detections[name]
        poses = entry.get('poses', [])
        if not poses:
            continue
        try:
            pose_boxes = np.asarray([p['bbox'] for p in poses], np.float64).reshape(-1, 4)
            pose_kpts = np.asarray([p['keypoints'] for p in poses], np.float32).reshape(-1, 17, 3)
        except (KeyError, ValueError) as error:
            raise ValueError(f'{path}: image {index} ("{name}"): every `poses` entry needs '
                             f'`bbox` and 51 `keypoints` ({error!r})') from None
        for i in np.flatnonzero(det['objects'] == person_object):
            iou = box_iou(np.repeat(det['boxes'][i:i + 1].astype(np.float64), len(poses), 0),
                          pose_boxes)
            if iou.max() >= min_iou:
                det['keypoints'][i] = pose_kpts[iou.argmax()]
                det['has_pose'][i] = True
