"""Synthetic HICO-DET: stick figures and objects whose interaction follows geometry and pose.

Every image holds two people (COCO-17 stick figures) and a few objects (sports ball, cup,
bicycle). A person interacts with at most one object and the verb follows from where the object
sits relative to the body and how the limbs are posed:

- kick sports ball: one leg stretched out, the ball at that ankle;
- throw sports ball: arm raised above the head, the ball above the wrist;
- hold sports ball / hold cup: arm bent forward at the waist, the object at the wrist;
- drink with cup: wrist at the mouth, the cup there;
- ride bicycle: knees bent, the bicycle under the hips;
- push bicycle: both arms stretched forward, the bicycle beyond the wrists.

Other people stand with relaxed limbs, some of them next to an object lying exactly where an
interaction would hold it (a ball at the feet, a cup at the hand, a bicycle under the hips):
only the pose tells that they do not interact. The remaining objects lie away from everybody,
so most human-object pairs do not interact. Files are in the
real formats::

    out_dir/
      images/{train2015,test2015}/HICO_{split}_000000xx.jpg
      annotations/trainval_hico.json, test_hico.json   (the PPDM/QPIC format; people carry
                                                       their 17 COCO keypoints in `keypoints`)
      annotations/test_detections.json                 (jittered boxes + false positives,
                                                       scores and keypoints: the detector input)
      annotations/test_other_system_pred.json          (a weak "other HOI detector": every
                                                       detected person with every other
                                                       detection, each of the synthetic classes
                                                       of its object scored at random, + 0.4
                                                       when annotated; the input of the NIS
                                                       plug-in, configs/tin/tin-nis-plugin_*)
"""
import json
from pathlib import Path
from typing import Dict, List, Tuple

import cv2
import numpy as np

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.registry import SYNTHETIC_TASKS

BALL, CUP, BICYCLE = 37, 47, 2  # COCO category ids
# (verb name, object COCO id, right-arm pose, left-arm pose, legs pose)
INTERACTIONS = (
    ('kick', BALL, 'down', 'down', 'kick'),
    ('throw', BALL, 'raised', 'down', 'stand'),
    ('hold', BALL, 'forward_low', 'down', 'stand'),
    ('drink_with', CUP, 'mouth', 'down', 'stand'),
    ('hold', CUP, 'forward_low', 'down', 'stand'),
    ('ride', BICYCLE, 'forward_low', 'forward_low', 'sit'),
    ('push', BICYCLE, 'forward', 'forward', 'stand'),
)
# COCO-17 joints of a standing person facing +x: (x offset, y from the top) in body heights
_BASE_POSE = np.array([
    [0.02, 0.08], [0.0, 0.06], [0.04, 0.06], [-0.03, 0.07], [0.05, 0.07],  # face
    [-0.1, 0.2], [0.1, 0.2], [-0.12, 0.35], [0.12, 0.35], [-0.13, 0.5], [0.13, 0.5],  # arms
    [-0.07, 0.55], [0.07, 0.55], [-0.08, 0.75], [0.08, 0.75], [-0.08, 0.97], [0.08, 0.97]])
_ARMS = {  # (elbow, wrist) offsets from the shoulder, arm on the +x side
    'down': ((0.02, 0.15), (0.03, 0.3)),
    'raised': ((0.05, -0.12), (0.06, -0.27)),
    'forward_low': ((0.1, 0.13), (0.24, 0.2)),
    'forward': ((0.15, 0.03), (0.31, 0.05)),
    'mouth': ((0.1, 0.12), (0.0, -0.1)),
}
_LEGS = {  # (knee, ankle) offsets from the hip, leg on the +x side
    'stand': ((0.01, 0.2), (0.01, 0.42)),
    'kick': ((0.14, 0.16), (0.3, 0.27)),
    'sit': ((0.15, 0.05), (0.15, 0.28)),
}
SKELETON = ((15, 13), (13, 11), (16, 14), (14, 12), (11, 12), (5, 11), (6, 12), (5, 6), (5, 7),
            (6, 8), (7, 9), (8, 10), (0, 5), (0, 6))
_OBJECT_COLORS = {BALL: (40, 120, 230), CUP: (220, 90, 40), BICYCLE: (60, 200, 60)}  # BGR


def pose_keypoints(cx: float, top: float, height: float, arms: Tuple[str, str], legs: str,
                   facing: int) -> np.ndarray:
    """``[17, 2]`` joints of a person; ``arms`` = (front arm, back arm), ``facing`` +1/-1."""
    joints = _BASE_POSE.copy()
    # joints 6/8/10 and 12/14/16 are the front limbs (+x side before mirroring)
    for (shoulder, elbow, wrist), pose in zip(((6, 8, 10), (5, 7, 9)), arms):
        e, w = _ARMS[pose]
        joints[elbow] = joints[shoulder] + e
        joints[wrist] = joints[shoulder] + w
    knee, ankle = _LEGS[legs]
    joints[14] = joints[12] + knee
    joints[16] = joints[12] + ankle
    if legs == 'sit':  # both legs bent on a saddle
        joints[13] = joints[11] + knee
        joints[15] = joints[11] + ankle
    joints[:, 0] *= facing
    return np.stack([cx + joints[:, 0] * height, top + joints[:, 1] * height], axis=1)


def object_box(category: int, verb: str, joints: np.ndarray, height: float,
               facing: int) -> np.ndarray:
    """The object's box placed by the interaction rule (module docstring)."""
    size = {BALL: 0.16, CUP: 0.12, BICYCLE: 0.55}[category] * height
    if verb == 'kick':
        center = joints[16] + [facing * 0.1 * height, 0]
    elif verb == 'throw':
        center = joints[10] + [0, -0.1 * height]
    elif verb in ('hold', 'drink_with'):
        center = joints[10] + [facing * 0.04 * height, 0.02 * height]
    elif verb == 'ride':
        hips = joints[11:13].mean(axis=0)
        return np.array([hips[0] - 0.45 * height, hips[1] - 0.02 * height,
                         hips[0] + 0.45 * height, hips[1] + size])
    else:  # push: the bicycle beyond the wrists
        x0 = joints[10, 0] + facing * 0.02 * height
        x1 = x0 + facing * 0.85 * height
        return np.array([min(x0, x1), joints[10, 1] - 0.05 * height, max(x0, x1),
                         joints[10, 1] + size])
    return np.concatenate([center - size / 2, center + size / 2])


def draw_person(image: np.ndarray, joints: np.ndarray, color: Tuple[int, int, int]) -> None:
    points = np.round(joints).astype(int)
    for a, b in SKELETON:
        cv2.line(image, tuple(points[a]), tuple(points[b]), color, 2, cv2.LINE_AA)
    cv2.circle(image, tuple(points[0]), 4, color, -1, cv2.LINE_AA)


def draw_object(image: np.ndarray, category: int, box: np.ndarray) -> None:
    color = _OBJECT_COLORS[category]
    x1, y1, x2, y2 = np.round(box).astype(int)
    if category == BALL:
        cv2.circle(image, ((x1 + x2) // 2, (y1 + y2) // 2), max(2, (x2 - x1) // 2), color, -1)
    elif category == CUP:
        cv2.rectangle(image, (x1, y1), (x2, y2), color, -1)
    else:
        radius = max(3, (y2 - y1) // 3)
        cv2.circle(image, (x1 + radius, y2 - radius), radius, color, 2)
        cv2.circle(image, (x2 - radius, y2 - radius), radius, color, 2)
        cv2.line(image, (x1 + radius, y2 - radius), ((x1 + x2) // 2, y1 + 2), color, 2)
        cv2.line(image, ((x1 + x2) // 2, y1 + 2), (x2 - radius, y2 - radius), color, 2)


def _overlaps(box: np.ndarray, others: List[np.ndarray], margin: float) -> bool:
    return any(box[0] < o[2] + margin and o[0] < box[2] + margin and box[1] < o[3] + margin
               and o[1] < box[3] + margin for o in others)


def _valid_box(box: np.ndarray, size: int, min_side: float = 2.0) -> np.ndarray:
    """``box`` clipped to the image, at least ``min_side`` pixels wide and high."""
    box = np.clip(box, 0, size - 1)
    box[:2] = np.minimum(box[:2], box[2:] - min_side).clip(0)
    box[2:] = np.maximum(box[2:], box[:2] + min_side)
    return box


def make_scene(rng: np.random.Generator, size: int) -> Dict[str, list]:
    """Instances (boxes, categories, keypoints) and interactions of one image."""
    boxes, categories, keypoints, pairs = [], [], [], []
    verb_id = {v: i + 1 for i, v in enumerate(hico_det_classes().verbs)}
    height = size * rng.uniform(0.34, 0.42)
    for slot in range(2):
        cx = size * (0.27 + 0.46 * slot) + rng.uniform(-0.03, 0.03) * size
        top = size * rng.uniform(0.18, 0.3)
        facing = 1 if slot == 0 else -1  # face the middle of the image
        state = rng.choice(['interaction', 'near_miss', 'alone'], p=[0.6, 0.25, 0.15])
        interaction = INTERACTIONS[rng.integers(len(INTERACTIONS))]
        verb, category, front, back, legs = interaction
        posed = pose_keypoints(cx, top, height, (front, back), legs, facing)
        if state == 'interaction':
            joints = posed
        else:  # relaxed limbs: no interaction, whatever lies where the limb would be
            joints = pose_keypoints(cx, top, height, ('down', 'down'), 'stand', facing)
        human = len(boxes)
        boxes.append(np.concatenate([joints.min(0) - 4, joints.max(0) + 4]))
        categories.append(1)
        keypoints.append(joints)
        if state != 'alone':
            # near miss: the object sits where the interaction would hold it
            boxes.append(object_box(category, verb, posed, height, facing))
            categories.append(category)
            keypoints.append(None)
            if state == 'interaction':
                pairs.append((human, len(boxes) - 1, verb_id[verb]))
    # distractors: objects away from everybody
    for _ in range(int(rng.integers(1, 4))):
        category = int(rng.choice([BALL, CUP, BICYCLE]))
        side = {BALL: 0.16, CUP: 0.12, BICYCLE: 0.4}[category] * height
        width = side * (1.6 if category == BICYCLE else 1.0)
        for _ in range(20):
            x, y = rng.uniform(0, size - width), rng.uniform(0, size - side)
            box = np.array([x, y, x + width, y + side])
            if not _overlaps(box, boxes, margin=0.08 * size):
                boxes.append(box)
                categories.append(category)
                keypoints.append(None)
                break
    boxes = [_valid_box(b, size) for b in boxes]
    return dict(boxes=boxes, categories=categories, keypoints=keypoints, pairs=pairs)


def render(scene: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    image = rng.integers(70, 130, size=(size, size, 3)).astype(np.uint8)
    for box, category, joints in zip(scene['boxes'], scene['categories'], scene['keypoints']):
        if joints is not None:
            draw_person(image, joints, tuple(int(c) for c in rng.integers(180, 256, 3)))
        else:
            draw_object(image, category, box)
    return image


def _keypoint_list(joints: np.ndarray) -> list:
    return np.concatenate([joints, np.full((17, 1), 2.0)], axis=1).round(2).reshape(-1).tolist()


def write_split(out_dir: Path, split: str, count: int, rng: np.random.Generator, size: int
                ) -> Tuple[list, list]:
    """Images and annotations of one split, plus detector-style outputs for it."""
    images, detections = [], []
    for index in range(count):
        scene = make_scene(rng, size)
        name = f'HICO_{split}_{index + 1:08d}.jpg'
        path = out_dir / 'images' / split / name
        path.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(path), render(scene, rng, size), [cv2.IMWRITE_JPEG_QUALITY, 95])
        annotations, dets = [], []
        for box, category, joints in zip(scene['boxes'], scene['categories'],
                                         scene['keypoints']):
            entry = dict(bbox=box.round(2).tolist(), category_id=int(category))
            det = dict(bbox=_valid_box(box + rng.normal(0, 1.5, 4), size).round(2).tolist(),
                       category_id=int(category), score=round(float(rng.uniform(0.85, 1.0)), 4))
            if joints is not None:
                entry['keypoints'] = _keypoint_list(joints)
                det['keypoints'] = _keypoint_list(joints + rng.normal(0, 1.0, joints.shape))
            annotations.append(entry)
            dets.append(det)
        # one false detection of an object per image
        x, y = rng.uniform(0, size * 0.85, 2)
        dets.append(dict(bbox=[round(x, 2), round(y, 2), round(x + size * 0.1, 2),
                               round(y + size * 0.1, 2)],
                         category_id=int(rng.choice([BALL, CUP, BICYCLE])),
                         score=round(float(rng.uniform(0.3, 0.6)), 4)))
        pairs = [dict(subject_id=h, object_id=o, category_id=v) for h, o, v in scene['pairs']]
        images.append(dict(file_name=name, width=size, height=size, annotations=annotations,
                           hoi_annotation=pairs))
        detections.append(dict(file_name=name, detections=dets))
    return images, detections


def other_system_predictions(images: list, detections: list, rng: np.random.Generator) -> list:
    """Predictions of a weak HOI detector on the test split (module docstring)."""
    classes = hico_det_classes()
    verb_id = {v: i + 1 for i, v in enumerate(classes.verbs)}
    verbs_of = {}
    for verb, category, *_ in INTERACTIONS:
        verbs_of.setdefault(category, []).append(verb_id[verb])
    out = []
    for image, dets in zip(images, detections):
        annotated = {(p['subject_id'], p['object_id'], p['category_id'])
                     for p in image['hoi_annotation']}
        instances = [dict(bbox=d['bbox'], category_id=d['category_id'])
                     for d in dets['detections']]
        hoi = []
        for h, human in enumerate(instances):
            if human['category_id'] != 1:
                continue
            for o, obj in enumerate(instances):
                for verb in verbs_of.get(obj['category_id'], []) if o != h else []:
                    score = rng.uniform(0, 1) + 0.4 * ((h, o, verb) in annotated)
                    hoi.append(dict(subject_id=h, object_id=o, category_id=verb,
                                    score=round(float(score), 4)))
        out.append(dict(file_name=image['file_name'], predictions=instances,
                        hoi_prediction=hoi))
    return out


@SYNTHETIC_TASKS.register_module(name='hico_det')
def generate_hico_det(out_dir: Path, rng: np.random.Generator, num_train: int = 320,
                      num_test: int = 100, size: int = 128) -> dict:
    """Write the synthetic HICO-DET files; see the module docstring for the layout."""
    classes = hico_det_classes()
    ann_dir = out_dir / 'annotations'
    ann_dir.mkdir(parents=True, exist_ok=True)
    train, _ = write_split(out_dir, 'train2015', num_train, rng, size)
    test, test_dets = write_split(out_dir, 'test2015', num_test, rng, size)
    (ann_dir / 'trainval_hico.json').write_text(json.dumps(train))
    (ann_dir / 'test_hico.json').write_text(json.dumps(test))
    (ann_dir / 'test_detections.json').write_text(json.dumps(test_dets))
    (ann_dir / 'test_other_system_pred.json').write_text(
        json.dumps(other_system_predictions(test, test_dets, rng)))
    verb_id = {v: i + 1 for i, v in enumerate(classes.verbs)}
    hois = sorted({int(classes.hoi_index[verb_id[v], o]) for v, o, *_ in INTERACTIONS})
    return dict(hoi_classes=hois, hoi_names=[classes.hoi_name(h) for h in hois],
                counts=dict(train=num_train, test=num_test),
                pairs=dict(train=sum(len(i['hoi_annotation']) for i in train),
                           test=sum(len(i['hoi_annotation']) for i in test)))
