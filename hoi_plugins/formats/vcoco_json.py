"""Reading and checking our V-COCO JSON files (written by ``tools/data/vcoco/``).

Annotation file: a list, per image ``file_name``, ``image_id`` (COCO), ``annotations``
[{``bbox`` x1 y1 x2 y2, ``category_id`` COCO id}] (every COCO instance of the image),
``vcoco_subjects`` (indices of the persons annotated in V-COCO; other persons are ignored as
in ``vsrl_eval.py``) and ``hoi_annotation`` [{``subject_id``, ``object_id`` (-1: no role
object), ``category_id`` action id 1..26, ``role`` (``agent``, ``obj`` or ``instr``)}].

Prediction file: aligned by ``file_name``; per image ``predictions`` [{``bbox``,
``category_id``}] and ``hoi_prediction`` [{``subject_id``, ``object_id`` (-1: no role box),
``category_id`` action id, ``role``, ``score``}].
"""
from typing import List, Optional, Tuple

import numpy as np

from hoi_plugins.class_tables import VCOCOClasses, vcoco_classes
from hoi_plugins.formats.hico_det_json import (check_instance_ids, image_error,
                                                               read_boxes, read_fields)
from hoi_plugins.evaluation.functional.vcoco import VCOCOImageGT, VCOCOImagePred


def _role_index(entries: list, actions: np.ndarray, classes: VCOCOClasses, source: str,
                image: int, name: str, field: str) -> np.ndarray:
    """Index of each entry's role among the action's roles after ``agent`` (-1 for agent)."""
    out = np.empty(len(actions), dtype=np.int64)
    for k, (entry, action) in enumerate(zip(entries, actions)):
        names = classes.roles[action]
        role = entry.get('role', 'agent')
        if role not in names:
            raise image_error(source, image, name,
                              f'`{field}[{k}].role` = {role!r} is not a role of '
                              f'action {classes.actions[action]!r} ({names})')
        out[k] = names.index(role) - 1
    return out


def _parse_image(entry: dict, boxes_field: str, pairs_field: str, with_score: bool,
                 classes: VCOCOClasses, source: str, image: int):
    name = entry['file_name']
    instances = entry.get(boxes_field, [])
    pairs = entry.get(pairs_field, [])
    boxes = read_boxes(instances, source, image, name, boxes_field)
    categories = np.array([e.get('category_id', -1) for e in instances], dtype=np.int64)
    keys = ('subject_id', 'object_id', 'category_id') + (('score', ) if with_score else ())
    values = read_fields(pairs, keys, source, image, name, pairs_field)
    subject, obj, action = values[:, :3].astype(np.int64).T
    check_instance_ids(((subject, 'subject_id', 0), (obj, 'object_id', -1)), len(instances),
                       source, image, name, pairs_field, boxes_field)
    bad = np.flatnonzero((action < 1) | (action > len(classes.actions)))
    if len(bad):
        raise image_error(source, image, name, f'`{pairs_field}[{bad[0]}].category_id` = '
                    f'{action[bad[0]]} is not an action id (1..{len(classes.actions)})')
    role = _role_index(pairs, action - 1, classes, source, image, name, pairs_field)
    score = values[:, 3] if with_score else None
    return name, boxes, categories, subject, obj, action - 1, role, score


def parse_vcoco_annotations(images: list, source: str,
                            classes: Optional[VCOCOClasses] = None
                            ) -> Tuple[List[str], List[VCOCOImageGT]]:
    """File names and per-image ground truth of a V-COCO annotation list."""
    classes = classes or vcoco_classes()
    num_actions = len(classes.actions)
    names, gts = [], []
    for index, entry in enumerate(images):
        if not isinstance(entry, dict) or 'file_name' not in entry:
            raise ValueError(f'{source}: image {index}: needs a `file_name` field')
        name, boxes, categories, subject, obj, action, role, _ = _parse_image(
            entry, 'annotations', 'hoi_annotation', False, classes, source, index)
        persons = np.flatnonzero(categories == 1)
        row = np.full(len(boxes), -1, dtype=np.int64)
        row[persons] = np.arange(len(persons))
        if (row[subject] < 0).any():
            raise image_error(source, index, name, '`hoi_annotation.subject_id` must be a person')
        actions = -np.ones((len(persons), num_actions), dtype=np.int64)
        annotated = np.asarray(entry.get('vcoco_subjects', []), dtype=np.int64)
        actions[row[annotated]] = 0
        actions[row[subject], action] = 1
        role_boxes = -np.ones((len(persons), num_actions, 2, 4))
        has_role = (role >= 0) & (obj >= 0)
        role_boxes[row[subject[has_role]], action[has_role], role[has_role]] = boxes[obj[has_role]]
        names.append(name)
        gts.append(VCOCOImageGT(boxes[persons], actions, role_boxes))
    return names, gts


def parse_vcoco_predictions(predictions: list, source: str, file_names: List[str],
                            classes: Optional[VCOCOClasses] = None) -> List[VCOCOImagePred]:
    """Per-image predictions aligned with ``file_names``; agent-only rows are not scored."""
    classes = classes or vcoco_classes()
    position = {name: i for i, name in enumerate(file_names)}
    out: List[Optional[VCOCOImagePred]] = [None] * len(file_names)
    for index, entry in enumerate(predictions):
        name = entry.get('file_name') if isinstance(entry, dict) else None
        if name not in position:
            raise ValueError(f'{source}: image {index}: `file_name` {name!r} is not in the '
                             'annotation file')
        if out[position[name]] is not None:
            raise image_error(source, index, name, '`file_name` appears twice')
        _, boxes, _, subject, obj, action, role, score = _parse_image(
            entry, 'predictions', 'hoi_prediction', True, classes, source, index)
        scored = role >= 0
        role_boxes = np.where((obj >= 0)[:, None], boxes[np.maximum(obj, 0)], 0.0)
        out[position[name]] = VCOCOImagePred(boxes[subject[scored]], action[scored],
                                             role[scored], role_boxes[scored], score[scored])
    missing = [i for i, p in enumerate(out) if p is None]
    if missing:
        raise ValueError(f'{source}: `file_name` of {len(missing)} annotated images missing, '
                         f'first: image {missing[0]} ("{file_names[missing[0]]}")')
    return out
