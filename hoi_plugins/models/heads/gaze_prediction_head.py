"""Gaze prediction module of Gaze-Attention (``I3D_IGA_gaze`` of the official code)."""
from typing import Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from hoi_plugins.registry import MODELS
from ..backbones.inception_i3d import InceptionModule


@MODELS.register_module()
class GazePredictionHead(BaseModule):
    """Predicts one gaze logit per spatio-temporal cell of the last feature grid.

    Inception blocks (the official module has its own copies of ``Mixed_5b`` and ``Mixed_5c``),
    then two Conv3d (1x3x3) + BN + ReLU layers and a 1x1x1 convolution to one channel.

    Args:
        in_channels (int): Channels of the input feature (832 for I3D ``MaxPool3d_5a_2x2``).
            Defaults to 832.
        inception_branches (Sequence[Sequence[int]]): Branch widths of each Inception block
            (see :class:`InceptionModule`); empty for none. Defaults to the official
            ``Mixed_5b`` and ``Mixed_5c``.
        mid_channels (Sequence[int]): Output channels of the two 1x3x3 convolutions.
            Defaults to (256, 64).
        init_cfg (dict | list[dict], optional): mmengine initialisation config. Defaults to None.
    """

    def __init__(self, in_channels: int = 832,
                 inception_branches: Sequence[Sequence[int]] = (
                     (256, 160, 320, 32, 128, 128), (384, 192, 384, 48, 128, 128)),
                 mid_channels: Sequence[int] = (256, 64), init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.mixed_blocks = nn.ModuleList()
        channels = in_channels
        for branches in inception_branches:
            self.mixed_blocks.append(InceptionModule(channels, branches))
            channels = self.mixed_blocks[-1].out_channels
        self.conv1 = nn.Conv3d(channels, mid_channels[0], (1, 3, 3), padding=(0, 1, 1))
        self.bn1 = nn.BatchNorm3d(mid_channels[0], eps=1e-3, momentum=0.01)
        self.conv2 = nn.Conv3d(mid_channels[0], mid_channels[1], (1, 3, 3), padding=(0, 1, 1))
        self.bn2 = nn.BatchNorm3d(mid_channels[1], eps=1e-3, momentum=0.01)
        self.conv_logits = nn.Conv3d(mid_channels[1], 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """[N, in_channels, T, H, W] -> gaze logits [N, T, H, W]."""
        for block in self.mixed_blocks:
            x = block(x)  # [N, C_block, T, H, W]
        x = F.relu(self.bn1(self.conv1(x)))  # [N, mid_channels[0], T, H, W]
        x = F.relu(self.bn2(self.conv2(x)))  # [N, mid_channels[1], T, H, W]
        return self.conv_logits(x).squeeze(1)  # [N, T, H, W]
