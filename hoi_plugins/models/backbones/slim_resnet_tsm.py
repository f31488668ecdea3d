"""mmaction2's ``ResNetTSM`` with a configurable width."""
from mmaction.models.backbones import ResNetTSM
from mmaction.models.backbones.resnet import make_res_layer
from mmcv.cnn import ConvModule
from torch import nn

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class SlimResNetTSM(ResNetTSM):
    """``ResNetTSM`` whose stem and stages are ``base_channels * (1, 1, 2, 4, 8)`` wide.

    With ``base_channels=64`` it is ``ResNetTSM`` itself (same modules, same keys); smaller
    widths give the tiny networks of the synthetic configs (the feature has
    ``base_channels * 8 * expansion`` channels).

    Args:
        depth (int): ResNet depth (18, 34, 50, ...). Defaults to 18.
        base_channels (int): width of the stem and of the first stage. Defaults to 64.
        **resnet_tsm_args: the other arguments of ``ResNetTSM`` (``num_segments``,
            ``shift_div``, ``in_channels``, ``pretrained``, ...).
    """

    def __init__(self, depth: int = 18, base_channels: int = 64, **resnet_tsm_args) -> None:
        self.base_channels = base_channels
        super().__init__(depth=depth, **resnet_tsm_args)

    def _make_stem_layer(self) -> None:
        """7x7 convolution + BN + ReLU to ``base_channels``, then max pooling."""
        self.conv1 = ConvModule(
            self.in_channels, self.base_channels, kernel_size=7, stride=2, padding=3,
            bias=False, conv_cfg=self.conv_cfg, norm_cfg=self.norm_cfg, act_cfg=self.act_cfg)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def init_structure(self) -> None:
        """Rebuild the stages at this width, then add the temporal shift (``ResNetTSM``)."""
        if self.base_channels != 64:
            inplanes = self.base_channels
            for i, num_blocks in enumerate(self.stage_blocks):
                planes = self.base_channels * 2**i
                layer = make_res_layer(
                    self.block, inplanes, planes, num_blocks, stride=self.strides[i],
                    dilation=self.dilations[i], style=self.style, conv_cfg=self.conv_cfg,
                    norm_cfg=self.norm_cfg, act_cfg=self.act_cfg, with_cp=self.with_cp)
                setattr(self, f'layer{i + 1}', layer)
                inplanes = planes * self.block.expansion
            self.feat_dim = inplanes
        super().init_structure()
