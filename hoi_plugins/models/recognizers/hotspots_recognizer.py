"""Interaction Hotspots: action recognition from clips + anticipation from inactive images."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample
from mmengine.model import BaseModel

from hoi_plugins.models.heads.lstm_action_head import l2_pool
from hoi_plugins.models.recognizers.interaction_hotspots import hotspot_maps
from hoi_plugins.registry import MODELS


@MODELS.register_module()
class HotspotsRecognizer(BaseModel):
    """Frame encoder -> LSTM action recogniser, with an anticipation module on inactive images.

    Training (``mode='loss'``) on ``inputs = dict(clip [N, T, 3, H, W], lengths [N], inactive
    [N, 3, H, W], negative [N, 3, H, W] for the triplet loss)`` and the clip's action
    (``gt_label``) gives ``loss_cls`` (clip classification), ``loss_ant`` (anticipated inactive
    feature vs. the active frame, i.e. the frame whose LSTM step scores the true action best)
    and ``loss_aux`` (the anticipated feature classified as a one-step clip).

    ``mode='predict'`` on inactive images returns one IntCAM heatmap per action
    (``pred_heatmaps`` ``[K, h, w]``, or ``heatmap_size``) and the anticipated action scores
    (``pred_score``); on clips it returns the clip's action scores.

    Args:
        backbone (dict): frame encoder, e.g. ``DilatedResNet``.
        cls_head (dict): ``LSTMActionHead``.
        anticipation (dict): ``AnticipationModule``.
        aux_loss_weight (float): weight of the auxiliary classification. Defaults to 1.0.
        heatmap_size (Sequence[int], optional): ``(H, W)`` to upsample predicted heatmaps to.
            Defaults to None (the encoder's resolution, as the official evaluation).
        data_preprocessor (dict, optional): Defaults to ``HotspotsDataPreprocessor``.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self, backbone: dict, cls_head: dict, anticipation: dict,
                 aux_loss_weight: float = 1.0, heatmap_size: Optional[Sequence[int]] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor=MODELS.build(
            data_preprocessor or dict(type='HotspotsDataPreprocessor')), init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.cls_head = MODELS.build(cls_head)
        self.anticipation = MODELS.build(anticipation)
        self.aux_loss_weight = aux_loss_weight
        self.heatmap_size = heatmap_size

    @property
    def num_classes(self) -> int:
        return self.cls_head.num_classes

