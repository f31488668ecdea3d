"""Pose-driven feature integration of IntegralAction (the official ``Aggregator``)."""
from typing import Optional, Tuple

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmengine.model.weight_init import normal_init

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class PoseDrivenIntegration(BaseModule):
    """Weight an appearance feature and a pose feature by a gate computed from the pose.

    Both features are averaged over space; the gate is ``g = sigmoid(Linear(pose))``; each
    feature is projected by a 1x1 conv + BN + ReLU (and a LayerNorm when gated) to
    ``out_channels``; the output is ``(1 - g) * rgb + g * pose``. Trained with a loss pushing
    ``g`` toward 1 (see ``IntegralActionRecognizer.loss_gate``), the appearance feature takes
    over only where the pose feature cannot keep the gate up, i.e. where pose is uninformative.
    With ``use_gate=False`` it is the paper's baseline: the plain sum of the projections.

    It works on any pair of per-frame features, so any RGB recognizer can use it as its fusion
    module.

    Args:
        rgb_channels (int): channels of the RGB feature. Defaults to 512.
        pose_channels (int): channels of the pose feature. Defaults to 512.
        out_channels (int): channels of the fused feature. Defaults to 512.
        use_gate (bool): gate the two features (else sum them). Defaults to True.
        init_std_conv (float): std of the normal init of the convs. Defaults to 0.001.
        init_std_linear (float): std of the normal init of the gate layer. Defaults to 0.01.
    """

    def __init__(self, rgb_channels: int = 512, pose_channels: int = 512,
                 out_channels: int = 512, use_gate: bool = True,
                 init_std_conv: float = 0.001, init_std_linear: float = 0.01) -> None:
        super().__init__()
        self.use_gate = use_gate
        self.init_std_conv = init_std_conv
        self.init_std_linear = init_std_linear
        self.rgb_proj = ConvModule(rgb_channels, out_channels, 1, bias=True,
                                   norm_cfg=dict(type='BN'), act_cfg=dict(type='ReLU'))
        self.pose_proj = ConvModule(pose_channels, out_channels, 1, bias=True,
                                    norm_cfg=dict(type='BN'), act_cfg=dict(type='ReLU'))
        if use_gate:
            self.gate_fc = nn.Linear(pose_channels, out_channels)
            self.rgb_norm = nn.LayerNorm([out_channels, 1, 1])
            self.pose_norm = nn.LayerNorm([out_channels, 1, 1])

    def init_weights(self) -> None:
        """Normal init as in the official code: convs std 0.001, the gate layer std 0.01."""
        for module in (self.rgb_proj.conv, self.pose_proj.conv):
            normal_init(module, std=self.init_std_conv)
        if self.use_gate:
            normal_init(self.gate_fc, std=self.init_std_linear)

    def forward(self, rgb_feat: torch.Tensor, pose_feat: torch.Tensor
                ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        """Fuse per-frame features.

        Args:
            rgb_feat (torch.Tensor): ``[N, rgb_channels, H, W]``.
            pose_feat (torch.Tensor): ``[N, pose_channels, h, w]``.

        Returns:
            tuple: the fused feature ``[N, out_channels, 1, 1]`` and the gate logits
            ``[N, out_channels]`` (``sigmoid`` of them is the pose weight; None without gate).
        """
        rgb_feat = rgb_feat.mean((2, 3), keepdim=True)  # [N, rgb_channels, 1, 1]
        pose_feat = pose_feat.mean((2, 3), keepdim=True)  # [N, pose_channels, 1, 1]
        rgb_proj = self.rgb_proj(rgb_feat)  # [N, out_channels, 1, 1]
        pose_proj = self.pose_proj(pose_feat)  # [N, out_channels, 1, 1]
        if not self.use_gate:
            return rgb_proj + pose_proj, None
        gate_logits = self.gate_fc(pose_feat.flatten(1))  # [N, out_channels]
        gate = torch.sigmoid(gate_logits)[:, :, None, None]  # [N, out_channels, 1, 1]
        fused = (1 - gate) * self.rgb_norm(rgb_proj) + gate * self.pose_norm(pose_proj)
        # [N, out_channels, 1, 1]
        return fused, gate_logits
