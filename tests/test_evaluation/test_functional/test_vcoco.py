"""V-COCO role AP against the rules of the official ``vsrl_eval.py`` (``_do_role_eval``)."""
import json

import numpy as np
import pytest

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.formats.vcoco_json import (parse_vcoco_annotations,
                                                          parse_vcoco_predictions)
from hoi_plugins.evaluation.functional.vcoco import (VCOCOImageGT, VCOCOImagePred,
                                                     _visiting_order, voc_ap, vcoco_eval,
                                                     vcoco_role_ap)

from tests.helpers import load_script

BOX = [0., 0., 9., 9.]
CUP = [20., 20., 29., 29.]
HOLD = 0  # action index of "hold" (roles agent, obj)


def image_gt(role_box=None, annotated=True, person=BOX):
    """One person holding (role object ``role_box`` or none)."""
    actions = np.zeros((1, 26), dtype=np.int64) if annotated else -np.ones((1, 26), np.int64)
    role_boxes = -np.ones((1, 26, 2, 4))
    if annotated:
        actions[0, HOLD] = 1
        if role_box is not None:
            role_boxes[0, HOLD, 0] = role_box
    return VCOCOImageGT(np.array([person]), actions, role_boxes)


def image_pred(role_boxes, scores, agents=None, role=0):
    n = len(scores)
    agents = [BOX] * n if agents is None else agents
    return VCOCOImagePred(np.array(agents, dtype=np.float64), np.full(n, HOLD),
                          np.full(n, role, np.int64),
                          np.array(role_boxes, dtype=np.float64).reshape(n, 4),
                          np.array(scores, dtype=np.float64))


def two_people(second=(100., 100., 109., 109.)):
    """Two people holding their own cup."""
    gt = image_gt(CUP)
    actions = np.concatenate([gt.actions, gt.actions])
    role_boxes = np.concatenate([gt.role_boxes, gt.role_boxes])
    role_boxes[1, HOLD, 0] = np.array(second) + 20
    return VCOCOImageGT(np.array([BOX, second]), actions, role_boxes)


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


def test_images_without_predictions_are_allowed():
    # official: vsrl_eval.py L174-187 collects no detection for an image the list lacks
    names, gts = parse_vcoco_annotations([_vcoco_image(), _vcoco_image(file_name='w.jpg')],
                                         'a.json')
    pred = [dict(file_name='w.jpg', predictions=[dict(bbox=BOX, category_id=1),
                                                 dict(bbox=CUP, category_id=47)],
                 hoi_prediction=[dict(subject_id=0, object_id=1, category_id=1, role='obj',
                                      score=0.9)])]
    preds = parse_vcoco_predictions(pred, 'p.json', names)
    assert preds[0] is None and len(preds[1].score) == 1
    # two positives (one per image), one found: AP 0.5
    assert hold_ap(gts, preds, 1) == pytest.approx(0.5)


def test_unknown_image_in_prediction_file_is_refused():
    names, _ = parse_vcoco_annotations([_vcoco_image()], 'a.json')
    with pytest.raises(ValueError, match=r"p.json: image 0: `file_name` 'x.jpg' is not in"):
        parse_vcoco_predictions([dict(file_name='x.jpg')], 'p.json', names)


def test_final_ranking_puts_later_ties_first():
    # official: vsrl_eval.py L307 ``a_sc.argsort()[::-1]``: among equal scores the prediction
    # collected later (here: of the later image) ranks first
    gts = [image_gt(CUP), image_gt(CUP)]
    preds = [image_pred([BOX], [0.5]), image_pred([CUP], [0.5])]  # FP, then TP
    # official order: TP, FP -> precision 1 at recall 0.5 (a stable sort gives 0.25)
    assert hold_ap(gts, preds, 1) == pytest.approx(0.5)
    preds = [image_pred([CUP], [0.5]), image_pred([BOX], [0.5])]  # TP, then FP
    assert hold_ap(gts, preds, 1) == pytest.approx(0.25)


def test_image_visiting_order_puts_later_ties_first():
    # official: vsrl_eval.py L250 ``agent_scores.argsort()[::-1]``: within an image the later
    # of two equal scores is visited (and collected) first
    gts = [two_people()]
    preds = [image_pred([CUP, BOX], [0.5, 0.5])]  # row 0 hits, row 1 misses
    # visited: row 1 (FP), row 0 (TP); ranked (L307): TP, FP -> AP 0.5 (stable order: 0.25)
    assert hold_ap(gts, preds, 1) == pytest.approx(0.5)
    # covered (L285): of two equal hits of one person the later one is visited first and is
    # the TP; ranked (L307) it comes after the FP -> AP 0.25 (a stable order everywhere: 0.5)
    preds = [image_pred([CUP, CUP], [0.5, 0.5])]
    assert hold_ap(gts, preds, 1) == pytest.approx(0.25)


def test_visiting_order_of_large_tied_groups_is_the_official_call():
    # official: vsrl_eval.py L250; groups above 16 rows are not sorted by insertion sort, the
    # order is whatever ``np.argsort`` of that image's scores gives, reversed
    rng = np.random.default_rng(0)
    score = rng.integers(0, 3, 60).astype(np.float32) / 2
    image = np.repeat([0, 1], 30)
    order = _visiting_order(image, np.zeros(60, np.int64), score, 2)
    for i in (0, 1):
        rows = np.flatnonzero(image == i)
        np.testing.assert_array_equal(order[30 * i:30 * (i + 1)],
                                      rows[score[rows].argsort()[::-1]])


def test_nan_scores_are_dropped():
    # official: vsrl_eval.py L245 keeps only non-NaN scores
    gts = [image_gt(CUP)]
    preds = [image_pred([BOX, CUP], [np.nan, 0.5])]
    assert hold_ap(gts, preds, 1) == pytest.approx(1.0)


def test_agent_ap():
    # official: vsrl_eval.py _do_agent_eval L329-423: agent IoU >= 0.5 and the action, each
    # person once; the summary is nansum / 26 (actions without positives count as 0)
    gts = [image_gt(CUP)]
    preds = [image_pred([[np.nan] * 4] * 3, [0.9, 0.8, 0.7],
                        agents=[BOX, BOX, [50., 50., 60., 60.]], role=-1)]
    result = vcoco_eval(gts, preds, vcoco_classes().roles)
    assert result['agent_ap'][HOLD] == pytest.approx(1.0)
    assert np.isnan(result['agent_ap'][1])
    assert result['agent_mAP'] == pytest.approx(1.0 / 26)
    # agent rows are not role rows
    assert result['scenario_1']['role_ap'][HOLD, 0] == 0
