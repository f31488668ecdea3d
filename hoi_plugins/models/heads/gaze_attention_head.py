"""Attention and classifier module of Gaze-Attention (``I3D_IGA_attn`` of the official code)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class GazeAttentionHead(BaseModule):
    """Classifies a feature map under a discrete spatio-temporal attention location.

    The one-hot location ``z`` ([N, T, H, W]) goes through a fully connected layer and a sigmoid
    to a soft mask over the grid, which gates the feature ``h``; the pooled gated feature plus
    the pooled ``h`` (residual) is classified by a 1x1x1 convolution. Without ``z`` (a model
    without attention) the pooled ``h`` alone is classified.

    Args:
        num_classes (int): Number of actions. Defaults to 106.
        in_channels (int): Channels of ``h`` (1024 for I3D ``Mixed_5c``). Defaults to 1024.
        num_positions (int): T * H * W of the feature grid (3 * 7 * 7 for 24x224x224 inputs).
            Defaults to 147.
        dropout_ratio (float): Dropout before the classifier. Defaults to 0.7.
        init_cfg (dict | list[dict], optional): mmengine initialisation config. Defaults to None.
    """

    def __init__(self, num_classes: int = 106, in_channels: int = 1024,
                 num_positions: int = 147, dropout_ratio: float = 0.7,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.num_positions = num_positions
        self.fc_attention = nn.Linear(num_positions, num_positions)
        self.dropout = nn.Dropout(dropout_ratio)
        self.fc_cls = nn.Conv3d(in_channels, num_classes, 1)

    def forward(self, z: Optional[torch.Tensor], h: torch.Tensor) -> torch.Tensor:
        """Logits [N, num_classes] of features ``h`` [N, C, T, H, W] attended at ``z``."""
        if z is None:
            logits = self.fc_cls(self.dropout(F.adaptive_avg_pool3d(h, 1)))  # [N, K, 1, 1, 1]
            return logits.flatten(1)  # [N, num_classes]
        if z[0].numel() != self.num_positions or z.shape[1:] != h.shape[2:]:
            raise ValueError(f'attention grid {tuple(z.shape[1:])} must match the feature grid '
                             f'{tuple(h.shape[2:])} with {self.num_positions} positions')
        mask = self.fc_attention(z.flatten(1)).view(z.shape)  # [N, T, H, W]
        gated = h * torch.sigmoid(mask).unsqueeze(1)  # [N, C, T, H, W]
        pooled = F.adaptive_avg_pool3d(gated, 1) + F.adaptive_avg_pool3d(h, 1)  # [N, C, 1, 1, 1]
        logits = self.fc_cls(self.dropout(pooled))  # [N, num_classes, 1, 1, 1]
        return logits.flatten(1)  # [N, num_classes]
