"""V-COCO role AP against the rules of the official ``vsrl_eval.py`` (``_do_role_eval``)."""
import json

import numpy as np
import pytest

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.formats.vcoco_json import (parse_vcoco_annotations,
                                                          parse_vcoco_predictions)
from hoi_plugins.evaluation.functional.vcoco import (VCOCOImageGT, VCOCOImagePred, voc_ap,
                                                     vcoco_role_ap)

from tests.helpers import load_script

BOX = [0., 0., 9., 9.]
CUP = [20., 20., 29., 29.]
HOLD = 0  # action index of "hold" (roles agent, obj)


def image_gt(role_box=None, annotated=True):
    """One person holding (role object ``role_box`` or none)."""
    actions = np.zeros((1, 26), dtype=np.int64) if annotated else -np.ones((1, 26), np.int64)
    role_boxes = -np.ones((1, 26, 2, 4))
    if annotated:
        actions[0, HOLD] = 1
        if role_box is not None:
            role_boxes[0, HOLD, 0] = role_box
    return VCOCOImageGT(np.array([BOX]), actions, role_boxes)


def image_pred(role_boxes, scores):
    n = len(scores)
    return VCOCOImagePred(np.array([BOX] * n), np.full(n, HOLD), np.zeros(n, np.int64),
                          np.array(role_boxes, dtype=np.float64).reshape(n, 4),
                          np.array(scores, dtype=np.float64))


def hold_ap(gts, preds, scenario):
    return vcoco_role_ap(gts, preds, vcoco_classes().roles, scenario)['role_ap'][HOLD, 0]


def test_voc_ap_is_all_point():
    # rule: VOC all-point AP (precision envelope, sum over recall changes), not 11-point
    assert voc_ap(np.array([0.5, 0.5, 1.0]), np.array([1.0, 0.5, 2 / 3])) == pytest.approx(
        0.5 * 1.0 + 0.5 * 2 / 3)


def test_role_box_must_overlap_and_person_covered_once():
    # rule: role IoU >= 0.5 is required; a second hit of the same person is a false positive
    gts = [image_gt(CUP)]
    preds = [image_pred([CUP, CUP, BOX], [0.9, 0.8, 0.7])]
    assert hold_ap(gts, preds, 1) == pytest.approx(1.0)
    preds = [image_pred([BOX, CUP], [0.9, 0.8])]  # wrong role box first
    assert hold_ap(gts, preds, 1) == pytest.approx(0.5)


def test_scenarios_differ_without_ground_truth_role():
    # rule: no gt role object -> scenario 1 needs an empty predicted role box, scenario 2 not
    gts = [image_gt(None)]
    with_box = [image_pred([CUP], [0.9])]
    empty = [image_pred([[0, 0, 0, 0]], [0.9])]
    nan = [image_pred([[np.nan] * 4], [0.9])]
    assert hold_ap(gts, with_box, 1) == 0.0
    assert hold_ap(gts, with_box, 2) == pytest.approx(1.0)
    assert hold_ap(gts, empty, 1) == pytest.approx(1.0)
    assert hold_ap(gts, nan, 1) == pytest.approx(1.0)


def test_unannotated_person_drops_the_prediction():
    # rule: a prediction whose best person has no V-COCO annotation is skipped (not a FP)
    gts = [image_gt(CUP), image_gt(annotated=False)]
    preds = [image_pred([CUP], [0.5]), image_pred([CUP], [0.9])]
    assert hold_ap(gts, preds, 1) == pytest.approx(1.0)


def test_summary_is_nanmean_over_roles():
    result = vcoco_role_ap([image_gt(CUP)], [image_pred([CUP], [0.9])], vcoco_classes().roles)
    assert result['role_ap'][HOLD, 0] == pytest.approx(1.0)
    # actions without positives have NaN AP and are left out of the mean
    assert np.isnan(result['role_ap'][2, 0]) and result['mAP'] == pytest.approx(1.0)
    assert len(vcoco_classes().role_pairs()) == 25


def _vcoco_image(**fields):
    entry = dict(file_name='v.jpg', image_id=1,
                 annotations=[dict(bbox=BOX, category_id=1), dict(bbox=CUP, category_id=47)],
                 vcoco_subjects=[0],
                 hoi_annotation=[dict(subject_id=0, object_id=1, category_id=1, role='obj')])
    entry.update(fields)
    return entry


def test_json_round_trip_and_command_line(tmp_path):
    tool = load_script('tools/analysis/eval_hoi.py')
    anno = [_vcoco_image()]
    pred = [dict(file_name='v.jpg', predictions=anno[0]['annotations'],
                 hoi_prediction=[dict(subject_id=0, object_id=1, category_id=1, role='obj',
                                      score=0.9)])]
    (tmp_path / 'a.json').write_text(json.dumps(anno))
    (tmp_path / 'p.json').write_text(json.dumps(pred))
    report = tool.main(['vcoco', '--anno', str(tmp_path / 'a.json'), '--pred',
                        str(tmp_path / 'p.json')])
    assert report['scenario_1']['mAP'] == pytest.approx(1.0)
    assert report['scenario_1']['per_role'][0]['role'] == 'obj'


@pytest.mark.parametrize('fields,message', [
    (dict(hoi_annotation=[dict(subject_id=0, object_id=2, category_id=1, role='obj')]),
     r'`hoi_annotation\[0\].object_id` = 2 is out of range'),
    (dict(hoi_annotation=[dict(subject_id=0, object_id=1, category_id=27, role='obj')]),
     r'`hoi_annotation\[0\].category_id` = 27 is not an action id'),
    (dict(hoi_annotation=[dict(subject_id=0, object_id=1, category_id=1, role='instr')]),
     r"`hoi_annotation\[0\].role` = 'instr' is not a role of action 'hold'"),
])
def test_malformed_vcoco_annotations(fields, message):
    with pytest.raises(ValueError, match=r'vcoco_test.json: image 0 \("v.jpg"\): ' + message):
        parse_vcoco_annotations([_vcoco_image(**fields)], 'vcoco_test.json')


def test_vcoco_prediction_file_missing_images():
    names, _ = parse_vcoco_annotations([_vcoco_image()], 'a.json')
    with pytest.raises(ValueError, match=r'p.json: `file_name` of 1 annotated images missing'):
        parse_vcoco_predictions([], 'p.json', names)


def test_vcoco_metric_and_its_dump(tmp_path):
    import torch

    from hoi_plugins.evaluation.metrics import VCOCOMetric
    anno = [_vcoco_image()]
    (tmp_path / 'a.json').write_text(json.dumps(anno))
    metric = VCOCOMetric(ann_file=str(tmp_path / 'a.json'), dump_path=str(tmp_path / 'p.json'))
    hold_obj = vcoco_classes().role_pairs().index((HOLD, 0))
    keep = torch.zeros(2, 25, dtype=torch.bool)
    keep[:, hold_obj] = True
    scores = torch.zeros(2, 25)
    scores[:, hold_obj] = torch.tensor([0.9, 0.8])
    metric.process({}, [dict(file_name='v.jpg', pred_pairs=dict(
        boxes_h=torch.tensor([BOX, BOX]), boxes_o=torch.tensor([CUP, BOX]), hoi_scores=scores,
        hoi_keep=keep))])
    results = metric.compute_metrics(metric.results)
    assert results['scenario_1/mAP'] == pytest.approx(1.0)
    tool = load_script('tools/analysis/eval_hoi.py')
    report = tool.main(['vcoco', '--anno', str(tmp_path / 'a.json'), '--pred',
                        str(tmp_path / 'p.json')])
    assert report['scenario_1']['mAP'] == pytest.approx(results['scenario_1/mAP'])
