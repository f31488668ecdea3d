"""TINHOIHead: the three streams' weighted losses and the fused inference score."""
import math

import pytest
import torch

from hoi_plugins.models.heads import TINHOIHead


def test_hoi_head_weighted_losses_use_positive_pairs_for_human_and_object():
    # official: lib/networks/TIN_HICO.py L479-490 (logits x HO_weight; H and O on the first
    # H_num rows, the positives; sp on all rows)
    head = TINHOIHead(4, 4, 4, hidden=8, num_classes=3, class_weight=[1.0, 2.0, 3.0])
    logits = dict(human=torch.tensor([[1.0, 0, 0], [5, 5, 5]]), object=torch.zeros(2, 3),
                  spatial=torch.tensor([[0.0, 1, 0], [1, 0, 0]]))
    labels = torch.tensor([[1.0, 0, 0], [0, 0, 0]])
    losses = head.loss(logits, labels, torch.tensor([True, False]))
    # human stream, row 0 only: logits x weights = [1, 0, 0] against [1, 0, 0]
    expected = (math.log1p(math.exp(-1)) + 2 * math.log(2)) / 3
    assert losses['loss_human'].item() == pytest.approx(expected)
    assert losses['loss_object'].item() == pytest.approx(math.log(2))
    # spatial stream over both rows, logits [[0, 2, 0], [1, 0, 0]] against the labels
    spatial = (math.log(2) + math.log1p(math.exp(2)) + math.log(2)
               + math.log1p(math.exp(1)) + 2 * math.log(2)) / 6
    assert losses['loss_spatial'].item() == pytest.approx(spatial)


def test_hoi_head_scores_are_sp_times_human_plus_object():
    # official: TIN_HICO.py L384 cls_prob_sp * (cls_prob_O + cls_prob_H)
    logits = dict(human=torch.tensor([[1.0]]), object=torch.tensor([[-2.0]]),
                  spatial=torch.tensor([[0.5]]))
    sig = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    assert TINHOIHead.predict(logits).item() == pytest.approx(sig(0.5) * (sig(1) + sig(-2)))


def test_class_weight_length_is_checked():
    with pytest.raises(ValueError, match='3 values, expected 4'):
        TINHOIHead(4, 4, 4, hidden=8, num_classes=4, class_weight=[1.0, 2.0, 3.0])
