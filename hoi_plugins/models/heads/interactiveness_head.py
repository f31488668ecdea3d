"""TIN interactiveness discriminator: does this human interact with this object at all?"""
from typing import Dict, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class InteractivenessHead(BaseModule):
    """Binary discriminator with 2 logits ``[no interaction, interaction]``.

    Human branch: FC on (``fc7_H``, ``fc7_SH``, ``sp``, pose) -> dropout; object branch: FC on
    (``fc7_O``, ``fc7_SO``) -> dropout; both concatenated -> FC -> dropout -> FC 2. Loss: sigmoid
    cross-entropy on the logits multiplied by ``binary_weight`` against one-hot labels.

    The official network orders its columns the other way round ([interaction, no interaction]:
    positive label ``[1, 0]``, ``lib/ult/ult.py`` L828) and weighs them by ``binary_weight`` =
    (log 5, log 1.25) (``lib/networks/TIN_HICO.py`` L132, L482): log 5 on the *interactive*
    column. Here ``binary_weight`` follows this head's column order, so the official weights are
    (log 1.25, log 5).

    Args:
        human_channels (int): width of the human input. Defaults to 2048 + 1024 + 5408 + 2704.
        object_channels (int): width of the object input. Defaults to 2048 + 1024.
        hidden (int): FC width. Defaults to 1024.
        dropout (float): drop probability (1 - ``TRAIN_DROP_OUT_BINARY``). Defaults to 0.2.
        binary_weight (Sequence[float]): logit weights of the (no interaction, interaction)
            columns. Defaults to (log 1.25, log 5), the official HICO-DET weights.
        loss_weight (float): factor of the loss. Defaults to 1.0.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self, human_channels: int = 11184, object_channels: int = 3072,
                 hidden: int = 1024, dropout: float = 0.2,
                 binary_weight: Sequence[float] = (0.22314355131420976, 1.6094379124341003),
                 loss_weight: float = 1.0, init_cfg: dict = None) -> None:
        super().__init__(init_cfg)
        self.human_branch = nn.Sequential(nn.Linear(human_channels, hidden),
                                          nn.ReLU(inplace=True), nn.Dropout(dropout))
        self.object_branch = nn.Sequential(nn.Linear(object_channels, hidden),
                                           nn.ReLU(inplace=True), nn.Dropout(dropout))
        self.classifier = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.ReLU(inplace=True),
                                        nn.Dropout(dropout), nn.Linear(hidden, 2))
        self.register_buffer('binary_weight', torch.tensor(binary_weight, dtype=torch.float32),
                             persistent=False)
        self.loss_weight = loss_weight

    def forward(self, human: torch.Tensor, obj: torch.Tensor) -> torch.Tensor:
        """``[P, 2]`` logits."""
        fused = torch.cat([self.human_branch(human), self.object_branch(obj)], dim=1)  # [P, 2h]
        return self.classifier(fused)  # [P, 2]

    def loss(self, logits: torch.Tensor, labels: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``labels`` ``[P]`` 1 interaction / 0 none."""
        target = F.one_hot(labels.long(), 2).float()  # [P, 2]
        loss = F.binary_cross_entropy_with_logits(logits * self.binary_weight, target)
        return dict(loss_interactiveness=self.loss_weight * loss)
