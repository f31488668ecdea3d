"""A frozen dilated 2D ResNet frame encoder (mmaction2's ``ResNet``), as Interaction Hotspots."""
from typing import Optional, Sequence

import torch
from mmaction.models.backbones.resnet import BasicBlock, ResNet

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class DilatedResNet(ResNet):
    """mmaction2's 2D ``ResNet`` with dilated stages, frozen as a fixed frame encoder.

    With the defaults (strides ``(1, 2, 1, 1)``, dilations ``(1, 1, 2, 4)``) a 224x224 frame gives
    a ``(2048, 28, 28)`` map, the ``dr50_n28`` encoder of the paper. As in the official code only
    the first block of a stage is dilated (the others keep dilation 1), which keeps ImageNet
    weights and the released checkpoints exact.

    Args:
        depth (int): ResNet depth (18, 34, 50, 101, 152). Defaults to 50.
        pretrained (str, optional): torchvision ImageNet checkpoint (path or URL) loaded by
            mmaction2's ``ResNet``. Defaults to None (random initialisation).
        num_stages (int): number of stages. Defaults to 4.
        strides (Sequence[int]): stride of each stage. Defaults to ``(1, 2, 1, 1)``.
        dilations (Sequence[int]): dilation of each stage's first block.
            Defaults to ``(1, 1, 2, 4)``.
        frozen (bool): no gradients and always in eval mode. Defaults to True.
        init_cfg (dict | list, optional): mmaction2 ``ResNet`` initialisation when
            ``pretrained`` is None. Defaults to mmaction2's (Kaiming convs, BN weight 1).
    """

    def __init__(self, depth: int = 50, pretrained: Optional[str] = None,
                 num_stages: int = 4, strides: Sequence[int] = (1, 2, 1, 1),
                 dilations: Sequence[int] = (1, 1, 2, 4), frozen: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        default_init = [dict(type='Kaiming', layer='Conv2d'),
                        dict(type='Constant', layer='BatchNorm2d', val=1.)]
        super().__init__(
            depth=depth, pretrained=pretrained, torchvision_pretrain=True,
            num_stages=num_stages, out_indices=(num_stages - 1, ), strides=strides,
            dilations=dilations, frozen_stages=num_stages if frozen else -1,
            norm_eval=frozen, init_cfg=init_cfg if init_cfg is not None else default_init)
        self.frozen = frozen
        self.out_channels = self.feat_dim if num_stages == 4 else \
            self.block.expansion * 64 * 2**(num_stages - 1)
        for layer_name in self.res_layers:
            for block in getattr(self, layer_name)[1:]:
                conv = (block.conv1 if isinstance(block, BasicBlock) else block.conv2).conv
                conv.dilation, conv.padding = (1, 1), (1, 1)
        if frozen:
            self._freeze_stages()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Frame maps ``[N, C_out, H / 8, W / 8]`` (defaults) of frames ``[N, 3, H, W]``."""
        with torch.set_grad_enabled(torch.is_grad_enabled() and not self.frozen):
            return super().forward(x)  # [N, C_out, h, w]
