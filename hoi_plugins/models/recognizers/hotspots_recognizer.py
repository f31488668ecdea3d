"""Interaction Hotspots: action recognition from clips + anticipation from inactive images."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample

from hoi_plugins.models.attribution.intcam import interaction_hotspots
from hoi_plugins.models.heads.lstm_action_head import l2_pool
from hoi_plugins.models.mode_dispatch_model import ModeDispatchModel
from hoi_plugins.registry import MODELS


@MODELS.register_module()
class HotspotsRecognizer(ModeDispatchModel):
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
        """Number of actions."""
        return self.cls_head.num_classes

    def clip_features(self, clip: torch.Tensor) -> torch.Tensor:
        """Encoder maps ``[N, T, C, h, w]`` of clips ``[N, T, 3, H, W]``."""
        batch, steps = clip.shape[:2]
        maps = self.backbone(clip.flatten(0, 1))  # [N * T, C, h, w]
        return maps.view(batch, steps, *maps.shape[1:])  # [N, T, C, h, w]

    def inactive_features(self, images: torch.Tensor) -> torch.Tensor:
        """Encoder maps ``[N, C, h, w]`` of inactive images ``[N, 3, H, W]``."""
        return self.backbone(images)

    def anticipation_logits(self, maps: torch.Tensor) -> torch.Tensor:
        """Action logits ``[N, K]`` of encoder maps through anticipate -> pool -> LSTM -> fc."""
        pooled = l2_pool(self.anticipation(maps))  # [N, C]
        return self.cls_head.classify_pooled(pooled)  # [N, K]

    @staticmethod
    def _labels(data_samples: List[ActionDataSample]) -> torch.Tensor:
        return torch.cat([s.gt_label.view(-1)[:1] for s in data_samples])

    def loss(self, inputs: Dict[str, torch.Tensor],
             data_samples: List[ActionDataSample]) -> Dict[str, torch.Tensor]:
        """``loss_cls``, ``loss_ant`` and ``loss_aux`` (each averaged over the batch)."""
        labels = self._labels(data_samples).to(inputs['clip'].device)  # [N]
        lengths = inputs['lengths']
        frame_maps = self.clip_features(inputs['clip'])  # [N, T, C, h, w]
        logits, step_logits = self.cls_head(frame_maps, lengths)  # [N, K], [N, T, K]
        losses = dict(loss_cls=self.cls_head.loss(logits, labels))

        batch, steps = step_logits.shape[:2]
        step_scores = -F.cross_entropy(step_logits.flatten(0, 1),
                                       labels.repeat_interleave(steps),
                                       reduction='none').view(batch, steps)  # [N, T]
        active = torch.minimum(step_scores.argmax(1), lengths - 1)  # [N]
        # The anticipation losses train the anticipation path only: the encoder maps they see
        # carry no gradient (as with the paper's frozen encoder), or a trainable encoder would
        # collapse its features to match.
        active_pooled = l2_pool(frame_maps[torch.arange(batch), active].detach())  # [N, C]
        with torch.no_grad():
            inactive_maps = self.inactive_features(inputs['inactive'])  # [N, C, h, w]
        anticipated = l2_pool(self.anticipation(inactive_maps))  # [N, C]
        negative = None
        if self.anticipation.loss_type == 'triplet':
            if 'negative' not in inputs:
                raise KeyError('the triplet anticipation loss needs inputs["negative"]; add '
                               'negative images to the training pipeline')
            with torch.no_grad():
                negative = l2_pool(self.inactive_features(inputs['negative']))  # [N, C]
        losses['loss_ant'] = self.anticipation.loss(anticipated, active_pooled, negative)
        aux_logits = self.cls_head.classify_pooled(anticipated)  # [N, K]
        losses['loss_aux'] = self.aux_loss_weight * F.cross_entropy(aux_logits, labels)
        return losses

    def predict(self, inputs: Dict[str, torch.Tensor],
                data_samples: List[ActionDataSample]) -> List[ActionDataSample]:
        """Heatmaps of every action for inactive images; action scores for clips."""
        if 'inactive' in inputs:
            maps, logits = interaction_hotspots(self, inputs['inactive'],
                                                out_size=self.heatmap_size,
                                                return_logits=True)  # [N, K, h, w], [N, K]
            for sample, sample_maps, score in zip(data_samples, maps, logits.softmax(1)):
                sample.pred_heatmaps = sample_maps
                sample.set_pred_score(score)
        else:
            logits, _ = self.cls_head(self.clip_features(inputs['clip']), inputs['lengths'])
            for sample, score in zip(data_samples, logits.softmax(1)):
                sample.set_pred_score(score)
        return data_samples

    def _forward(self, inputs: Dict[str, torch.Tensor],
                 data_samples: Optional[List[ActionDataSample]] = None) -> torch.Tensor:
        """Clip logits ``[N, K]``, or anticipated logits of inactive images without clips."""
        if 'clip' in inputs:
            return self.cls_head(self.clip_features(inputs['clip']), inputs['lengths'])[0]
        return self.anticipation_logits(self.inactive_features(inputs['inactive']))

