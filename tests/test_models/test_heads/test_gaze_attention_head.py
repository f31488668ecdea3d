"""GazeAttentionHead (the official I3D_IGA_attn) on a hand-computed case."""
import math

import pytest
import torch

from hoi_plugins.models.heads import GazeAttentionHead


def unit_head(num_positions: int) -> GazeAttentionHead:
    """1 channel, 1 class; the mask is sigmoid(z) and the logit the pooled feature."""
    head = GazeAttentionHead(num_classes=1, in_channels=1, num_positions=num_positions,
                             dropout_ratio=0.7).eval()
    with torch.no_grad():
        head.fc_attention.weight.copy_(torch.eye(num_positions))
        head.fc_attention.bias.zero_()
        head.fc_cls.weight.fill_(1.0)
        head.fc_cls.bias.zero_()
    return head


def test_gated_pool_plus_residual_by_hand():
    """official: model.py L46-52: mean(h * sigmoid(fc(z))) + mean(h), dropout, 1x1x1 conv.
    Two time steps of 1x2 cells, h = (4, 0 | 2, 2), z at cell 0 of step 0 and cell 1 of step 1:
    the mask is sigmoid(1) = s at the attended cells and 1/2 elsewhere, so the logit is
    (4 s + 0 + 2 / 2 + 2 s) / 4 + 8 / 4 = 1.5 s + 2.25."""
    head = unit_head(4)
    h = torch.tensor([[4.0, 0.0], [2.0, 2.0]]).view(1, 1, 2, 1, 2)
    z = torch.tensor([[1.0, 0.0], [0.0, 1.0]]).view(1, 2, 1, 2)
    s = 1 / (1 + math.exp(-1))
    assert head(z, h).item() == pytest.approx(1.5 * s + 2.25, rel=1e-6)
    with torch.no_grad():
        head.fc_attention.bias.fill_(-2.0)  # sigmoid(z - 2): sigmoid(-1) and sigmoid(-2)
    expected = (6 / (1 + math.exp(1)) + 2 / (1 + math.exp(2))) / 4 + 2
    assert head(z, h).item() == pytest.approx(expected, rel=1e-6)


def test_without_attention_the_pooled_feature_is_classified():
    head = unit_head(4)
    h = torch.tensor([[4.0, 0.0], [2.0, 2.0]]).view(1, 1, 2, 1, 2)
    assert head(None, h).item() == pytest.approx(2.0)


def test_dropout_acts_in_training_only():
    head = unit_head(4)
    h = torch.full((64, 1, 2, 1, 2), 1.0)
    z = torch.zeros(64, 2, 1, 2)
    z[:, :, 0, 0] = 1
    assert torch.allclose(head(z, h), head(z, h))  # eval: deterministic
    torch.manual_seed(0)
    dropped = head.train()(z, h)
    assert (dropped == 0).float().mean().item() == pytest.approx(0.7, abs=0.2)


def test_grid_mismatch_is_named():
    head = unit_head(4)
    with pytest.raises(ValueError, match=r'attention grid \(2, 2, 2\)'):
        head(torch.zeros(1, 2, 2, 2), torch.zeros(1, 1, 2, 1, 2))
