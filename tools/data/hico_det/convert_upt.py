"""Convert UPT/PViC HICO-DET annotations (fredzzhang/hicodet ``instances_*.json``) to ours.

    python tools/data/hico_det/convert_upt.py instances_test2015.json test_hico.json \
        [--subtract-one]

Input: ``annotation[i]`` = {``boxes_h``, ``boxes_o`` (xyxy), ``hoi`` (0..599), ``object``
(0..79, HICO order), ``verb`` (0..116)} with ``filenames``, ``size``, ``correspondence``.
Output: the PPDM/QPIC list format (``hoi_plugins/formats/hico_det_json.py``);
identical boxes of an image become one instance. ``--subtract-one`` moves 1-based boxes to 0-based.
"""
import argparse
import json
import sys
from typing import Optional, Sequence

import numpy as np

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.utils.cli import debug_parser, load_json_file, run_cli

EXPECTED = ('a UPT/PViC instances_*.json (a dict of annotation, filenames, size and '
            'correspondence)')
PAIR_FIELDS = ('boxes_h', 'boxes_o', 'hoi', 'object', 'verb')


def check_upt(data: dict, source: str) -> None:
    """Raise naming ``source`` and the item unless the lists and the pair fields line up."""
    for field in ('annotation', 'filenames', 'size', 'correspondence'):
        if not isinstance(data.get(field), list):
            raise KeyError(f'{source}: no list "{field}"; expected {EXPECTED}')
    lengths = {field: len(data[field]) for field in ('annotation', 'filenames', 'size')}
    if len(set(lengths.values())) > 1:
        raise ValueError(f'{source}: "annotation", "filenames" and "size" must have one entry '
                         f'per image, got {lengths}')
    for index, anno in enumerate(data['annotation']):
        item = f'{source}: annotation[{index}] ("{data["filenames"][index]}")'
        missing = [field for field in PAIR_FIELDS if field not in anno]
        if missing:
            raise KeyError(f'{item}: no field "{missing[0]}"')
        counts = {field: len(anno[field]) for field in PAIR_FIELDS}
        if len(set(counts.values())) > 1:
            raise ValueError(f'{item}: {", ".join(PAIR_FIELDS)} need one entry per pair, '
                             f'got {counts}')
        if len(data['size'][index]) != 2:
            raise ValueError(f'{source}: size[{index}] must be [width, height], got '
                             f'{data["size"][index]}')


def _instances(boxes: np.ndarray, labels: np.ndarray):
    """Unique (box, label) rows in first-seen order and the index of each input row."""
    keys = np.concatenate([boxes, labels[:, None]], axis=1)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[inverse.reshape(-1)]


def convert_upt(data: dict, subtract_one: bool = False) -> list:
    """Our annotation list from the loaded UPT/PViC JSON."""
    classes = hico_det_classes()
    corr = np.asarray(data['correspondence'], dtype=np.int64)  # [600, 3] hoi, object, verb
    mismatch = ((classes.hoi_object[corr[:, 0]] != corr[:, 1])
                | (classes.hoi_verb[corr[:, 0]] != corr[:, 2] + 1))
    if mismatch.any():
        raise ValueError(f'`correspondence` row {np.flatnonzero(mismatch)[0]} differs from the '
                         'shipped HICO-DET class table')
    shift = 1.0 if subtract_one else 0.0
    images = []
    for index, (name, anno) in enumerate(zip(data['filenames'], data['annotation'])):
        boxes_h = np.asarray(anno['boxes_h'], dtype=np.float64).reshape(-1, 4) - shift
        boxes_o = np.asarray(anno['boxes_o'], dtype=np.float64).reshape(-1, 4) - shift
        objects = np.asarray(anno['object'], dtype=np.int64)
        verbs = np.asarray(anno['verb'], dtype=np.int64)
        hois = np.asarray(anno['hoi'], dtype=np.int64)
        if len(hois) and (classes.hoi_verb[hois] != verbs + 1).any():
            raise ValueError(f'annotation[{index}] ("{name}"): `hoi` and `verb` disagree')
        labels = np.concatenate([np.zeros(len(boxes_h), np.int64),
                                 classes.object_coco_ids[objects]])
        keep, row = _instances(np.concatenate([boxes_h, boxes_o]), labels)
        all_boxes = np.concatenate([boxes_h, boxes_o])
        instances = [dict(bbox=all_boxes[k].tolist(),
                          category_id=int(labels[k]) if k >= len(boxes_h) else 1)
                     for k in keep]
        pairs = [dict(subject_id=int(row[p]), object_id=int(row[len(boxes_h) + p]),
                      category_id=int(verbs[p] + 1)) for p in range(len(hois))]
        width, height = data['size'][index]
        images.append(dict(file_name=name, width=int(width), height=int(height),
                           annotations=instances, hoi_annotation=pairs))
    return images


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                     parents=[debug_parser()])
    parser.add_argument('src', help='UPT/PViC instances_*.json')
    parser.add_argument('dst', help='output JSON in our format')
    parser.add_argument('--subtract-one', action='store_true',
                        help='subtract 1 from every box coordinate (1-based to 0-based)')
    args = parser.parse_args(argv)
    data = load_json_file(args.src, dict, EXPECTED)
    check_upt(data, args.src)
    try:
        images = convert_upt(data, args.subtract_one)
    except (ValueError, IndexError) as error:  # the class-table checks of convert_upt
        raise ValueError(f'{args.src}: {error}') from error
    with open(args.dst, 'w') as f:
        json.dump(images, f)
    print(f'{len(images)} images, {sum(len(i["hoi_annotation"]) for i in images)} pairs '
          f'-> {args.dst}')


if __name__ == '__main__':
    sys.exit(run_cli(main))
