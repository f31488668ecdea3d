"""Convert the official HICO-DET annotations (``anno_bbox.mat``, ``anno.mat``) to our JSON.

    python tools/data/hico_det/convert_anno_bbox.py data/hico_20160224_det/anno_bbox.mat \
        data/hico_20160224_det/annotations [--anno-mat data/hico_20160224_det/anno.mat]

Writes ``trainval_hico.json`` and ``test_hico.json`` (format: ``hoi_plugins/evaluation/
functional/hico_det_json.py``). Boxes become 0-based pixels (the mat's values minus 1); pairs
marked ``invis`` are left out (the official evaluation skips them); identical boxes of an image
become one instance. With ``--anno-mat`` every image also gets ``image_level_objects``: the
objects of its HOIs with a positive image-level label, the image sets of the official
Known-Object setting.
"""
import argparse
import json
from pathlib import Path
from typing import List, Optional

import numpy as np
import scipy.io as sio

from hoi_plugins.class_tables import hico_det_classes


def _items(value) -> list:
    """A MATLAB struct array (squeezed by scipy) as a list."""
    if isinstance(value, np.ndarray):
        return list(value.reshape(-1))
    return [value]


def _box(struct) -> List[float]:
    return [float(struct.x1) - 1, float(struct.y1) - 1, float(struct.x2) - 1, float(struct.y2) - 1]


def check_action_list(list_action) -> None:
    """The mat's 600 (object, verb) names must equal the shipped table's."""
    classes = hico_det_classes()
    actions = _items(list_action)
    if len(actions) != classes.num_hois:
        raise ValueError(f'list_action has {len(actions)} entries, expected {classes.num_hois}')
    for hoi, action in enumerate(actions):
        verb = classes.verbs[classes.hoi_verb[hoi] - 1]
        obj = classes.objects[classes.hoi_object[hoi]]
        if (str(action.vname), str(action.nname)) != (verb, obj):
            raise ValueError(f'list_action({hoi + 1}) is ({action.vname}, {action.nname}), the '
                             f'shipped table says ({verb}, {obj})')


def convert_split(images, labels: Optional[np.ndarray] = None) -> list:
    """Our image list from ``bbox_train``/``bbox_test`` (+ the image-level ``anno_*``)."""
    classes = hico_det_classes()
    out = []
    for index, image in enumerate(_items(images)):
        instances, keys, pairs = [], {}, []

        def instance(box, category):
            key = (tuple(box), category)
            if key not in keys:
                keys[key] = len(instances)
                instances.append(dict(bbox=box, category_id=category))
            return keys[key]

        for hoi in _items(getattr(image, 'hoi', [])):
            if int(np.asarray(hoi.invis).reshape(-1)[0]) if np.size(hoi.invis) else 0:
                continue
            hoi_id = int(hoi.id) - 1
            humans, objects = _items(hoi.bboxhuman), _items(hoi.bboxobject)
            coco_id = int(classes.object_coco_ids[classes.hoi_object[hoi_id]])
            for h, o in np.asarray(hoi.connection, dtype=np.int64).reshape(-1, 2):
                subject = instance(_box(humans[h - 1]), 1)
                obj = instance(_box(objects[o - 1]), coco_id)
                pairs.append(dict(subject_id=subject, object_id=obj,
                                  category_id=int(classes.hoi_verb[hoi_id])))
        entry = dict(file_name=str(image.filename), width=int(image.size.width),
                     height=int(image.size.height), annotations=instances,
                     hoi_annotation=pairs)
        if labels is not None:
            positive = np.flatnonzero(labels[:, index] == 1)
            objects = np.unique(classes.hoi_object[positive])
            entry['image_level_objects'] = classes.object_coco_ids[objects].tolist()
        out.append(entry)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('anno_bbox', help='anno_bbox.mat of HICO-DET')
    parser.add_argument('out_dir', help='folder for trainval_hico.json and test_hico.json')
    parser.add_argument('--anno-mat', help='anno.mat (image-level labels for Known-Object)')
    args = parser.parse_args()
    mat = sio.loadmat(args.anno_bbox, squeeze_me=True, struct_as_record=False)
    check_action_list(mat['list_action'])
    labels = dict(train=None, test=None)
    if args.anno_mat:
        anno = sio.loadmat(args.anno_mat, squeeze_me=True, struct_as_record=False)
        labels = {split: np.asarray(anno[f'anno_{split}']).reshape(hico_det_classes().num_hois, -1)
                  for split in ('train', 'test')}
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for split, name in (('train', 'trainval_hico.json'), ('test', 'test_hico.json')):
        images = convert_split(mat[f'bbox_{split}'], labels[split])
        (out_dir / name).write_text(json.dumps(images))
        print(f'{split}: {len(images)} images, '
              f'{sum(len(i["hoi_annotation"]) for i in images)} visible pairs -> {out_dir / name}')


if __name__ == '__main__':
    main()
