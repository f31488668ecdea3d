"""Time our V-COCO evaluator against the official ``vsrl_eval.py``, side by side, same input.

    python tools/analysis/benchmark_vcoco_eval.py --vcoco-root PATH/TO/v-coco \
        [--official-python PYTHON] [--images 4946] [--repeats 3] [--official-repeats 3] \
        [--work-dir DIR]

Generates a test-scale input with random ground truth and detections (``--images`` images,
about 4.2 detected persons each; every detection has the 26 agent scores and the 25 role
boxes and scores: about 1M prediction rows; role boxes are the image's detected objects;
scores on a 1/1000 grid and many exact zeros with NaN role boxes, as TIN writes them, so that
ties are frequent; a few NaN scores; some boxes with x2 < x1), in the official files
(``vcoco_test.json``-like V-COCO annotations, COCO instances, split ids, detection pickle) and
in ours (``convert_vcoco.py`` and ``convert_official_detections.py``). Times ours (both JSON
files loaded, parsed and scored: agent AP and role AP of both scenarios) and, given a v-coco
checkout, ``VCOCOeval._do_eval`` of its ``vsrl_eval.py`` (also reading its own files) in a
subprocess; checks that every AP is equal and prints the min and median of the repeats (wall
clock and CPU time of the process, the latter less sensitive to other jobs on the machine) and
their ratios. The official code is imported from the checkout, not copied; the subprocess only
restores ``np.bool`` (gone from NumPy >= 1.24) and records the APs that ``voc_ap`` returns.
"""
import argparse
import json
import os
import os.path as osp
import pickle
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, osp.join(osp.dirname(osp.abspath(__file__)), '..', 'data', 'vcoco'))
from convert_vcoco import convert_vcoco  # noqa: E402

from hoi_plugins.class_tables import vcoco_classes  # noqa: E402
from hoi_plugins.evaluation.functional.vcoco import vcoco_eval  # noqa: E402
from hoi_plugins.formats.hico_det_json import load_json  # noqa: E402
from hoi_plugins.formats.vcoco_json import (  # noqa: E402
    official_detections_to_predictions, parse_vcoco_annotations, parse_vcoco_predictions)

# run by the subprocess: imports vsrl_eval from the checkout, records voc_ap's results
OFFICIAL_RUNNER = r'''
import json, os, sys, time
import numpy as np
np.bool = bool  # vsrl_eval.py uses np.bool, removed in NumPy 1.24
root, vsrl, coco, split, dets, out, repeats = sys.argv[1:]
sys.path.insert(0, root)
import vsrl_eval
recorded = []
official_voc_ap = vsrl_eval.voc_ap
def voc_ap(rec, prec):
    ap = official_voc_ap(rec, prec)
    recorded.append(float(ap))
    return ap
vsrl_eval.voc_ap = voc_ap
times, cpu_times = [], []
stdout = sys.stdout
for _ in range(int(repeats)):
    recorded.clear()
    sys.stdout = open(os.devnull, 'w')
    start, cpu_start = time.perf_counter(), time.process_time()
    evaluator = vsrl_eval.VCOCOeval(vsrl, coco, split)
    evaluator._do_eval(dets, ovr_thresh=0.5)
    times.append(time.perf_counter() - start)
    cpu_times.append(time.process_time() - cpu_start)
    sys.stdout.close()
    sys.stdout = stdout
json.dump(dict(times=times, cpu_times=cpu_times, aps=recorded), open(out, 'w'))
'''


def make_dataset(num_images: int, rng: np.random.Generator):
    """Official-format V-COCO annotations, COCO instances and detections (random)."""
    classes = vcoco_classes()
    categories = [1] + list(range(2, 80))
    images, annotations, people, objects = [], [], {}, {}
    ann_id = 1
    for i in range(num_images):
        image_id = 100000 + 7 * i
        width, height = 640, 480
        images.append(dict(id=image_id, width=width, height=height,
                           file_name=f'COCO_val2014_{image_id:012d}.jpg'))
        num_people, num_objects = rng.integers(1, 7), rng.integers(1, 6)
        for k in range(num_people + num_objects):
            w, h = rng.uniform(20, 300, 2)
            x, y = rng.uniform(0, width - w), rng.uniform(0, height - h)
            category = 1 if k < num_people else int(rng.choice(categories[1:]))
            annotations.append(dict(id=ann_id, image_id=image_id, category_id=category,
                                    bbox=[x, y, w, h], area=w * h, iscrowd=0))
            (people if k < num_people else objects).setdefault(image_id, []).append(
                (ann_id, np.array([x, y, x + w - 1, y + h - 1])))
            ann_id += 1
    vcoco = [dict(action_name=a, role_name=r, image_id=[], ann_id=[], label=[],
                  role_object_id=[[] for _ in r]) for a, r in zip(classes.actions, classes.roles)]
    truth = {}  # person ann id -> {action: role object ann ids}
    for image_id, persons in people.items():
        annotated = [p for p in persons if rng.random() < 0.9] or persons[:1]
        for pid, _ in annotated:
            for a, entry in enumerate(vcoco):
                label = int(rng.random() < 0.12)
                roles = [pid]
                for _ in entry['role_name'][1:]:
                    has_object = label and rng.random() < 0.85
                    roles.append(int(rng.choice([o for o, _ in objects[image_id]]))
                                 if has_object else 0)
                if label:
                    truth.setdefault(pid, {})[a] = roles[1:]
                entry['image_id'].append(image_id)
                entry['ann_id'].append(pid)
                entry['label'].append(label)
                for r, value in enumerate(roles):
                    entry['role_object_id'][r].append(value)
    for entry in vcoco:  # the official layout: role-major, flattened
        entry['role_object_id'] = [v for column in entry['role_object_id'] for v in column]
    coco = dict(images=images, annotations=annotations,
                categories=[dict(id=c, name=f'class{c}') for c in categories])
    detections = []
    for image_id, persons in people.items():
        # detected objects: every object once, slightly off, and one spurious box
        detected = {oid: box + rng.normal(0, 3, 4) for oid, box in objects[image_id]}
        detected[0] = objects[image_id][0][1] + rng.normal(0, 30, 4)
        object_boxes = list(detected.values())
        candidates = [(pid, box) for pid, box in persons if rng.random() < 0.9]
        candidates += [(0, None)] * int(rng.integers(0, 3))
        for pid, box in candidates:
            if box is None:
                box = persons[0][1] + rng.normal(0, 40, 4)
            det = dict(image_id=image_id,
                       person_box=box + rng.normal(0, 4, 4))
            for a, (action, roles) in enumerate(zip(classes.actions, classes.roles)):
                det[f'{action}_agent'] = float(np.round(rng.random() ** 2, 3))
                for r, role in enumerate(roles[1:]):
                    score = float(np.round(rng.random(), 3)) if rng.random() < 0.7 else 0.0
                    if rng.random() < 0.005:
                        score = np.nan
                    if score == 0.0:
                        role_box = np.full(4, np.nan)
                    else:
                        target = truth.get(pid, {}).get(a, [0, 0])[r]
                        role_box = (detected[target] if target and rng.random() < 0.6 else
                                    object_boxes[rng.integers(len(object_boxes))])
                    det[f'{action}_{role}'] = np.append(role_box, score)
            detections.append(det)
    split = np.array(sorted(people), dtype=np.int64)
    return vcoco, coco, split, detections


def ours(anno_path: str, pred_path: str) -> dict:
    """Our evaluation from the JSON files on disk (agent AP, role AP of both scenarios)."""
    classes = vcoco_classes()
    names, gts = parse_vcoco_annotations(load_json(anno_path), anno_path, classes)
    preds = parse_vcoco_predictions(load_json(pred_path), pred_path, names, classes)
    return vcoco_eval(gts, preds, classes.roles)


def our_aps_in_official_order(result: dict) -> np.ndarray:
    """Our APs in the order ``vsrl_eval.py`` computes them (agent, scenario 1, scenario 2)."""
    classes = vcoco_classes()
    aps = list(result['agent_ap'])
    for scenario in (1, 2):
        aps += [result[f'scenario_{scenario}']['role_ap'][a, r] for a, r in classes.role_pairs()]
    return np.array(aps, np.float32)


def summary(times: list) -> str:
    return f'min {min(times):.2f} s, median {float(np.median(times)):.2f} s'


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--vcoco-root', help='a v-coco checkout (its vsrl_eval.py is run side '
                        'by side; needs pycocotools)')
    parser.add_argument('--official-python', default=sys.executable,
                        help='interpreter for vsrl_eval.py (needs numpy and pycocotools)')
    parser.add_argument('--images', type=int, default=4946, help='test-scale: 4946')
    parser.add_argument('--repeats', type=int, default=3, help='repeats of ours')
    parser.add_argument('--official-repeats', type=int, default=3)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--work-dir', help='keep the generated files here')
    args = parser.parse_args(argv)
    work = args.work_dir or tempfile.mkdtemp(prefix='vcoco_bench_')
    os.makedirs(work, exist_ok=True)
    vcoco, coco, split, detections = make_dataset(args.images, np.random.default_rng(args.seed))
    paths = {k: osp.join(work, v) for k, v in dict(
        vsrl='vcoco_test.json', coco='instances_vcoco.json', split='vcoco_test.ids',
        dets='detections.pkl', anno='anno.json', pred='pred.json',
        official='official.json').items()}
    with open(paths['vsrl'], 'w') as f:
        json.dump(vcoco, f)
    with open(paths['coco'], 'w') as f:
        json.dump(coco, f)
    np.savetxt(paths['split'], split, fmt='%d')
    with open(paths['dets'], 'wb') as f:
        pickle.dump(detections, f)
    anno = convert_vcoco(vcoco, coco)
    with open(paths['anno'], 'w') as f:
        json.dump(anno, f)
    pred = official_detections_to_predictions(detections, anno, paths['dets'])
    with open(paths['pred'], 'w') as f:
        json.dump(pred, f)
    rows = sum(len(p['hoi_prediction']) for p in pred)
    print(f'{len(anno)} images, {len(detections)} detections, {rows} prediction rows '
          f'in {work}')
    times, cpu_times = [], []
    for _ in range(args.repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = ours(paths['anno'], paths['pred'])
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    print(f'ours     : wall {summary(times)}; CPU {summary(cpu_times)} (agent mAP '
          f'{100 * result["agent_mAP"]:.2f}, role mAP {100 * result["scenario_1"]["mAP"]:.2f}'
          f' / {100 * result["scenario_2"]["mAP"]:.2f})')
    report = dict(ours=times, ours_cpu=cpu_times, rows=rows, detections=len(detections))
    if args.vcoco_root:
        subprocess.run([args.official_python, '-c', OFFICIAL_RUNNER, args.vcoco_root, paths['vsrl'],
                        paths['coco'], paths['split'], paths['dets'], paths['official'],
                        str(args.official_repeats)], check=True)
        with open(paths['official']) as f:
            official = json.load(f)
        official_aps = np.array(official['aps'], np.float32)
        mine = our_aps_in_official_order(result)
        equal = official_aps.shape == mine.shape and np.array_equal(official_aps, mine,
                                                                    equal_nan=True)
        print(f'official : wall {summary(official["times"])}; CPU '
              f'{summary(official["cpu_times"])}')
        for kind, mine_t, theirs in (('wall', times, official['times']),
                                     ('CPU', cpu_times, official['cpu_times'])):
            print(f'speed-up ({kind}): {min(theirs) / min(mine_t):.1f}x (min), '
                  f'{np.median(theirs) / np.median(mine_t):.1f}x (median)')
        print(f'APs equal: {equal} ({len(mine)} APs; max |diff| '
              f'{np.nanmax(np.abs(official_aps - mine)) if official_aps.shape == mine.shape else "shape"})')
        report.update(official=official['times'], official_cpu=official['cpu_times'],
                      equal=bool(equal))
    return report


if __name__ == '__main__':
    main()
