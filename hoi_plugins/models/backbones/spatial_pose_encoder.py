"""TIN spatial-pose encoder: the interaction pattern and the pose map through small CNNs."""
from typing import Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from hoi_plugins.registry import MODELS


def _conv_stack(in_channels: int, channels: Sequence[int]) -> nn.Sequential:
    layers = []
    for out_channels in channels:
        layers += [nn.Conv2d(in_channels, out_channels, 5), nn.ReLU(inplace=True),
                   nn.MaxPool2d(2)]
        in_channels = out_channels
    return nn.Sequential(*layers, nn.Flatten())


@MODELS.register_module()
class SpatialPoseEncoder(BaseModule):
    """Encode the 2-channel interaction pattern and the pose map of each pair.

    Each path is conv 5x5 (VALID) -> ReLU -> max-pool 2, twice, then flatten.

    Args:
        pattern_channels (Sequence[int]): conv widths of the pattern path. Defaults to (64, 32).
        pose_channels (Sequence[int]): conv widths of the pose path. Defaults to (32, 16).
        size (int): pattern side. Defaults to 64.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self, pattern_channels: Sequence[int] = (64, 32),
                 pose_channels: Sequence[int] = (32, 16), size: int = 64,
                 init_cfg: dict = None) -> None:
        super().__init__(init_cfg)
        self.pattern_path = _conv_stack(2, pattern_channels)
        self.pose_path = _conv_stack(1, pose_channels)
        side = size
        for _ in pattern_channels:
            side = (side - 4) // 2
        self.pattern_dim = pattern_channels[-1] * side * side
        side = size
        for _ in pose_channels:
            side = (side - 4) // 2
        self.pose_dim = pose_channels[-1] * side * side

    def forward(self, patterns: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """``patterns`` ``[P, 3, 64, 64]`` -> (``[P, pattern_dim]``, ``[P, pose_dim]``)."""
        spatial = self.pattern_path(patterns[:, :2])  # [P, 32 * 13 * 13]
        pose = self.pose_path(patterns[:, 2:])  # [P, 16 * 13 * 13]
        return spatial, pose
