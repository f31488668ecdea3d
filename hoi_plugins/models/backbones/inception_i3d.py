"""Inception-v1 I3D (Carreira & Zisserman, CVPR 2017) as used by Gaze-Attention.

The module names follow the common PyTorch port of the Kinetics I3D (``Conv3d_1a_7x7``,
``Mixed_3b.b1b.conv3d`` ...) so that the released Gaze-Attention weights load after the prefix
mapping of ``tools/convert_weights/gaze_attention.py``. Every convolution and max pooling pads
"same" (TensorFlow style), computed from the input size at run time.
"""
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from hoi_plugins.registry import MODELS

# (name, kind, arguments) in network order; a Mixed block's numbers are the output channels of
# its branches: [b0, b1a, b1b, b2a, b2b, b3b].
_LAYERS = (
    ('Conv3d_1a_7x7', 'conv', dict(out_channels=64, kernel=(7, 7, 7), stride=(2, 2, 2))),
    ('MaxPool3d_2a_3x3', 'pool', dict(kernel=(1, 3, 3), stride=(1, 2, 2))),
    ('Conv3d_2b_1x1', 'conv', dict(out_channels=64, kernel=(1, 1, 1), stride=(1, 1, 1))),
    ('Conv3d_2c_3x3', 'conv', dict(out_channels=192, kernel=(3, 3, 3), stride=(1, 1, 1))),
    ('MaxPool3d_3a_3x3', 'pool', dict(kernel=(1, 3, 3), stride=(1, 2, 2))),
    ('Mixed_3b', 'mixed', dict(branches=(64, 96, 128, 16, 32, 32))),
    ('Mixed_3c', 'mixed', dict(branches=(128, 128, 192, 32, 96, 64))),
    ('MaxPool3d_4a_3x3', 'pool', dict(kernel=(3, 3, 3), stride=(2, 2, 2))),
    ('Mixed_4b', 'mixed', dict(branches=(192, 96, 208, 16, 48, 64))),
    ('Mixed_4c', 'mixed', dict(branches=(160, 112, 224, 24, 64, 64))),
    ('Mixed_4d', 'mixed', dict(branches=(128, 128, 256, 24, 64, 64))),
    ('Mixed_4e', 'mixed', dict(branches=(112, 144, 288, 32, 64, 64))),
    ('Mixed_4f', 'mixed', dict(branches=(256, 160, 320, 32, 128, 128))),
    ('MaxPool3d_5a_2x2', 'pool', dict(kernel=(2, 2, 2), stride=(2, 2, 2))),
    ('Mixed_5b', 'mixed', dict(branches=(256, 160, 320, 32, 128, 128))),
    ('Mixed_5c', 'mixed', dict(branches=(384, 192, 384, 48, 128, 128))),
)
END_POINTS = tuple(name for name, _, _ in _LAYERS)


def same_padding(x: torch.Tensor, kernel: Sequence[int], stride: Sequence[int]) -> torch.Tensor:
    """Pad ``x`` [N, C, T, H, W] so that ``kernel``/``stride`` windows give ceil(size / stride)."""
    pads = []
    for size, k, s in zip(reversed(x.shape[2:]), reversed(kernel), reversed(stride)):
        total = max(k - s, 0) if size % s == 0 else max(k - size % s, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)


class MaxPool3dSamePadding(nn.MaxPool3d):
    """3D max pooling with TensorFlow "same" padding (zeros, as in the Kinetics port)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(same_padding(x, self.kernel_size, self.stride))


class Unit3D(nn.Module):
    """Conv3d (no bias) + BatchNorm3d (eps 1e-3, momentum 0.01) + ReLU, "same" padding.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        kernel (Sequence[int]): Kernel size (t, h, w). Defaults to (1, 1, 1).
        stride (Sequence[int]): Stride (t, h, w). Defaults to (1, 1, 1).
    """

    def __init__(self, in_channels: int, out_channels: int,
                 kernel: Sequence[int] = (1, 1, 1), stride: Sequence[int] = (1, 1, 1)) -> None:
        super().__init__()
        self.kernel = tuple(kernel)
        self.stride = tuple(stride)
        self.conv3d = nn.Conv3d(in_channels, out_channels, self.kernel, self.stride, bias=False)
        self.bn = nn.BatchNorm3d(out_channels, eps=1e-3, momentum=0.01)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv3d(same_padding(x, self.kernel, self.stride))  # [N, C_out, T', H', W']
        return F.relu(self.bn(x))


class InceptionModule(nn.Module):
    """Inception block of I3D: four branches concatenated along the channels.

    Args:
        in_channels (int): Input channels.
        branches (Sequence[int]): Output channels of ``b0`` (1x1), ``b1a`` (1x1), ``b1b`` (3x3),
            ``b2a`` (1x1), ``b2b`` (3x3), ``b3b`` (1x1 after a 3x3 max pooling).
    """

    def __init__(self, in_channels: int, branches: Sequence[int]) -> None:
        super().__init__()
        self.b0 = Unit3D(in_channels, branches[0])
        self.b1a = Unit3D(in_channels, branches[1])
        self.b1b = Unit3D(branches[1], branches[2], kernel=(3, 3, 3))
        self.b2a = Unit3D(in_channels, branches[3])
        self.b2b = Unit3D(branches[3], branches[4], kernel=(3, 3, 3))
        self.b3a = MaxPool3dSamePadding(kernel_size=(3, 3, 3), stride=(1, 1, 1))
        self.b3b = Unit3D(in_channels, branches[5])
        self.out_channels = branches[0] + branches[2] + branches[4] + branches[5]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.b0(x), self.b1b(self.b1a(x)), self.b2b(self.b2a(x)),
                          self.b3b(self.b3a(x))], dim=1)  # [N, out_channels, T, H, W]


@MODELS.register_module()
class InceptionI3d(BaseModule):
    """Inception-v1 I3D returning the requested end points.

    With a 24x224x224 input the default end points are ``MaxPool3d_5a_2x2`` ([N, 832, 3, 7, 7])
    and ``Mixed_5c`` ([N, 1024, 3, 7, 7]), the two features of the Gaze-Attention base.

    Args:
        in_channels (int): 3 for RGB, 2 for optical flow (u, v). Defaults to 3.
        out_end_points (Sequence[str]): End points to return, in network order. Defaults to
            ('MaxPool3d_5a_2x2', 'Mixed_5c').
        init_cfg (dict | list[dict], optional): mmengine initialisation config (e.g. a
            ``Pretrained`` checkpoint converted by ``tools/convert_weights/gaze_attention.py``).
            Defaults to None.
    """

    def __init__(self, in_channels: int = 3,
                 out_end_points: Sequence[str] = ('MaxPool3d_5a_2x2', 'Mixed_5c'),
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        unknown = [name for name in out_end_points if name not in END_POINTS]
        if unknown or not out_end_points:
            raise ValueError(f'unknown end points {unknown}; valid: {END_POINTS}')
        self.out_end_points = tuple(sorted(out_end_points, key=END_POINTS.index))
        self.in_channels = in_channels
        channels = in_channels
        for name, kind, args in _LAYERS[:END_POINTS.index(self.out_end_points[-1]) + 1]:
            if kind == 'conv':
                layer = Unit3D(channels, args['out_channels'], args['kernel'], args['stride'])
                channels = args['out_channels']
            elif kind == 'pool':
                layer = MaxPool3dSamePadding(kernel_size=args['kernel'], stride=args['stride'])
            else:
                layer = InceptionModule(channels, args['branches'])
                channels = layer.out_channels
            self.add_module(name, layer)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """[N, in_channels, T, H, W] -> one feature map per end point."""
        outputs = []
        for name, layer in self.named_children():
            x = layer(x)  # e.g. Mixed_5c: [N, 1024, T / 8, H / 32, W / 32]
            if name in self.out_end_points:
                outputs.append(x)
        return tuple(outputs)
