"""LSTMActionHead: L2 pooling, clips packed by their true length, one-step classification."""
import pytest
import torch

import hoi_plugins  # noqa: F401
from hoi_plugins.models.heads.lstm_action_head import LSTMActionHead, l2_pool


def test_l2_pool_is_root_of_sum_of_squares():
    """Rule (official: models/rnn.py L77 ``F.lp_pool2d(frame_feats, 2, spatial_dim)``)."""
    maps = torch.tensor([[[[3.0, 0.0], [0.0, 4.0]]]])
    assert l2_pool(maps).item() == pytest.approx(5.0)


def test_padded_steps_do_not_change_a_clip_logits():
    """Rule (official: models/rnn.py L67 ``pack_padded_sequence(..., length)``): a clip of 2 real
    frames gives the same logits however many (non-zero) padding steps follow; the per-step
    logits of its real steps too."""
    torch.manual_seed(0)
    head = LSTMActionHead(num_classes=3, in_channels=4, hidden_size=5)
    maps = torch.rand(1, 4, 4, 2, 2)
    short, _ = head(maps[:, :2], torch.tensor([2]))
    padded, steps = head(maps, torch.tensor([2]))
    torch.testing.assert_close(padded, short)
    one_step = head.classify_pooled(l2_pool(maps[:, 0]))
    torch.testing.assert_close(steps[:, 0], one_step)
