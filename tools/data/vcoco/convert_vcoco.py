"""Convert V-COCO (s-gupta/v-coco ``vcoco_{train,val,test}.json`` + COCO 2014 instances) to ours.

    python tools/data/vcoco/convert_vcoco.py data/v-coco/data/vcoco/vcoco_test.json \
        data/coco/annotations/instances_val2014.json data/v-coco/annotations/vcoco_test.json

Per image (the images of the V-COCO split): every valid COCO instance with the box cleaning of
``vsrl_eval.py`` (x2 = x1 + max(0, w - 1), clipped to the image, non-zero area and size),
``vcoco_subjects`` (instances annotated in V-COCO; other people are ignored by the evaluation)
and ``hoi_annotation``: one entry per (person, action with label 1, role); ``object_id`` -1
when the role has no object; actions without roles get one ``agent`` entry.
Format: ``hoi_plugins/formats/vcoco_json.py``.
"""
import argparse
import json
from collections import defaultdict

import numpy as np

from hoi_plugins.class_tables import vcoco_classes


def clean_box(bbox, width: int, height: int):
    """``vsrl_eval.py``'s xywh -> xyxy with clipping; None for a degenerate box."""
    x1, y1 = bbox[0], bbox[1]
    x2 = x1 + max(0., bbox[2] - 1.)
    y2 = y1 + max(0., bbox[3] - 1.)
    x1, x2 = (min(width - 1., max(0., v)) for v in (x1, x2))
    y1, y2 = (min(height - 1., max(0., v)) for v in (y1, y2))
    return [x1, y1, x2, y2] if x2 > x1 and y2 > y1 else None


def convert_vcoco(vcoco: list, coco: dict) -> list:
    """Our image list from the loaded V-COCO and COCO instance files."""
    classes = vcoco_classes()
    names = [a['action_name'] for a in vcoco]
    if names != classes.actions:
        raise ValueError(f'V-COCO actions {names} differ from the shipped table')
    images = {img['id']: img for img in coco['images']}
    anns = defaultdict(list)
    for ann in coco['annotations']:
        anns[ann['image_id']].append(ann)
    image_ids = sorted({int(i) for i in np.asarray(vcoco[0]['image_id']).reshape(-1)})
    labelled = {int(i) for i in np.asarray(vcoco[0]['ann_id']).reshape(-1)}
    actions = defaultdict(list)  # ann id -> [(action, role names, role object ids)]
    for a, action in enumerate(vcoco):
        roles = action['role_name']
        role_ids = np.asarray(action['role_object_id']).reshape(len(roles), -1).T
        ann_ids = np.asarray(action['ann_id']).reshape(-1)
        for k in np.flatnonzero(np.asarray(action['label']).reshape(-1) == 1):
            actions[int(ann_ids[k])].append((a, roles, role_ids[k]))
    out = []
    for image_id in image_ids:
        info = images[image_id]
        instances, index = [], {}
        for ann in anns[image_id]:
            if ann.get('ignore', 0) == 1 or ann['area'] <= 0:
                continue
            box = clean_box(ann['bbox'], info['width'], info['height'])
            if box is not None:
                index[ann['id']] = len(instances)
                instances.append(dict(bbox=box, category_id=ann['category_id']))
        pairs, subjects = [], []
        for ann_id, k in index.items():
            if ann_id in labelled:
                subjects.append(k)
            for a, roles, role_ids in actions.get(ann_id, []):
                if len(roles) == 1:
                    pairs.append(dict(subject_id=k, object_id=-1, category_id=a + 1,
                                      role='agent'))
                for r in range(1, len(roles)):
                    obj = index.get(int(role_ids[r]), -1) if role_ids[r] else -1
                    pairs.append(dict(subject_id=k, object_id=obj, category_id=a + 1,
                                      role=roles[r]))
        out.append(dict(file_name=info['file_name'], image_id=image_id, width=info['width'],
                        height=info['height'], annotations=instances,
                        vcoco_subjects=sorted(subjects), hoi_annotation=pairs))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('vcoco', help='vcoco_{train,val,test}.json of the v-coco repository')
    parser.add_argument('coco', help='COCO 2014 instances_*.json holding the split images')
    parser.add_argument('out', help='output JSON')
    args = parser.parse_args()
    with open(args.vcoco) as f:
        vcoco = json.load(f)
    with open(args.coco) as f:
        coco = json.load(f)
    images = convert_vcoco(vcoco, coco)
    with open(args.out, 'w') as f:
        json.dump(images, f)
    print(f'{len(images)} images, {sum(len(i["hoi_annotation"]) for i in images)} '
          f'(person, action, role) entries -> {args.out}')


if __name__ == '__main__':
    main()
