"""Reading and checking the de-facto standard HICO-DET JSON files (PPDM/QPIC/CDN format).

Annotation file (``trainval_hico.json`` / ``test_hico.json``): a list, per image ``file_name``,
``annotations`` [{``bbox`` x1 y1 x2 y2, ``category_id`` COCO id}], ``hoi_annotation``
[{``subject_id``, ``object_id`` (indices into ``annotations``), ``category_id`` verb id 1..117}],
and, when our converter wrote it, ``image_level_objects``: the COCO ids of the objects with a
positive image-level label in ``anno.mat`` (the Known-Object image sets of the official code).

Prediction file: a list aligned with the annotation file by ``file_name``, per image
``predictions`` [{``bbox``, ``category_id``}] and ``hoi_prediction`` [{``subject_id``,
``object_id``, ``category_id`` verb id, ``score``}].

Every error names the file, the image and the field.
"""
import warnings
from pathlib import Path
from typing import List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from hoi_plugins.class_tables import HICODetClasses, hico_det_classes
from hoi_plugins.evaluation.functional.hico_det import HOIPairs
from hoi_plugins.formats.json_text import parse_json


class HICODetGroundTruth(NamedTuple):
    """Ground truth of an image set in array form.

    Attributes:
        file_names (list[str]): image file names, the image index order.
        pairs (HOIPairs): the annotated pairs (no scores).
        known_objects (np.ndarray): ``[num_images, 80]`` bool objects of each image for the
            Known-Object setting.
        known_from_labels (bool): True when every image carried ``image_level_objects`` (exact
            official Known-Object sets); False when they were taken from the annotated pairs.
    """
    file_names: List[str]
    pairs: HOIPairs
    known_objects: np.ndarray
    known_from_labels: bool


def load_json(path: Union[str, Path]) -> list:
    """A JSON list from ``path``, with the path in the error when it is not one."""
    data = parse_json(Path(path).read_bytes())
    if not isinstance(data, list):
        raise ValueError(f'{path}: expected a list of images, got {type(data).__name__}')
    return data


def image_error(source: str, image: int, name: str, message: str) -> ValueError:
    return ValueError(f'{source}: image {image} ("{name}"): {message}')


def read_boxes(entries: list, source: str, image: int, name: str, field: str,
               allow_flipped: bool = False) -> np.ndarray:
    """``[N, 4]`` boxes of ``entries``; each needs 4 numbers, and x1 <= x2 and y1 <= y2 unless
    ``allow_flipped``."""
    try:
        boxes = np.array([e['bbox'] for e in entries], dtype=np.float64).reshape(-1, 4)
    except (KeyError, TypeError, ValueError) as error:
        raise image_error(source, image, name, f'`{field}` needs a `bbox` of 4 numbers in every '
                    f'entry ({error!r})') from None
    bad = np.flatnonzero((boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1]))
    if len(bad) and not allow_flipped:
        raise image_error(source, image, name,
                          f'`{field}[{bad[0]}].bbox` = {boxes[bad[0]].tolist()} '
                          'has x2 < x1 or y2 < y1')
    return boxes


def read_fields(entries: list, keys: Sequence[str], source: str, image: int, name: str,
                 field: str) -> np.ndarray:
    try:
        return np.array([[e[k] for k in keys] for e in entries],
                        dtype=np.float64).reshape(-1, len(keys))
    except (KeyError, TypeError, ValueError) as error:
        raise image_error(source, image, name,
                    f'every `{field}` entry needs {", ".join(keys)} ({error!r})') from None


def check_instance_ids(id_fields: Sequence[Tuple[np.ndarray, str, int]], num_instances: int,
                       source: str, image: int, name: str, pairs_field: str,
                       boxes_field: str) -> None:
    """Raise, naming the first pair, unless every ``ids`` of ``(ids, key, low)`` is in
    ``[low, num_instances)``."""
    for ids, key, low in id_fields:
        bad = np.flatnonzero((ids < low) | (ids >= num_instances))
        if len(bad):
            raise image_error(source, image, name,
                              f'`{pairs_field}[{bad[0]}].{key}` = {ids[bad[0]]} is out of range '
                              f'(the image has {num_instances} `{boxes_field}`)')


def _triplets(image_entry: dict, boxes_field: str, pairs_field: str, with_score: bool,
              classes: HICODetClasses, coco_to_object: np.ndarray, source: str, image: int,
              name: str, drop_unknown_hoi: bool, allow_flipped: bool = False):
    """Boxes, HOI classes and scores of one image's pairs, checked."""
    instances = image_entry.get(boxes_field, [])
    pairs = image_entry.get(pairs_field, [])
    boxes = read_boxes(instances, source, image, name, boxes_field, allow_flipped)
    try:
        categories = np.array([e['category_id'] for e in instances], dtype=np.int64)
    except (KeyError, TypeError, ValueError) as error:
        raise image_error(source, image, name,
                    f'every `{boxes_field}` entry needs a `category_id` ({error!r})') from None
    keys = ('subject_id', 'object_id', 'category_id') + (('score', ) if with_score else ())
    values = read_fields(pairs, keys, source, image, name, pairs_field)
    subject, obj, verb = values[:, :3].astype(np.int64).T
    check_instance_ids(((subject, 'subject_id', 0), (obj, 'object_id', 0)), len(instances),
                       source, image, name, pairs_field, boxes_field)
    bad = np.flatnonzero((verb < 1) | (verb > len(classes.verbs)))
    if len(bad):
        raise image_error(source, image, name, f'`{pairs_field}[{bad[0]}].category_id` = '
                    f'{verb[bad[0]]} is not a verb id (1..{len(classes.verbs)})')
    in_table = (categories >= 0) & (categories < len(coco_to_object))
    known = in_table.copy()
    known[in_table] = coco_to_object[categories[in_table]] >= 0
    bad = np.flatnonzero(~known)
    if len(bad):
        raise image_error(source, image, name, f'`{boxes_field}[{bad[0]}].category_id` = '
                    f'{categories[bad[0]]} is not a HICO-DET object (COCO category id)')
    hoi = classes.hoi_index[verb, categories[obj]]
    invalid = hoi < 0
    if invalid.any() and not drop_unknown_hoi:
        first = np.flatnonzero(invalid)[0]
        raise image_error(source, image, name,
                    f'`{pairs_field}[{first}]`: verb {verb[first]} with object '
                    f'{categories[obj[first]]} is not one of the 600 HOI classes')
    valid = ~invalid
    score = values[valid, 3] if with_score else None
    return (boxes[subject[valid]], boxes[obj[valid]], hoi[valid], score,
            coco_to_object[categories])


def parse_hico_det_annotations(images: list, source: str,
                               classes: Optional[HICODetClasses] = None) -> HICODetGroundTruth:
    """Check an annotation list and turn it into arrays (see the module docstring)."""
    classes = classes or hico_det_classes()
    coco_to_object = classes.coco_to_object()
    for index, entry in enumerate(images):
        if not isinstance(entry, dict) or 'file_name' not in entry:
            raise ValueError(f'{source}: image {index}: needs a `file_name` field')
    names = [entry['file_name'] for entry in images]
    image, hoi, boxes_h, boxes_o, _ = _all_pairs(images, 'annotations', 'hoi_annotation', False,
                                                 classes, coco_to_object, source, False)
    pairs = HOIPairs(image, hoi, boxes_h, boxes_o)
    known = np.zeros((len(images), len(classes.objects)), dtype=bool)
    known[image, classes.hoi_object[hoi]] = True  # the annotated pairs' objects
    labelled = [i for i, entry in enumerate(images) if 'image_level_objects' in entry]
    from_labels = len(labelled) == len(images)
    for index in labelled:
        name = images[index]['file_name']
        labels = np.asarray(images[index]['image_level_objects'], dtype=np.int64).reshape(-1)
        bad = (labels < 0) | (labels >= len(coco_to_object))
        bad[~bad] = coco_to_object[labels[~bad]] < 0
        if bad.any():
            raise image_error(source, index, name, f'`image_level_objects` holds '
                              f'{labels[bad][0]}, not a HICO-DET object (COCO category id)')
        row = np.zeros(len(classes.objects), dtype=bool)
        row[coco_to_object[labels]] = True
        if (known[index] & ~row).any():
            raise image_error(source, index, name, '`image_level_objects` misses the '
                              'object of an annotated pair')
        known[index] = row
    if len(set(names)) != len(names):
        raise ValueError(f'{source}: `file_name` values are not unique')
    return HICODetGroundTruth(names, pairs, known, from_labels)


def _flat_pairs(images: list, boxes_field: str, pairs_field: str, with_score: bool,
                classes: HICODetClasses, coco_to_object: np.ndarray,
                drop_unknown_hoi: bool, allow_flipped: bool = False) -> Optional[tuple]:
    """All images' pairs at once: (entry index, HOI class, human boxes, object boxes, scores)
    per valid pair, or None when anything is off (the per-image path then names the error)."""
    keys = ('subject_id', 'object_id', 'category_id') + (('score', ) if with_score else ())
    try:
        instances = [e.get(boxes_field, []) for e in images]
        pairs = [e.get(pairs_field, []) for e in images]
        num_inst = np.array([len(i) for i in instances], np.int64)
        num_pairs = np.array([len(p) for p in pairs], np.int64)
        boxes = np.array([a['bbox'] for i in instances for a in i], np.float64).reshape(-1, 4)
        categories = np.array([a['category_id'] for i in instances for a in i], np.int64)
        values = np.array([tuple(p[k] for k in keys) for ps in pairs for p in ps],
                          np.float64).reshape(-1, len(keys))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if len(boxes) != num_inst.sum() or len(values) != num_pairs.sum():
        return None
    entry = np.repeat(np.arange(len(images)), num_pairs)  # [N]
    first = np.repeat(np.cumsum(num_inst) - num_inst, num_pairs)  # [N] offset of the image
    count = num_inst[entry]
    subject, obj, verb = values[:, :3].astype(np.int64).T
    in_table = (categories >= 0) & (categories < len(coco_to_object))
    flipped = (boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1])
    if (flipped.any() and not allow_flipped) or not in_table.all() \
            or (coco_to_object[categories] < 0).any() or (subject < 0).any() \
            or (subject >= count).any() or (obj < 0).any() or (obj >= count).any() \
            or (verb < 1).any() or (verb > len(classes.verbs)).any():
        return None
    hoi = classes.hoi_index[verb, categories[first + obj]]
    valid = hoi >= 0
    if not (drop_unknown_hoi or valid.all()):
        return None
    return (entry[valid], hoi[valid], boxes[(first + subject)[valid]],
            boxes[(first + obj)[valid]], values[valid, 3] if with_score else None)


def _all_pairs(images: list, boxes_field: str, pairs_field: str, with_score: bool,
               classes: HICODetClasses, coco_to_object: np.ndarray, source: str,
               drop_unknown_hoi: bool, allow_flipped: bool = False) -> tuple:
    """(entry index, HOI class, human boxes, object boxes, scores or None) of all images' valid
    pairs: the vectorised :func:`_flat_pairs`, or, when anything is malformed, the checked
    per-image :func:`_triplets` that find and name it."""
    flat = _flat_pairs(images, boxes_field, pairs_field, with_score, classes, coco_to_object,
                       drop_unknown_hoi, allow_flipped)
    if flat is not None:
        return flat
    parts = [_triplets(entry, boxes_field, pairs_field, with_score, classes, coco_to_object,
                       source, index, entry['file_name'], drop_unknown_hoi, allow_flipped)
             for index, entry in enumerate(images)]
    entry = np.concatenate([np.full(len(p[2]), i) for i, p in enumerate(parts)]
                           + [np.zeros(0, np.int64)]).astype(np.int64)
    score = np.concatenate([p[3] for p in parts] + [np.zeros(0)]) if with_score else None
    return (entry, np.concatenate([p[2] for p in parts] + [np.zeros(0, np.int64)]),
            np.concatenate([p[0] for p in parts] + [np.zeros((0, 4))]),
            np.concatenate([p[1] for p in parts] + [np.zeros((0, 4))]), score)


def parse_hico_det_predictions(predictions: list, source: str, file_names: List[str],
                               classes: Optional[HICODetClasses] = None,
                               strict: bool = False) -> HOIPairs:
    """Check a prediction list against the image set ``file_names`` and turn it into arrays.

    Pairs whose (verb, object) is not one of the 600 classes are dropped (systems that score
    all 117 verbs for every pair produce them); unknown ids are errors. Boxes with x2 < x1 or
    y2 < y1 are scored as the official benchmark scores them (its IoU formula, almost always a
    miss), with one warning that counts the pairs holding one; ``strict`` refuses them.
    """
    classes = classes or hico_det_classes()
    coco_to_object = classes.coco_to_object()
    position = {name: i for i, name in enumerate(file_names)}
    seen = np.zeros(len(file_names), dtype=bool)
    images = np.zeros(len(predictions), dtype=np.int64)
    for index, entry in enumerate(predictions):
        name = entry.get('file_name') if isinstance(entry, dict) else None
        if name not in position:
            raise ValueError(f'{source}: image {index}: `file_name` {name!r} is not in the '
                             'annotation file')
        images[index] = position[name]
        if seen[images[index]]:
            raise image_error(source, index, name, '`file_name` appears twice')
        seen[images[index]] = True
    if not seen.all():
        missing = np.flatnonzero(~seen)
        raise ValueError(f'{source}: `file_name` of {len(missing)} annotated images missing, '
                         f'first: image {missing[0]} ("{file_names[missing[0]]}")')
    entry, hoi, boxes_h, boxes_o, score = _all_pairs(
        predictions, 'predictions', 'hoi_prediction', True, classes, coco_to_object, source, True,
        allow_flipped=not strict)
    flipped = np.zeros(len(hoi), dtype=bool)
    for boxes in (boxes_h, boxes_o):
        flipped |= (boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1])
    if flipped.any():
        warnings.warn(f'{source}: {int(flipped.sum())} predicted pairs have a box with x2 < x1 '
                      'or y2 < y1; they are scored as the official benchmark scores them (use '
                      'strict mode, `eval_hoi.py --strict`, to refuse them)', stacklevel=2)
    # image order, then the order inside each image: the order MATLAB keeps on score ties
    pairs = HOIPairs(images[entry], hoi, boxes_h, boxes_o, score)
    return pairs.select(np.argsort(pairs.image, kind='stable'))
