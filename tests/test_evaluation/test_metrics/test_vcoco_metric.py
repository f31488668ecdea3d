"""VCOCOMetric: the official V-COCO output of TIN (one row per human, action and role)."""
import json

import numpy as np
import pytest
import torch

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.evaluation.metrics import VCOCOMetric
from hoi_plugins.evaluation.metrics.vcoco_metric import best_object_rows, class_roles
from hoi_plugins.models.post_processors import TIN_VCOCO_CLASSES

from tests.helpers import load_script

BOX = [0., 0., 9., 9.]
CUP = [20., 20., 29., 29.]
BALL = [40., 40., 49., 49.]
HOLD = 0


def rows_of(scores, keep=None, boxes_o=(CUP, BALL), boxes_h=(BOX, BOX)):
    scores = np.array(scores, np.float64)
    keep = np.ones_like(scores, bool) if keep is None else np.array(keep)
    return best_object_rows(np.array(boxes_h), np.array(boxes_o), scores, keep,
                            class_roles(TIN_VCOCO_CLASSES, vcoco_classes()), 26)


def hold_obj_row(rows):
    k = np.flatnonzero((rows.action == HOLD) & (rows.role == 0))
    assert len(k) == 1
    return rows.role_boxes[k[0]], rows.score[k[0]]


def hold_scores(*values):
    out = np.zeros((len(values), 29))
    out[:, TIN_VCOCO_CLASSES.index('hold_obj')] = values
    return out


def test_class_roles_of_the_29_outputs():
    roles = class_roles(TIN_VCOCO_CLASSES, vcoco_classes())
    # 25 role classes and the 4 agent-only actions (stand, walk, run, smile)
    assert (roles[:, 1] >= 0).sum() == 25
    assert sorted(vcoco_classes().actions[a] for a, r in roles if r < 0) == [
        'run', 'smile', 'stand', 'walk']
    with pytest.raises(ValueError, match="'hold_instr' is neither"):
        class_roles(['hold_instr'], vcoco_classes())


def test_one_row_per_human_action_role_the_best_object():
    # official: tools/Vcoco_lis_nis.py L185 (argmax over the human's objects) and L256
    box, score = hold_obj_row(rows_of(hold_scores(0.3, 0.7)))
    assert box.tolist() == BALL and score == pytest.approx(0.7)
    # ties: the first object (np.argmax)
    box, _ = hold_obj_row(rows_of(hold_scores(0.7, 0.7)))
    assert box.tolist() == CUP


def test_suppressed_best_object_gives_zero_not_the_next_object():
    # official: tools/Vcoco_lis_nis.py L251-252: NIS on the best object -> score 0, NaN box
    keep = np.ones((2, 29), bool)
    keep[1] = False
    box, score = hold_obj_row(rows_of(hold_scores(0.3, 0.7), keep))
    assert np.all(np.isnan(box)) and score == 0.0


def test_zero_score_gives_nan_box():
    # official: tools/Vcoco_lis_nis.py L247-248: an impossible action keeps score 0, NaN box
    box, score = hold_obj_row(rows_of(hold_scores(0.0, 0.0)))
    assert np.all(np.isnan(box)) and score == 0.0


def test_agent_score_is_the_best_role_score_before_suppression():
    # official: tools/Vcoco_lis_nis.py L196-233: agent scores use Score_obj (no NIS); cut, eat
    # and hit take the higher of their two roles
    scores = np.zeros((2, 29))
    scores[:, TIN_VCOCO_CLASSES.index('cut_instr')] = [0.2, 0.1]
    scores[:, TIN_VCOCO_CLASSES.index('cut_obj')] = [0.3, 0.6]
    scores[:, TIN_VCOCO_CLASSES.index('walk')] = [0.4, 0.1]
    rows = rows_of(scores, np.zeros((2, 29), bool))
    agent = {vcoco_classes().actions[a]: s for a, r, s in zip(rows.action, rows.role,
                                                              rows.score) if r < 0}
    assert agent['cut'] == pytest.approx(0.6) and agent['walk'] == pytest.approx(0.4)
    assert len(agent) == 26  # every action has an agent score


def test_humans_are_kept_apart():
    rows = rows_of(hold_scores(0.3, 0.7), boxes_h=(BOX, [1., 1., 9., 9.]))
    assert ((rows.action == HOLD) & (rows.role == 0)).sum() == 2


def _vcoco_image():
    return dict(file_name='v.jpg', image_id=1,
                annotations=[dict(bbox=BOX, category_id=1), dict(bbox=CUP, category_id=47)],
                vcoco_subjects=[0],
                hoi_annotation=[dict(subject_id=0, object_id=1, category_id=1, role='obj')])


@pytest.mark.parametrize('one_per_human', [True, False])
def test_vcoco_metric_and_its_dump(tmp_path, one_per_human):
    anno = [_vcoco_image(), dict(_vcoco_image(), file_name='w.jpg')]
    (tmp_path / 'a.json').write_text(json.dumps(anno))
    metric = VCOCOMetric(ann_file=str(tmp_path / 'a.json'), one_per_human=one_per_human,
                         dump_path=str(tmp_path / 'p.json'))
    hold_obj = vcoco_classes().role_pairs().index((HOLD, 0))
    keep = torch.zeros(2, 25, dtype=torch.bool)
    keep[:, hold_obj] = True
    scores = torch.zeros(2, 25)
    scores[:, hold_obj] = torch.tensor([0.9, 0.8])
    # w.jpg has no prediction: allowed, its positive is missed
    metric.process({}, [dict(file_name='v.jpg', pred_pairs=dict(
        boxes_h=torch.tensor([BOX, BOX]), boxes_o=torch.tensor([CUP, BOX]), hoi_scores=scores,
        hoi_keep=keep))])
    results = metric.compute_metrics(metric.results)
    assert results['scenario_1/mAP'] == pytest.approx(0.5)
    assert results['agent/mAP'] == pytest.approx(0.5 / 26 if one_per_human else 0.0)
    tool = load_script('tools/analysis/eval_hoi.py')
    report = tool.main(['vcoco', '--anno', str(tmp_path / 'a.json'), '--pred',
                        str(tmp_path / 'p.json')])
    assert report['scenario_1']['mAP'] == pytest.approx(results['scenario_1/mAP'])
    assert report['agent']['mAP'] == pytest.approx(results['agent/mAP'])
