"""TIN's V-COCO scoring against ``tools/Vcoco_lis_nis.py`` of the official repository."""
import math

import numpy as np
import pytest
import torch

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.models.post_processors import (TIN_VCOCO_CLASSES,
                                                VCOCONonInteractionSuppression,
                                                official_prior_table)
from hoi_plugins.registry import MODELS

OBJECTS = hico_det_classes().objects


def col(name):
    return TIN_VCOCO_CLASSES.index(name)


def run(post, objects, binary=None, hoi=None, scores_h=None, scores_o=None):
    n = len(objects)
    hoi = torch.ones(n, 29) if hoi is None else hoi
    binary = torch.tensor([[0.0, 1.0]] * n) if binary is None else torch.tensor(binary)
    scores_h = torch.ones(n) if scores_h is None else scores_h
    scores_o = torch.ones(n) if scores_o is None else scores_o
    objects = torch.tensor([OBJECTS.index(o) for o in objects])
    return post(hoi, binary, objects, scores_h, scores_o)


def test_builds_from_the_registry():
    post = MODELS.build(dict(type='VCOCONonInteractionSuppression'))
    assert post.lis == (6.0, 6.0, 7.0, 0.0)


def test_lis_parameters_of_vcoco():
    # official: tools/Vcoco_lis_nis.py L304 (6, 6, 7, 0) in getSigmoid L46-49, applied to the
    # human (L128) and object (L134) detection scores
    post = VCOCONonInteractionSuppression()
    scores, _ = run(post, ['cup'], scores_h=torch.tensor([0.5]), scores_o=torch.tensor([0.8]))
    lis = [6 / (1 + math.exp(6 - 7 * x)) for x in (0.5, 0.8)]
    assert scores[0, col('hold_obj')].item() == pytest.approx(lis[0] * lis[1], rel=1e-6)


def test_official_object_nis_table():
    # official: tools/Vcoco_lis_nis.py L23 (horse, contiguous id 18: t_inter 0.01, t_no 0.95)
    # and L251 (interactive < t_inter and non-interactive > t_no)
    post = VCOCONonInteractionSuppression()
    _, keep = run(post, ['horse', 'horse', 'horse'],
                  binary=[[0.96, 0.005], [0.94, 0.005], [0.96, 0.02]])
    assert keep[:, col('ride_instr')].tolist() == [False, True, True]
    # bicycle (id 2): (0.0015, 0.8)
    _, keep = run(post, ['bicycle'], binary=[[0.81, 0.001]])
    assert not keep[0, col('ride_instr')]
    # agent-only classes are never suppressed
    assert keep[0, col('walk')]
    # NIS off
    _, keep = run(VCOCONonInteractionSuppression(object_thresholds=None, prior=False),
                  ['horse'], binary=[[0.96, 0.005]])
    assert keep[0].all()


def test_person_objects_always_suppressed():
    # official: tools/Vcoco_lis_nis.py L251 ``or class_O[max_idx[i]] == 1``
    post = VCOCONonInteractionSuppression(prior=False)
    _, keep = run(post, ['person', 'cup'])
    assert not keep[0, col('look_obj')] and keep[1, col('look_obj')]
    assert keep[0, col('stand')]
    _, keep = run(VCOCONonInteractionSuppression(prior=False, suppress_person_objects=False),
                  ['person'])
    assert keep[0].all()


def test_apply_prior_rules():
    # official: tools/Vcoco_lis_nis.py apply_prior L52-116 (contiguous COCO ids)
    post = VCOCONonInteractionSuppression(lis=None, object_thresholds=None)
    scores, _ = run(post, ['cup', 'horse', 'person', 'sports_ball'])
    assert scores[:, col('drink_instr')].tolist() == [1, 0, 0, 0]  # L63: 41 40 42 46
    assert scores[:, col('ride_instr')].tolist() == [0, 1, 0, 0]  # L107
    assert scores[:, col('cut_obj')].tolist() == [1, 1, 0, 1]  # L113: not a person
    assert scores[:, col('kick_obj')].tolist() == [0, 0, 0, 1]  # L60: 33
    assert scores[:, col('hold_obj')].tolist() == [1, 1, 1, 1]  # no rule
    table = official_prior_table(TIN_VCOCO_CLASSES)
    assert table.shape == (29, 81) and table.sum(1)[col('read_obj')] == 1  # L57: book only


def test_prior_mask():
    # official: tools/Vcoco_lis_nis.py L176-179: prediction * prior_mask[:, class_id]
    mask = np.ones((29, 81), np.float32)
    mask[col('hold_obj'), 42] = 0.5  # cup: contiguous id 42
    post = VCOCONonInteractionSuppression(lis=None, object_thresholds=None, prior_mask=mask)
    scores, _ = run(post, ['cup', 'bottle'])
    assert scores[:, col('hold_obj')].tolist() == [0.5, 1.0]
    with pytest.raises(ValueError, match=r'prior_mask: expected shape \[29, K > 80\]'):
        VCOCONonInteractionSuppression(prior_mask=np.ones((29, 80)))


def test_refuses_other_class_counts():
    post = VCOCONonInteractionSuppression()
    with pytest.raises(ValueError, match='25 scores per pair, expected 29'):
        post(torch.ones(1, 25), torch.ones(1, 2), torch.zeros(1, dtype=torch.long),
             torch.ones(1), torch.ones(1))
