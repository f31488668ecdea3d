"""TIN/iCAN HOI classifier: human, object and spatial streams, each scoring every HOI class."""
from typing import Dict, Optional, Sequence, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.registry import MODELS


def stream_mlp(in_channels: int, hidden: int, num_classes: int, dropout: float) -> nn.Sequential:
    """FC -> ReLU -> dropout, twice, then the class scores."""
    return nn.Sequential(nn.Linear(in_channels, hidden), nn.ReLU(inplace=True),
                         nn.Dropout(dropout), nn.Linear(hidden, hidden),
                         nn.ReLU(inplace=True), nn.Dropout(dropout),
                         nn.Linear(hidden, num_classes))


@MODELS.register_module()
class TINHOIHead(BaseModule):
    """Three streams scoring the HOI classes of a pair, with the official weighted losses.

    Human stream on (``fc7_H``, ``fc7_SH``), object stream on (``fc7_O``, ``fc7_SO``), spatial
    stream on (``sp``, ``fc7_H``). Losses: sigmoid cross-entropy on the logits multiplied by
    per-class weights (``HO_weight``), human and object streams on positive pairs only, the
    spatial stream on all pairs. Inference score: ``sp * (human + object)`` (probabilities).

    Args:
        human_channels (int): width of the human input. Defaults to 2048 + 1024.
        object_channels (int): width of the object input. Defaults to 2048 + 1024.
        spatial_channels (int): width of the spatial input. Defaults to 5408 + 2048.
        hidden (int): FC width. Defaults to 1024.
        num_classes (int): HOI classes. Defaults to 600.
        dropout (float): drop probability. Defaults to 0.5.
        class_weight (str | Sequence[float] | None): ``'hico_det'`` for the official 600
            weights, a list, or None for ones. Defaults to ``'hico_det'``.
        loss_weight (float): factor of the three losses. Defaults to 1.0.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self, human_channels: int = 3072, object_channels: int = 3072,
                 spatial_channels: int = 7456, hidden: int = 1024, num_classes: int = 600,
                 dropout: float = 0.5,
                 class_weight: Optional[Union[str, Sequence[float]]] = 'hico_det',
                 loss_weight: float = 1.0, init_cfg: dict = None) -> None:
        super().__init__(init_cfg)
        self.human_stream = stream_mlp(human_channels, hidden, num_classes, dropout)
        self.object_stream = stream_mlp(object_channels, hidden, num_classes, dropout)
        self.spatial_stream = stream_mlp(spatial_channels, hidden, num_classes, dropout)
        if class_weight == 'hico_det':
            weight = torch.from_numpy(hico_det_classes().loss_weight)
        elif class_weight is None:
            weight = torch.ones(num_classes)
        else:
            weight = torch.tensor(class_weight, dtype=torch.float32)
        if weight.shape != (num_classes, ):
            raise ValueError(f'class_weight has {weight.numel()} values, expected {num_classes}')
        self.register_buffer('class_weight', weight, persistent=False)
        self.loss_weight = loss_weight
        self.num_classes = num_classes

    def forward(self, human: torch.Tensor, obj: torch.Tensor,
                spatial: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Logits ``[P, num_classes]`` of the three streams."""
        return dict(human=self.human_stream(human),  # [P, C]
                    object=self.object_stream(obj),  # [P, C]
                    spatial=self.spatial_stream(spatial))  # [P, C]

    def loss(self, logits: Dict[str, torch.Tensor], labels: torch.Tensor,
             positive: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Weighted sigmoid cross-entropy; ``labels`` ``[P, C]``, ``positive`` ``[P]`` bool."""
        losses = {}
        for name, rows in (('human', positive), ('object', positive),
                           ('spatial', torch.ones_like(positive))):
            weighted = logits[name][rows] * self.class_weight  # [P', C]
            loss = F.binary_cross_entropy_with_logits(weighted, labels[rows]) \
                if rows.any() else weighted.sum() * 0
            losses[f'loss_{name}'] = self.loss_weight * loss
        return losses

    @staticmethod
    def predict(logits: Dict[str, torch.Tensor]) -> torch.Tensor:
        """``[P, C]`` HOI scores ``sp * (human + object)``."""
        return logits['spatial'].sigmoid() * (logits['human'].sigmoid()
                                              + logits['object'].sigmoid())
