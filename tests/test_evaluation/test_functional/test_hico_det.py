"""The HICO-DET evaluator against the rules of the official MATLAB benchmark.

Each hand-built case names the rule of ``HICO-DET_Benchmark/evaluation/VOCevaldet_bboxpair.m``
/ ``eval_one.m`` it pins; a literal loop port of the MATLAB code checks random inputs.
"""
import json

import numpy as np
import pytest

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.formats.hico_det_json import (parse_hico_det_annotations,
                                                parse_hico_det_predictions)
from hoi_plugins.evaluation.functional.hico_det import (MATLAB_RECALL_THRESHOLDS, HOIPairs,
                                                        hico_det_ap, hico_det_eval)

from tests.helpers import load_script

GOOD = [0., 0., 9., 9.]


def pairs(rows, with_score=True):
    """HOIPairs from rows (image, hoi, box_h, box_o[, score])."""
    rows = list(rows)
    return HOIPairs(np.array([r[0] for r in rows], dtype=np.int64),
                    np.array([r[1] for r in rows], dtype=np.int64),
                    np.array([r[2] for r in rows], dtype=np.float64).reshape(-1, 4),
                    np.array([r[3] for r in rows], dtype=np.float64).reshape(-1, 4),
                    np.array([r[4] for r in rows], dtype=np.float64) if with_score else None)


def matlab_ap(gt: HOIPairs, pred: HOIPairs, num_classes: int, num_images: int):
    """A line-by-line port of VOCevaldet_bboxpair.m (per class, loops)."""
    aps, recs = np.zeros(num_classes), np.zeros(num_classes)
    for c in range(num_classes):
        gt_boxes = {i: [] for i in range(num_images)}
        for k in np.flatnonzero(gt.hoi == c):
            gt_boxes[gt.image[k]].append(np.concatenate([gt.boxes_h[k], gt.boxes_o[k]]))
        npos = sum(len(v) for v in gt_boxes.values())
        taken = {i: [False] * len(v) for i, v in gt_boxes.items()}
        sel = [k for k in np.argsort(pred.image, kind='stable') if pred.hoi[k] == c]
        sel = [sel[j] for j in np.argsort(-pred.score[sel], kind='stable')]
        tp, fp = [], []
        for k in sel:
            bb = np.concatenate([pred.boxes_h[k], pred.boxes_o[k]])
            ov_max, j_max = -np.inf, None
            for j, bbgt in enumerate(gt_boxes[pred.image[k]]):
                ovs = []
                for s in (0, 4):
                    iw = min(bb[s + 2], bbgt[s + 2]) - max(bb[s], bbgt[s]) + 1
                    ih = min(bb[s + 3], bbgt[s + 3]) - max(bb[s + 1], bbgt[s + 1]) + 1
                    if iw > 0 and ih > 0:
                        ua = ((bb[s + 2] - bb[s] + 1) * (bb[s + 3] - bb[s + 1] + 1)
                              + (bbgt[s + 2] - bbgt[s] + 1) * (bbgt[s + 3] - bbgt[s + 1] + 1)
                              - iw * ih)
                        ovs.append(iw * ih / ua)
                    else:
                        ovs.append(0.0)
                if min(ovs) > ov_max:
                    ov_max, j_max = min(ovs), j
            if ov_max >= 0.5 and not taken[pred.image[k]][j_max]:
                tp.append(1), fp.append(0)
                taken[pred.image[k]][j_max] = True
            else:
                tp.append(0), fp.append(1)
        tp, fp = np.cumsum(tp), np.cumsum(fp)
        with np.errstate(divide='ignore', invalid='ignore'):
            rec = tp / npos
        prec = tp / (fp + tp)
        ap = 0.0
        for t in MATLAB_RECALL_THRESHOLDS:
            p = prec[rec >= t]
            ap = ap + (p.max() if len(p) else 0.0) / 11
        aps[c] = ap
        recs[c] = rec[-1] if len(rec) and npos else 0.0
    return aps, recs


def test_matlab_thresholds_are_the_symmetric_colon_values():
    # rule: MATLAB's 0:0.1:1 (symmetric construction), not np.arange / np.linspace
    assert MATLAB_RECALL_THRESHOLDS[3] == 0.30000000000000004
    assert MATLAB_RECALL_THRESHOLDS[6] == 0.6 and MATLAB_RECALL_THRESHOLDS[7] == 0.7
    assert np.linspace(0, 1, 11)[6] != 0.6


def test_recall_exactly_point_six_counts_the_threshold():
    # rule: 3 of 5 ground truths found -> recall 0.6 passes MATLAB's threshold 0.6
    gt = pairs([(i, 0, GOOD, GOOD) for i in range(5)], with_score=False)
    pred = pairs([(i, 0, GOOD, GOOD, 1.0 - 0.1 * i) for i in range(3)])
    ap = hico_det_ap(gt, pred, 1, 5)['ap'][0]
    assert ap == 7 / 11 or abs(ap - sum([1 / 11] * 7)) < 1e-15
    assert ap > 6 / 11 + 1e-9


def test_duplicate_detection_is_a_false_positive():
    # rule: each ground truth matches once, a second hit is a false positive
    gt = pairs([(0, 0, GOOD, GOOD), (1, 0, GOOD, GOOD)], with_score=False)
    pred = pairs([(0, 0, GOOD, GOOD, 0.9), (0, 0, GOOD, GOOD, 0.8), (1, 0, GOOD, GOOD, 0.7)])
    result = hico_det_ap(gt, pred, 1, 2)
    # tp 1 0 1, recall .5 .5 1, precision 1 .5 2/3
    expected = 6 / 11 + 5 * (2 / 3) / 11
    assert result['ap'][0] == pytest.approx(expected, abs=1e-12)
    assert result['recall'][0] == 1.0


def test_detection_takes_the_best_ground_truth_and_does_not_fall_back():
    # rule: argmax of min(IoU_h, IoU_o) over the image's ground truths, no second choice
    near = [0., 0., 9., 11.]  # IoU 100/120 with GOOD
    gt = pairs([(0, 0, GOOD, GOOD), (0, 0, near, near)], with_score=False)
    # first detection equals `near` (IoU 1 with gt 2, 0.83 with gt 1): takes gt 2
    # second detection is also closer to gt 2 (taken) although gt 1 is free: false positive
    between = [0., 0., 9., 10.5]
    pred = pairs([(0, 0, near, near, 0.9), (0, 0, between, between, 0.8)])
    tp_ap = hico_det_ap(gt, pred, 1, 1)
    assert tp_ap['recall'][0] == 0.5
    assert np.allclose(tp_ap['ap'], matlab_ap(gt, pred, 1, 1)[0])


def test_ties_take_the_first_ground_truth():
    # rule: `if min_ov > ov_max` (strict): the first of equally good ground truths wins
    gt = pairs([(0, 0, GOOD, GOOD), (0, 0, GOOD, GOOD)], with_score=False)
    pred = pairs([(0, 0, GOOD, GOOD, 0.9), (0, 0, GOOD, GOOD, 0.8)])
    # both detections pick ground truth 1: the second is a duplicate
    assert hico_det_ap(gt, pred, 1, 1)['recall'][0] == 0.5


def test_plus_one_pixel_convention_and_min_of_human_object_iou():
    # rule: widths x2 - x1 + 1; a pair matches when min(IoU_h, IoU_o) >= 0.5
    half = [0., 0., 4., 9.]  # IoU 50/100 = 0.5 with +1 (0.444 without)
    gt = pairs([(0, 0, GOOD, GOOD)], with_score=False)
    assert hico_det_ap(gt, pairs([(0, 0, half, GOOD, 1.0)]), 1, 1)['ap'][0] == pytest.approx(1)
    low = [0., 0., 3., 9.]  # IoU 0.4 for the object: the pair misses
    assert hico_det_ap(gt, pairs([(0, 0, GOOD, low, 1.0)]), 1, 1)['ap'][0] == 0.0


def test_detections_in_images_without_ground_truth_are_false_positives():
    # rule: every detection of the class counts, also in images without its ground truth
    gt = pairs([(0, 0, GOOD, GOOD)], with_score=False)
    pred = pairs([(1, 0, GOOD, GOOD, 0.9), (0, 0, GOOD, GOOD, 0.8)])
    # precision 0 then 1/2 at recall 1
    assert hico_det_ap(gt, pred, 1, 2)['ap'][0] == pytest.approx(0.5)


def test_classes_without_ground_truth_or_detections_count_as_zero():
    # rule: AP 0 without detections; without ground truth recall is NaN and no threshold passes,
    # and both still count in the mean over all classes
    gt = pairs([(0, 0, GOOD, GOOD)], with_score=False)
    pred = pairs([(0, 0, GOOD, GOOD, 0.9), (0, 2, GOOD, GOOD, 0.9)])
    result = hico_det_ap(gt, pred, 3, 1)
    assert result['ap'].tolist() == [pytest.approx(1.0), 0.0, 0.0]
    results = hico_det_eval(gt, pred, 1, np.array([0, 0, 0]), np.ones((1, 1), bool),
                            np.array([False, True, True]))
    assert results['default']['mAP'] == pytest.approx(1 / 3)
    assert results['default']['mAP_rare'] == 0.0
    assert results['default']['mAP_non_rare'] == pytest.approx(1.0)


def test_known_object_keeps_only_images_labelled_with_the_object():
    # rule (eval_one.m 'ko'): detections of class c only in images with a positive label for
    # c's object; the ground truth count stays the same
    gt = pairs([(0, 0, GOOD, GOOD)], with_score=False)
    pred = pairs([(1, 0, GOOD, GOOD, 0.9), (0, 0, GOOD, GOOD, 0.8)])
    known = np.array([[True], [False]])
    results = hico_det_eval(gt, pred, 2, np.array([0]), known, np.array([False]))
    assert results['default']['ap'][0] == pytest.approx(0.5)
    assert results['known_object']['ap'][0] == pytest.approx(1.0)


def test_equal_scores_keep_image_order():
    # rule: MATLAB's sort is stable: ties keep image order, then order inside the image
    gt = pairs([(1, 0, GOOD, GOOD)], with_score=False)
    pred = pairs([(1, 0, GOOD, GOOD, 0.5), (0, 0, GOOD, GOOD, 0.5)])
    # image 0's false positive comes first: precision 0, then 1/2
    assert hico_det_ap(gt, pred, 1, 2)['ap'][0] == pytest.approx(0.5)


def test_random_inputs_match_the_loop_port():
    rng = np.random.default_rng(0)
    for _ in range(5):
        num_images, num_classes = 6, 4
        rows = []
        for _ in range(25):
            x, y = rng.uniform(0, 30, 2)
            h = [x, y, x + rng.uniform(5, 20), y + rng.uniform(5, 20)]
            x, y = rng.uniform(0, 30, 2)
            o = [x, y, x + rng.uniform(5, 20), y + rng.uniform(5, 20)]
            rows.append((int(rng.integers(num_images)), int(rng.integers(num_classes)), h, o))
        gt = pairs(rows, with_score=False)
        pred_rows = []
        for image, hoi, h, o in rows * 3:
            pred_rows.append((image if rng.random() < 0.8 else int(rng.integers(num_images)),
                              hoi if rng.random() < 0.8 else int(rng.integers(num_classes)),
                              np.array(h) + rng.normal(0, 2, 4), np.array(o) + rng.normal(0, 2, 4),
                              float(np.round(rng.random(), 1))))  # rounded: many ties
        order = np.argsort([r[0] for r in pred_rows], kind='stable')
        pred = pairs([pred_rows[k] for k in order])
        result = hico_det_ap(gt, pred, num_classes, num_images)
        ap, rec = matlab_ap(gt, pred, num_classes, num_images)
        assert np.array_equal(result['ap'], ap)
        assert np.array_equal(result['recall'], rec)


def _image(**fields):
    entry = dict(file_name='a.jpg', annotations=[dict(bbox=GOOD, category_id=1),
                                                 dict(bbox=GOOD, category_id=5)],
                 hoi_annotation=[dict(subject_id=0, object_id=1, category_id=5)])
    entry.update(fields)
    return entry


@pytest.mark.parametrize('fields,message', [
    (dict(hoi_annotation=[dict(subject_id=0, object_id=2, category_id=1)]),
     r'image 0 \("a.jpg"\): `hoi_annotation\[0\].object_id` = 2 is out of range'),
    (dict(hoi_annotation=[dict(subject_id=-1, object_id=1, category_id=1)]),
     r'image 0 \("a.jpg"\): `hoi_annotation\[0\].subject_id` = -1 is out of range'),
    (dict(hoi_annotation=[dict(subject_id=0, object_id=1, category_id=118)]),
     r'image 0 \("a.jpg"\): `hoi_annotation\[0\].category_id` = 118 is not a verb id'),
    (dict(annotations=[dict(bbox=GOOD, category_id=1), dict(bbox=GOOD, category_id=12)]),
     r'image 0 \("a.jpg"\): `annotations\[1\].category_id` = 12 is not a HICO-DET object'),
    (dict(annotations=[dict(bbox=GOOD, category_id=1), dict(bbox=[5, 0, 4, 9], category_id=5)]),
     r'image 0 \("a.jpg"\): `annotations\[1\].bbox` = \[5.0, 0.0, 4.0, 9.0\] has x2 < x1'),
])
def test_malformed_annotations_name_file_image_and_field(fields, message):
    with pytest.raises(ValueError, match=r'test_hico.json: ' + message):
        parse_hico_det_annotations([_image(**fields)], 'test_hico.json')


def test_prediction_file_missing_images_names_them():
    gt = parse_hico_det_annotations([_image(), _image(file_name='b.jpg')], 'anno.json')
    pred = [dict(file_name='a.jpg', predictions=[], hoi_prediction=[])]
    with pytest.raises(ValueError, match=r'pred.json: `file_name` of 1 annotated images '
                       r'missing, first: image 1 \("b.jpg"\)'):
        parse_hico_det_predictions(pred, 'pred.json', gt.file_names)


def test_prediction_with_bad_subject_names_the_prediction_file():
    gt = parse_hico_det_annotations([_image()], 'anno.json')
    pred = [dict(file_name='a.jpg', predictions=[dict(bbox=GOOD, category_id=1)],
                 hoi_prediction=[dict(subject_id=3, object_id=0, category_id=5, score=1)])]
    with pytest.raises(ValueError, match=r'pred.json: image 0 \("a.jpg"\): '
                       r'`hoi_prediction\[0\].subject_id` = 3'):
        parse_hico_det_predictions(pred, 'pred.json', gt.file_names)


def test_eval_hoi_command_line(tmp_path, capsys):
    main = load_script('tools/analysis/eval_hoi.py').main
    classes = hico_det_classes()
    # "board airplane" (verb 5 with COCO id 5) is HOI class 0; verb 2 with airplane is no class
    anno = [dict(file_name='a.jpg', annotations=[dict(bbox=GOOD, category_id=1),
                                                 dict(bbox=GOOD, category_id=5)],
                 hoi_annotation=[dict(subject_id=0, object_id=1, category_id=5)])]
    pred = [dict(file_name='a.jpg', predictions=anno[0]['annotations'],
                 hoi_prediction=[dict(subject_id=0, object_id=1, category_id=5, score=0.5),
                                 dict(subject_id=0, object_id=1, category_id=2, score=0.5)])]
    (tmp_path / 'anno.json').write_text(json.dumps(anno))
    (tmp_path / 'pred.json').write_text(json.dumps(pred))
    main(['hico', '--anno', str(tmp_path / 'anno.json'), '--pred', str(tmp_path / 'pred.json'),
          '--train-anno', str(tmp_path / 'anno.json'), '--out', str(tmp_path / 'r.json')])
    report = json.loads((tmp_path / 'r.json').read_text())
    assert set(report['default']) == {'mAP', 'mAP_rare', 'mAP_non_rare', 'mRecall', 'per_class'}
    first = report['default']['per_class'][0]
    assert first == dict(hoi=0, verb=5, object=5, ap=pytest.approx(1.0), recall=1.0, num_gt=1)
    assert classes.hoi_name(0) == 'board airplane'
    assert report['default']['mAP'] == pytest.approx(1 / 600)
    # with --train-anno every class has < 10 training pairs: all rare
    assert report['default']['mAP_rare'] == pytest.approx(1 / 600)
    assert 'Full' in capsys.readouterr().out


def test_shipped_tables_match_the_real_annotations(reference_data):
    real = json.loads((reference_data / 'hicodet' / 'instances_test2015.json').read_text())
    coco91 = json.loads((reference_data / 'hicodet' / 'coco91tohico80.json').read_text())
    classes = hico_det_classes()
    assert classes.verbs == real['verbs'] and classes.objects == real['objects']
    corr = np.array(real['correspondence'])
    assert np.array_equal(classes.hoi_object[corr[:, 0]], corr[:, 1])
    assert np.array_equal(classes.hoi_verb[corr[:, 0]], corr[:, 2] + 1)
    assert sorted(np.flatnonzero(classes.rare).tolist()) == sorted(real['rare'])
    assert sorted(np.flatnonzero(~classes.rare).tolist()) == sorted(real['non_rare'])
    assert {int(k): v for k, v in coco91.items()} == {
        int(c): i for i, c in enumerate(classes.object_coco_ids)}


def test_real_annotations_scored_against_themselves(reference_data):
    convert_upt = load_script('tools/data/hico_det/convert_upt.py').convert_upt
    real = json.loads((reference_data / 'hicodet' / 'instances_test2015.json').read_text())
    images = convert_upt(real)
    assert len(images) == 9658
    assert sum(len(i['hoi_annotation']) for i in images) == 33405
    classes = hico_det_classes()
    gt = parse_hico_det_annotations(images, 'test_hico.json', classes)
    assert np.array_equal(np.sort(gt.pairs.hoi), np.sort(np.concatenate(
        [a['hoi'] for a in real['annotation']])))
    perfect = gt.pairs._replace(score=np.linspace(1, 0.5, len(gt.pairs.hoi)))
    results = hico_det_eval(gt.pairs, perfect, len(images), classes.hoi_object,
                            gt.known_objects, classes.rare)
    for setting in ('default', 'known_object'):
        assert results[setting]['mAP'] == pytest.approx(1.0)
        assert results[setting]['mRecall'] == pytest.approx(1.0)
