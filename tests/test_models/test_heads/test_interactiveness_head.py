"""InteractivenessHead: the official binary loss, weights on the official columns."""
import math

import pytest
import torch

from hoi_plugins.models.heads import InteractivenessHead


def official_binary_loss(logits_official_order, label_official):
    """TIN_HICO.py L132, L482, L487: mean sigmoid cross-entropy of logits x binary_weight, the
    columns (interaction, no interaction), a positive labelled [1, 0] (ult.py L828)."""
    weight = (math.log(5), math.log(1.25))  # 1.6094379124341003, 0.22314355131420976
    total = 0.0
    for x, w, y in zip(logits_official_order, weight, label_official):
        z = x * w
        total += max(z, 0) - z * y + math.log1p(math.exp(-abs(z)))
    return total / 2


@pytest.mark.parametrize('interactive', [True, False])
def test_interactiveness_loss_weighs_the_interactive_column_by_log5(interactive):
    head = InteractivenessHead(3, 3, hidden=4)  # the default weights are the official ones
    no_inter, inter = 0.3, 1.2  # our columns: (no interaction, interaction)
    loss = head.loss(torch.tensor([[no_inter, inter]]),
                     torch.tensor([int(interactive)]))['loss_interactiveness']
    expected = official_binary_loss((inter, no_inter), (1, 0) if interactive else (0, 1))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    # log 5 on the wrong column gives another loss (the bug of issue 11 item 6)
    swapped = InteractivenessHead(3, 3, hidden=4, binary_weight=(math.log(5), math.log(1.25)))
    wrong = swapped.loss(torch.tensor([[no_inter, inter]]),
                         torch.tensor([int(interactive)]))['loss_interactiveness']
    assert wrong.item() != pytest.approx(expected, rel=1e-3)


def test_interactiveness_head_outputs_two_logits_per_pair():
    head = InteractivenessHead(3, 5, hidden=4)
    assert head(torch.zeros(7, 3), torch.zeros(7, 5)).shape == (7, 2)
