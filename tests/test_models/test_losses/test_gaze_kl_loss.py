"""GazeKLLoss against hand-computed KL divergences."""
import math

import pytest
import torch

from hoi_plugins.models.losses import GazeKLLoss


def test_kl_over_time_steps_with_gaze_by_hand():
    """official: main.py L175-180 (KL(normalised map || softmax(pi)) with 'batchmean' over the
    time steps whose map has mass). Uniform logits over 4 cells, the gaze on one cell: KL =
    log 4; the second step has no gaze and does not count."""
    logits = torch.zeros(1, 2, 2, 2)
    maps = torch.zeros(1, 2, 4, 4)
    maps[0, 0, 0, 0] = 1.0
    assert GazeKLLoss()(logits, maps).item() == pytest.approx(math.log(4))
    assert GazeKLLoss()(logits, torch.zeros(1, 2, 4, 4)).item() == 0


def test_maps_are_max_pooled_onto_the_grid():
    """official: main.py L171-172 (max pooling of the 224x224 maps by 32x32 onto 7x7). One cell
    holds a single pixel of 1, another a full 2x2 block of 1: max pooling gives (1, 1, 0, 0) ->
    (1/2, 1/2, 0, 0) and KL = log 2 against uniform logits (average pooling would give 0.886)."""
    maps = torch.zeros(1, 1, 4, 4)
    maps[0, 0, 0, 0] = 1.0
    maps[0, 0, 0:2, 2:4] = 1.0
    assert GazeKLLoss()(torch.zeros(1, 1, 2, 2), maps).item() == pytest.approx(math.log(2))


def test_weight_and_logit_softmax():
    logits = torch.tensor([0.0, math.log(3.0), 0.0, 0.0]).view(1, 1, 2, 2)  # p = 1/2 at cell 1
    maps = torch.zeros(1, 1, 2, 2)
    maps[0, 0, 0, 1] = 2.0
    assert GazeKLLoss(loss_weight=3.0)(logits, maps).item() == pytest.approx(3 * math.log(2))
