"""Reading and checking our V-COCO JSON files (written by ``tools/data/vcoco/``).

Annotation file: a list, per image ``file_name``, ``image_id`` (COCO), ``annotations``
[{``bbox`` x1 y1 x2 y2, ``category_id`` COCO id}] (every COCO instance of the image),
``vcoco_subjects`` (indices of the persons annotated in V-COCO; other persons are ignored as
in ``vsrl_eval.py``) and ``hoi_annotation`` [{``subject_id``, ``object_id`` (-1: no role
object), ``category_id`` action id 1..26, ``role`` (``agent``, ``obj`` or ``instr``)}].

Prediction file: by ``file_name`` (images may be left out); per image ``predictions``
[{``bbox``, ``category_id``}] and ``hoi_prediction`` [{``subject_id``, ``object_id`` (-1: no
role box), ``category_id`` action id, ``role`` (``agent`` for the agent score of the action),
``score``}], in the order of the official detection list (it decides ties).
"""
import operator
from typing import List, Optional, Tuple

import numpy as np

from hoi_plugins.class_tables import VCOCOClasses, vcoco_classes
from hoi_plugins.formats.hico_det_json import (check_instance_ids, image_error,
                                                               read_boxes, read_fields)
from hoi_plugins.evaluation.functional.vcoco import VCOCOImageGT, VCOCOImagePred


def _role_index(entries: list, action_ids: np.ndarray, lookup: dict, classes: VCOCOClasses,
                source: str, image: int, name: str, field: str) -> np.ndarray:
    """Index of each entry's role among the action's roles after ``agent`` (-1 for agent);
    ``lookup`` is :func:`_role_lookup`'s."""
    keys = list(zip(action_ids.tolist(), (e.get('role', 'agent') for e in entries)))
    try:
        return np.array([lookup[key] for key in keys], dtype=np.int64)
    except (KeyError, TypeError):
        k = next(k for k, key in enumerate(keys) if key not in lookup)
        action, role = keys[k]
        raise image_error(source, image, name,
                          f'`{field}[{k}].role` = {role!r} is not a role of action '
                          f'{classes.actions[action - 1]!r} ({classes.roles[action - 1]})'
                          ) from None


def _parse_image(entry: dict, boxes_field: str, pairs_field: str, with_score: bool,
                 classes: VCOCOClasses, lookup: dict, source: str, image: int):
    name = entry['file_name']
    instances = entry.get(boxes_field, [])
    pairs = entry.get(pairs_field, [])
    if with_score:  # predicted boxes are scored as they are, as vsrl_eval.py does
        try:
            boxes = np.array([e['bbox'] for e in instances], dtype=np.float64).reshape(-1, 4)
        except (KeyError, TypeError, ValueError) as error:
            raise image_error(source, image, name, f'`{boxes_field}` needs a `bbox` of 4 '
                              f'numbers in every entry ({error!r})') from None
    else:
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
    role = _role_index(pairs, action, lookup, classes, source, image, name, pairs_field)
    score = values[:, 3] if with_score else None
    return name, boxes, categories, subject, obj, action - 1, role, score


def parse_vcoco_annotations(images: list, source: str,
                            classes: Optional[VCOCOClasses] = None
                            ) -> Tuple[List[str], List[VCOCOImageGT]]:
    """File names and per-image ground truth of a V-COCO annotation list."""
    classes = classes or vcoco_classes()
    num_actions = len(classes.actions)
    lookup = _role_lookup(classes)
    names, gts = [], []
    for index, entry in enumerate(images):
        if not isinstance(entry, dict) or 'file_name' not in entry:
            raise ValueError(f'{source}: image {index}: needs a `file_name` field')
        name, boxes, categories, subject, obj, action, role, _ = _parse_image(
            entry, 'annotations', 'hoi_annotation', False, classes, lookup, source, index)
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


def _role_lookup(classes: VCOCOClasses) -> dict:
    """``{(action id, role name): role index}`` (-1 for ``agent``)."""
    return {(a + 1, role): r - 1 for a, names in enumerate(classes.roles)
            for r, role in enumerate(names)}


_ROW_FIELDS = operator.itemgetter('subject_id', 'object_id', 'category_id', 'score', 'role')


def _prediction_rows(entry: dict, lookup: dict) -> Optional[tuple]:
    """Boxes, subject, object, action, role and score of one image's predictions, read
    column by column; None when anything is malformed or a row has no ``role`` (the checked
    reader then names the problem, or reads the rows one by one)."""
    try:
        boxes = np.array([e['bbox'] for e in entry.get('predictions', [])],
                         dtype=np.float64).reshape(-1, 4)
        rows = entry.get('hoi_prediction', [])
        if not rows:
            return boxes, *np.zeros((4, 0), np.int64), np.zeros(0)
        subject, obj, action, score, role = zip(*map(_ROW_FIELDS, rows))
        role = np.array(list(map(lookup.get, zip(action, role))), dtype=np.int64)
        subject, obj, action = (np.array(column, dtype=np.int64)
                                for column in (subject, obj, action))
        score = np.array(score, dtype=np.float64)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if ((subject < 0).any() or (subject >= len(boxes)).any() or (obj < -1).any()
            or (obj >= len(boxes)).any()):
        return None
    return boxes, subject, obj, action - 1, role, score


def parse_vcoco_predictions(predictions: list, source: str, file_names: List[str],
                            classes: Optional[VCOCOClasses] = None
                            ) -> List[Optional[VCOCOImagePred]]:
    """Per-image predictions aligned with ``file_names`` (None for images the file does not
    list, as ``vsrl_eval.py`` allows). Rows keep the file's order (it decides ties); ``agent``
    rows carry the agent score (role -1) and a row without role object (``object_id`` -1) a
    NaN role box, as the official detections write it."""
    classes = classes or vcoco_classes()
    lookup = _role_lookup(classes)
    position = {name: i for i, name in enumerate(file_names)}
    out: List[Optional[VCOCOImagePred]] = [None] * len(file_names)
    for index, entry in enumerate(predictions):
        name = entry.get('file_name') if isinstance(entry, dict) else None
        if name not in position:
            raise ValueError(f'{source}: image {index}: `file_name` {name!r} is not in the '
                             'annotation file')
        if out[position[name]] is not None:
            raise image_error(source, index, name, '`file_name` appears twice')
        parsed = _prediction_rows(entry, lookup)
        if parsed is None:  # something is wrong: the checked reader names it
            parsed = _parse_image(entry, 'predictions', 'hoi_prediction', True, classes,
                                  lookup, source, index)[1:]
            parsed = (parsed[0], ) + parsed[2:]
        boxes, subject, obj, action, role, score = parsed
        role_boxes = boxes[np.maximum(obj, 0)] if len(boxes) else np.zeros((len(obj), 4))
        role_boxes[obj < 0] = np.nan
        out[position[name]] = VCOCOImagePred(boxes[subject], action, role, role_boxes, score)
    return out


def _box_key(box: np.ndarray) -> tuple:
    return tuple(float(v) for v in box)


def official_detections_to_predictions(detections: list, images: list, source: str,
                                       classes: Optional[VCOCOClasses] = None) -> list:
    """Our prediction list from the detection list ``vsrl_eval.py`` reads.

    The official list holds one dict per detected person: ``image_id`` (COCO), ``person_box``
    (x1 y1 x2 y2) and, for every action, ``<action>_agent`` (a score) and
    ``<action>_<role>`` for its other roles (``[x1, y1, x2, y2, score]``; a NaN box: no role
    object). Rows keep the detection order and values exactly (no rounding): scored by
    :func:`~hoi_plugins.evaluation.functional.vcoco.vcoco_eval` they give the official numbers.
    Rows with a NaN score (never scored officially) are left out; a role box of NaN only is
    ``object_id`` -1.

    Args:
        detections (list): the official detection list (e.g. loaded from its pickle).
        images (list): our annotation list; gives the ``file_name`` of each ``image_id``.
        source (str): the detection file's name, for error messages.
        classes (VCOCOClasses, optional): Defaults to the shipped table.

    Returns:
        list: per image with detections, in order of first appearance, ``file_name``,
        ``predictions`` and ``hoi_prediction`` (format of this module).
    """
    classes = classes or vcoco_classes()
    names = {int(e['image_id']): e['file_name'] for e in images}
    out, by_image = [], {}
    for k, det in enumerate(detections):
        try:
            image_id = int(det['image_id'])
            person = np.asarray(det['person_box'], np.float64).reshape(4)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f'{source}: detection {k} needs `image_id` and a 4-number '
                             f'`person_box` ({error!r})') from None
        if image_id not in names:
            raise ValueError(f'{source}: detection {k}: `image_id` {image_id} is not in the '
                             'annotation file')
        if image_id not in by_image:
            by_image[image_id] = (dict(file_name=names[image_id], predictions=[],
                                       hoi_prediction=[]), {})
            out.append(by_image[image_id][0])
        entry, index = by_image[image_id]

        def instance(box: np.ndarray, category: int) -> int:
            key = (category, ) + _box_key(box)
            if key not in index:
                index[key] = len(entry['predictions'])
                entry['predictions'].append(dict(bbox=list(key[1:]), category_id=category))
            return index[key]

        subject = instance(person, 1)
        rows = entry['hoi_prediction']
        for a, (action, roles) in enumerate(zip(classes.actions, classes.roles)):
            for role in roles:
                field = f'{action}_{role}'
                try:
                    value = np.asarray(det[field], np.float64).reshape(-1)
                except KeyError:
                    raise ValueError(f'{source}: detection {k} (image_id {image_id}) has no '
                                     f'`{field}`') from None
                if value.size != (1 if role == 'agent' else 5):
                    raise ValueError(f'{source}: detection {k} (image_id {image_id}): '
                                     f'`{field}` has {value.size} numbers, expected '
                                     f'{1 if role == "agent" else 5}')
                if np.isnan(value[-1]):
                    continue
                obj = -1
                if role != 'agent' and not np.all(np.isnan(value[:4])):
                    obj = instance(value[:4], 0)
                rows.append(dict(subject_id=subject, object_id=obj, category_id=a + 1,
                                 role=role, score=float(value[-1])))
    return out
