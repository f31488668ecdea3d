"""Anticipation: map an inactive object's feature map toward the active (interacting) frame."""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from hoi_plugins.registry import MODELS

LOSS_TYPES = ('mse', 'triplet')


@MODELS.register_module()
class AnticipationModule(nn.Module):
    """``project`` = [conv3x3, BN, ReLU] x 2 on the inactive image's map, and its loss.

    The loss compares pooled features: ``mse`` is ``mean((anticipated - active)^2)`` per item;
    ``triplet`` L2-normalises anticipated (anchor), active (positive) and a negative inactive
    image of another object, with ``margin``. Both are averaged over the batch and multiplied by
    ``loss_weight`` (the official code uses 0.1 for ``mse`` and 1 for ``triplet``).

    Args:
        in_channels (int): channels of the frame maps. Defaults to 2048.
        loss_type (str): ``'mse'`` or ``'triplet'``. Defaults to ``'mse'``.
        loss_weight (float): weight of the anticipation loss. Defaults to 0.1.
        margin (float): triplet margin. Defaults to 0.5.
    """

    def __init__(self, in_channels: int = 2048, loss_type: str = 'mse',
                 loss_weight: float = 0.1, margin: float = 0.5) -> None:
        super().__init__()
        if loss_type not in LOSS_TYPES:
            raise ValueError(f'loss_type must be one of {LOSS_TYPES}, got "{loss_type}"')
        self.loss_type = loss_type
        self.loss_weight = loss_weight
        self.margin = margin
        self.project = nn.Sequential(
            nn.Conv2d(in_channels, in_channels, kernel_size=3, padding=1),
            nn.BatchNorm2d(in_channels), nn.ReLU(inplace=True),
            nn.Conv2d(in_channels, in_channels, kernel_size=3, padding=1),
            nn.BatchNorm2d(in_channels), nn.ReLU(inplace=True))

    def forward(self, inactive_maps: torch.Tensor) -> torch.Tensor:
        """Anticipated active maps ``[N, C, h, w]`` of inactive maps ``[N, C, h, w]``."""
        return self.project(inactive_maps)  # [N, C, h, w]

    def loss(self, anticipated: torch.Tensor, active: torch.Tensor,
             negative: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Weighted anticipation loss of pooled features, each ``[N, C]``.

        Args:
            anticipated (torch.Tensor): pooled anticipated (projected inactive) features.
            active (torch.Tensor): pooled features of the clip's active frame.
            negative (torch.Tensor, optional): pooled features of an inactive image of another
                object; required by ``triplet``. Defaults to None.
        """
        if self.loss_type == 'mse':
            loss = ((anticipated - active) ** 2).mean(1)  # [N]
        else:
            if negative is None:
                raise ValueError('the triplet anticipation loss needs negative inactive images '
                                 '(inputs["negative"])')
            loss = F.triplet_margin_loss(
                F.normalize(anticipated, dim=1), F.normalize(active, dim=1),
                F.normalize(negative, dim=1), margin=self.margin, reduction='none')  # [N]
        return self.loss_weight * loss.mean()
