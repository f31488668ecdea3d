"""Time the HICO-DET evaluator on a full-scale input.

    python tools/analysis/benchmark_hico_det_eval.py \
        [--anno ../shared/reference_data/hicodet/instances_test2015.json] [--pairs 100]

Ground truth: the real HICO-DET test annotations (UPT/PViC format, converted to ours).
Predictions: ``--pairs`` per image, part of them jittered ground-truth pairs (true and
duplicate detections), the rest random pairs of random valid classes, random scores. Reports
the time of the evaluation from arrays, of parsing + evaluation from the loaded JSON lists, and
of the whole command line tool (JSON files on disk).
"""
import argparse
import json
import os.path as osp
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, osp.join(osp.dirname(osp.abspath(__file__)), '..', 'data', 'hico_det'))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from convert_upt import convert_upt  # noqa: E402
from eval_hoi import evaluate_hico, main as eval_hoi_main  # noqa: E402

from hoi_plugins.class_tables import hico_det_classes  # noqa: E402
from hoi_plugins.formats.hico_det_json import (  # noqa: E402
    parse_hico_det_annotations, parse_hico_det_predictions)
from hoi_plugins.evaluation.functional.hico_det import hico_det_eval  # noqa: E402


def make_predictions(images: list, pairs_per_image: int, rng: np.random.Generator) -> list:
    """Perturbed detections in the prediction format, ``pairs_per_image`` per image."""
    classes = hico_det_classes()
    predictions = []
    for image in images:
        width, height = image.get('width', 640), image.get('height', 480)
        gt_boxes = np.array([a['bbox'] for a in image['annotations']]).reshape(-1, 4)
        num_random = max(4, 8 - len(gt_boxes))
        centers = rng.uniform([0, 0], [width, height], size=(num_random, 2))
        sizes = rng.uniform(20, 200, size=(num_random, 2))
        random_boxes = np.concatenate([centers - sizes / 2, centers + sizes / 2], axis=1)
        jitter = rng.normal(0, 4, size=gt_boxes.shape)
        boxes = np.concatenate([gt_boxes + jitter, random_boxes])
        boxes[:, 2:] = np.maximum(boxes[:, 2:], boxes[:, :2] + 1)
        labels = [a['category_id'] for a in image['annotations']]
        labels += rng.choice(classes.object_coco_ids, size=num_random).tolist()
        labels[len(gt_boxes)] = 1  # at least one random human
        humans = [i for i, label in enumerate(labels) if label == 1]
        hoi = []
        for pair in image['hoi_annotation'][:pairs_per_image // 2]:
            hoi.append(dict(subject_id=pair['subject_id'], object_id=pair['object_id'],
                            category_id=pair['category_id'], score=float(rng.random())))
        while len(hoi) < pairs_per_image:
            subject = int(rng.choice(humans))
            obj = int(rng.integers(len(labels)))
            verbs = classes.hoi_verb[classes.hoi_object == classes.coco_to_object()[labels[obj]]]
            hoi.append(dict(subject_id=subject, object_id=obj,
                            category_id=int(rng.choice(verbs)), score=float(rng.random())))
        predictions.append(dict(file_name=image['file_name'],
                                predictions=[dict(bbox=b, category_id=int(c))
                                             for b, c in zip(boxes.tolist(), labels)],
                                hoi_prediction=hoi))
    return predictions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--anno', default=osp.join(
        osp.dirname(__file__), '..', '..', '..', 'shared', 'reference_data', 'hicodet',
        'instances_test2015.json'), help='UPT/PViC-format HICO-DET test annotations')
    parser.add_argument('--pairs', type=int, default=100, help='pair predictions per image')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    with open(args.anno) as f:
        images = convert_upt(json.load(f))
    predictions = make_predictions(images, args.pairs, np.random.default_rng(args.seed))
    classes = hico_det_classes()

    start = time.perf_counter()
    gt = parse_hico_det_annotations(images, 'anno', classes)
    pred = parse_hico_det_predictions(predictions, 'pred', gt.file_names, classes)
    parse_time = time.perf_counter() - start
    start = time.perf_counter()
    hico_det_eval(gt.pairs, pred, len(gt.file_names), classes.hoi_object, gt.known_objects,
                  classes.rare)
    eval_time = time.perf_counter() - start
    start = time.perf_counter()
    report = evaluate_hico(images, predictions)
    lists_time = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        anno_file, pred_file = osp.join(tmp, 'anno.json'), osp.join(tmp, 'pred.json')
        with open(anno_file, 'w') as f:
            json.dump(images, f)
        with open(pred_file, 'w') as f:
            json.dump(predictions, f)
        start = time.perf_counter()
        eval_hoi_main(['hico', '--anno', anno_file, '--pred', pred_file])
        tool_time = time.perf_counter() - start

    print(f'images {len(images)}, ground-truth pairs {len(gt.pairs.hoi)}, '
          f'predicted pairs {len(pred.hoi)} (600 classes, Default + Known-Object)')
    print(f'mAP default {report["default"]["mAP"]:.4f}, '
          f'known-object {report["known_object"]["mAP"]:.4f}')
    print(f'evaluation from arrays (both settings): {eval_time:.2f} s')
    print(f'parsing the JSON lists:                  {parse_time:.2f} s')
    print(f'parse + evaluate from JSON lists:        {lists_time:.2f} s')
    print(f'command line tool, JSON files on disk:   {tool_time:.2f} s')


if __name__ == '__main__':
    main()
