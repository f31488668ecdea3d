"""iCAN instance-centric attention: the context of an instance in the image feature map."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class InstanceCentricAttention(BaseModule):
    """Attention of an instance over the feature map, pooled into a context vector.

    ``head_phi`` and ``head_g`` are 1x1 convs of the map, the instance feature is embedded by an
    FC layer (one per instance kind, e.g. human and object) with dropout; the attention is the
    softmax over positions of their channel-mean product, the context the attention-weighted
    ``head_g`` through a 1x1 conv (``bottleneck``), averaged over positions. As in the official
    network (``lib/networks/TIN_HICO.py`` L312-345, L409-425), the convs are shared by the
    kinds and only the embedding FC (``fc1_b`` of ``Att_H`` / ``Att_O``) is not.

    Args:
        in_channels (int): channels of the feature map. Defaults to 1024.
        instance_channels (int): channels of the instance feature. Defaults to 2048.
        embed_channels (int): channels of ``head_phi``/``head_g``. Defaults to 512.
        out_channels (int): channels of the context. Defaults to 1024.
        num_kinds (int): instance kinds, each with its own embedding FC. Defaults to 2.
        dropout (float): drop probability of the embedding (official keep 0.8). Defaults to
            0.2.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self, in_channels: int = 1024, instance_channels: int = 2048,
                 embed_channels: int = 512, out_channels: int = 1024, num_kinds: int = 2,
                 dropout: float = 0.2, init_cfg: dict = None) -> None:
        super().__init__(init_cfg)
        self.head_phi = nn.Conv2d(in_channels, embed_channels, 1)
        self.head_g = nn.Conv2d(in_channels, embed_channels, 1)
        self.instance_fcs = nn.ModuleList(
            nn.Linear(instance_channels, embed_channels) for _ in range(num_kinds))
        self.dropout = nn.Dropout(dropout)
        self.out_conv = nn.Conv2d(embed_channels, out_channels, 1)
        self.out_channels = out_channels

    def forward(self, feats: torch.Tensor, instance: torch.Tensor, batch_index: torch.Tensor,
                kind: int = 0) -> torch.Tensor:
        """Context of each instance.

        Args:
            feats (torch.Tensor): ``[B, C, H, W]`` image feature maps.
            instance (torch.Tensor): ``[P, instance_channels]`` instance features.
            batch_index (torch.Tensor): ``[P]`` image of each instance.
            kind (int): which embedding FC (0: human, 1: object in TIN). Defaults to 0.

        Returns:
            torch.Tensor: ``[P, out_channels]``.
        """
        phi = F.relu(self.head_phi(feats))[batch_index]  # [P, E, H, W]
        g = F.relu(self.head_g(feats))[batch_index]  # [P, E, H, W]
        embed = self.dropout(F.relu(self.instance_fcs[kind](instance)))  # [P, E]
        att = (phi * embed[:, :, None, None]).mean(dim=1)  # [P, H, W]
        att = att.flatten(1).softmax(dim=1).view_as(att)  # [P, H, W]
        context = F.relu(self.out_conv(g * att[:, None]))  # [P, out, H, W]
        return context.mean(dim=(2, 3))  # [P, out]
