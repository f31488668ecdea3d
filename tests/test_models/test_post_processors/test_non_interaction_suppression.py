"""NonInteractionSuppression: LIS and NIS as Generate_HICO_detection_nis.py applies them."""
import math

import numpy as np
import pytest
import torch

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.models.post_processors import NonInteractionSuppression
from hoi_plugins.models.post_processors.non_interaction_suppression import \
    low_grade_instance_suppression


def test_nis_drops_non_interactive_pairs_but_not_no_interaction_classes():
    # official: HICO-DET_Benchmark/Generate_HICO_detection_nis.py L115-117
    classes = hico_det_classes()
    person = classes.person_object
    nis = NonInteractionSuppression(no_interaction_thr=0.85, interaction_thr=0.1,
                                    object_thresholds=None, lis=None)
    scores = torch.ones(2, 600)
    binary = torch.tensor([[0.9, 0.05], [0.9, 0.5]])
    objects = torch.tensor([person, person])
    fused, keep = nis(scores, binary, objects, torch.ones(2), torch.ones(2))
    no_interaction = classes.hoi_verb == classes.verbs.index('no_interaction') + 1
    assert keep[0].numpy().tolist() == no_interaction.tolist()
    assert keep[1].all()
    # exempt pairs (the fallback images, official `all_remaining`, L115) are never dropped
    _, keep = nis(scores, binary, objects, torch.ones(2), torch.ones(2),
                  torch.tensor([True, False]))
    assert keep[0].all()


def test_nis_default_thresholds_are_the_official_runs():
    # official: tools/Test_TIN_HICO.py L75-79 passes 0.9 (no interaction) and 0.1
    classes = hico_det_classes()
    cup = classes.coco_to_object()[47]  # not in the per-object table
    nis = NonInteractionSuppression(lis=None)
    _, keep = nis(torch.ones(2, 600), torch.tensor([[0.87, 0.05], [0.91, 0.05]]),
                  torch.tensor([cup, cup]), torch.ones(2), torch.ones(2))
    cup_classes = torch.from_numpy(classes.hoi_object == cup)
    assert keep[0][cup_classes].all()  # 0.87 < 0.9: kept
    assert not keep[1][cup_classes].all()


def test_lis_and_switching_nis_off():
    # official: Generate_HICO_detection_nis.py L38-40, L72 getSigmoid(10, 1.4, 0, x), a = 6
    classes = hico_det_classes()
    objects = torch.tensor([classes.person_object] * 2)
    off = NonInteractionSuppression(enabled=False)
    fused, keep = off(torch.ones(2, 600), torch.tensor([[0.99, 0.0], [0.99, 0.0]]), objects,
                      torch.ones(2), torch.full((2, ), 0.5))
    assert keep.all()
    lis = 6 / (1 + math.exp(10 - 1.4)) * 6 / (1 + math.exp(10 - 0.7))
    assert fused[0, 0].item() == pytest.approx(lis, rel=1e-5)
    assert low_grade_instance_suppression(torch.tensor(0.0)).item() == pytest.approx(
        6 / (1 + math.exp(10)))


@pytest.mark.parametrize('classid,coco_id,expected', [
    (63, 72, (0.95, 0.15)), (43, 48, (0.85, 0.1)), (57, 62, (0.85, 0.2)),
    (48, 53, (0.85, 0.2)), (41, 46, (0.85, 0.15)), (2, 2, (0.85, 0.2)), (4, 4, (0.85, 0.15)),
    (31, 35, (0.85, 0.1)), (19, 20, (0.85, 0.2)), (1, 1, (0.85, 0.05)),
    (11, 11, (0.85, 0.15)), (5, 5, (0.9, 0.1))])
def test_official_object_thresholds(classid, coco_id, expected):
    # official: Generate_HICO_detection_nis.py L78-110, keyed by the detector's class id
    # (COCO order 1..80); ours by COCO category id
    classes = hico_det_classes()
    assert int(np.sort(classes.object_coco_ids)[classid - 1]) == coco_id
    nis = NonInteractionSuppression()
    assert nis.thresholds[classes.coco_to_object()[coco_id]].tolist() == pytest.approx(expected)
