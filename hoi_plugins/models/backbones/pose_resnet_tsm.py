"""IntegralAction's pose stream: a TSM ResNet entered after its stem from pose maps."""
import torch
from mmcv.cnn import ConvModule
from mmengine.model.weight_init import constant_init, normal_init

from hoi_plugins.registry import MODELS

from .slim_resnet_tsm import SlimResNetTSM


@MODELS.register_module()
class PoseResNetTSM(SlimResNetTSM):
    """mmaction2's ``ResNetTSM`` (width by ``base_channels``) whose stem is ``Pose2Feat``.

    ``Pose2Feat`` is a 3x3 convolution (with bias) + BN + ReLU from the ``in_channels`` pose
    maps (joint heatmaps and part affinity fields, e.g. 18 + 2 * 17 = 52 channels at 56x56) to
    the ``base_channels`` (64) the first residual stage expects; the 7x7 convolution and the
    max pooling of the RGB stem are skipped (the official ``skip_early=True``), so the maps
    enter at the stem's output resolution (a quarter of the RGB input).

    Args:
        in_channels (int): number of pose map channels.
        depth (int): ResNet depth (18, 34, 50, ...). Defaults to 18.
        base_channels (int): width of Pose2Feat and of the first stage. Defaults to 64.
        init_std_pose2feat (float): std of the normal init of the Pose2Feat conv (bias 0,
            BN 1 / 0), the official ``init_weights`` (main/model.py L116-121, L139).
            Defaults to 0.001.
        **resnet_tsm_args: the other arguments of ``ResNetTSM`` (``num_segments``,
            ``shift_div``, ``pretrained``, ``pretrained2d``, ...).
    """

    def __init__(self, in_channels: int, depth: int = 18, base_channels: int = 64,
                 init_std_pose2feat: float = 0.001, **resnet_tsm_args) -> None:
        self.init_std_pose2feat = init_std_pose2feat
        super().__init__(depth=depth, base_channels=base_channels, in_channels=in_channels,
                         **resnet_tsm_args)

    def _make_stem_layer(self) -> None:
        """Pose2Feat in place of conv1 + max pooling."""
        self.pose2feat = ConvModule(
            self.in_channels,
            self.base_channels,
            kernel_size=3,
            padding=1,
            bias=True,
            conv_cfg=self.conv_cfg,
            norm_cfg=self.norm_cfg,
            act_cfg=self.act_cfg)

    def init_weights(self) -> None:
        """The residual stages as ``ResNetTSM`` (e.g. ImageNet), then Pose2Feat normal with
        std ``init_std_pose2feat``, its BN weight 1 and bias 0."""
        super().init_weights()
        normal_init(self.pose2feat.conv, std=self.init_std_pose2feat, bias=0)
        constant_init(self.pose2feat.bn, 1, bias=0)

    def _freeze_stages(self) -> None:
        """Freeze Pose2Feat and the first ``frozen_stages`` residual stages."""
        if self.frozen_stages >= 0:
            self.pose2feat.eval()
            for param in self.pose2feat.parameters():
                param.requires_grad = False
        for i in range(1, self.frozen_stages + 1):
            layer = getattr(self, f'layer{i}')
            layer.eval()
            for param in layer.parameters():
                param.requires_grad = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``[N * T, in_channels, h, w]`` pose maps -> ``[N * T, C, h / 2**s, w / 2**s]``."""
        x = self.pose2feat(x)  # [N * T, base_channels, h, w]
        for layer_name in self.res_layers:
            x = getattr(self, layer_name)(x)  # [N * T, C_i, h_i, w_i]
        return x
