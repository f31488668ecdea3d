"""AnticipationModule: the projection and the MSE / triplet anticipation losses."""
import pytest
import torch
import torch.nn.functional as F

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS


def test_mse_anticipation_loss_value():
    """Rule (official: models/rnn.py L112 ``0.1 * ((positive_pooled - active_pooled) ** 2)
    .mean(1)``), averaged over the batch."""
    module = MODELS.build(dict(type='AnticipationModule', in_channels=2))
    loss = module.loss(torch.tensor([[1.0, 3.0], [0.0, 0.0]]), torch.tensor([[0.0, 0.0]] * 2))
    assert loss.item() == pytest.approx(0.1 * ((1 + 9) / 2 + 0) / 2)


def test_triplet_loss_normalises_and_uses_the_margin():
    """Rule (official: models/rnn.py L116-117 ``F.triplet_margin_loss(normalize(anchor), normalize(
    active), normalize(negative), margin=0.5)``): anchor (2, 0) and active (0, 3) are at
    distance sqrt(2) once normalised, the negative (1, 0) at 0: loss = sqrt(2) - 0 + 0.5."""
    module = MODELS.build(dict(type='AnticipationModule', in_channels=2, loss_type='triplet',
                               loss_weight=1.0))
    loss = module.loss(torch.tensor([[2.0, 0.0]]), torch.tensor([[0.0, 3.0]]),
                       torch.tensor([[1.0, 0.0]]))
    assert loss.item() == pytest.approx(2 ** 0.5 + 0.5, abs=1e-5)
    with pytest.raises(ValueError, match='needs negative inactive images'):
        module.loss(torch.ones(1, 2), torch.ones(1, 2))


def test_projection_is_two_conv_bn_relu_blocks():
    module = MODELS.build(dict(type='AnticipationModule', in_channels=3)).eval()
    maps = torch.randn(1, 3, 5, 5)
    expected = maps
    for conv, bn in ((module.project[0], module.project[1]),
                     (module.project[3], module.project[4])):
        expected = F.relu(bn(conv(expected)))
    torch.testing.assert_close(module(maps), expected)
