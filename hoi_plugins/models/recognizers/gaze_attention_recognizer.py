"""Gaze-Attention recognizer (Min & Corso, WACV 2021): gaze-combined discrete attention."""
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmaction.utils import ConfigType, OptConfigType

from hoi_plugins.models.mode_dispatch_model import ModeDispatchModel
from hoi_plugins.registry import MODELS


@MODELS.register_module()
class GazeAttentionRecognizer(ModeDispatchModel):
    """Two-stream 3D backbone -> gaze prediction -> sampled attention -> action logits.

    The backbone (and the optional flow backbone) return two features: ``x4`` for the gaze
    module and ``h`` for the classifier (I3D ``MaxPool3d_5a_2x2`` / ``Mixed_5c``, or ResNet3d
    ``out_indices=(2, 3)``). The two streams are summed; ``x4`` is max-pooled onto ``h``'s grid
    when they differ (the ResNet3d stage-3 output). Training loss: cross-entropy of the logits
    under the sampled location + gaze KL + the direct-optimization surrogate. Testing averages
    the logits of all windows of a video (``num_clips`` views of the pipeline).

    Args:
        backbone (dict): RGB (or only) backbone returning (``x4``, ``h``).
        gaze_head (dict, optional): :class:`GazePredictionHead` on ``x4``; None gives the same
            backbone and classifier without gaze and attention (the baseline).
        cls_head (dict): :class:`GazeAttentionHead` on (``z``, ``h``).
        sampler (dict): :class:`GumbelArgmaxSampler`. Defaults to its defaults.
        estimator (dict): :class:`DirectOptimizationEstimator`. Defaults to its defaults.
        loss_cls (dict): classification loss on the logits. Defaults to mmaction2's
            ``CrossEntropyLoss``.
        loss_gaze (dict, optional): :class:`GazeKLLoss`; None trains without gaze
            supervision. Defaults to ``GazeKLLoss``.
        flow_backbone (dict, optional): flow backbone; its input is the channels after the first
            ``rgb_channels`` of the clip. None for the RGB-only variant. Defaults to None.
        rgb_channels (int): Channels of the RGB stream in a two-stream clip. Defaults to 3.
        data_preprocessor (dict, optional): mmaction2 ``ActionDataPreprocessor`` config.
            Defaults to None.
        init_cfg (dict, optional): mmengine initialisation config. Defaults to None.
    """

    def __init__(self, backbone: ConfigType, gaze_head: OptConfigType, cls_head: ConfigType,
                 sampler: ConfigType = dict(type='GumbelArgmaxSampler'),
                 estimator: ConfigType = dict(type='DirectOptimizationEstimator'),
                 loss_cls: ConfigType = dict(type='CrossEntropyLoss'),
                 loss_gaze: OptConfigType = dict(type='GazeKLLoss'),
                 flow_backbone: OptConfigType = None, rgb_channels: int = 3,
                 data_preprocessor: OptConfigType = None, init_cfg=None) -> None:
        super().__init__(data_preprocessor=MODELS.build(
            data_preprocessor or dict(type='ActionDataPreprocessor')), init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.flow_backbone = MODELS.build(flow_backbone) if flow_backbone else None
        self.rgb_channels = rgb_channels
        self.gaze_head = MODELS.build(gaze_head) if gaze_head else None
        self.cls_head = MODELS.build(cls_head)
        self.sampler = MODELS.build(sampler)
        self.estimator = MODELS.build(estimator)
        self.loss_cls = MODELS.build(loss_cls)
        self.loss_gaze = MODELS.build(loss_gaze) if loss_gaze else None

    def extract_feat(self, inputs: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Clips [N, C, T, H, W] -> (``x4`` [N, C4, t, h, w], ``h`` [N, C5, t, h, w])."""
        if self.flow_backbone is None:
            x4, h = self.backbone(inputs)
        else:
            r4, r5 = self.backbone(inputs[:, :self.rgb_channels])
            f4, f5 = self.flow_backbone(inputs[:, self.rgb_channels:])
            x4, h = r4 + f4, r5 + f5  # two-stream sum
        if x4.shape[2:] != h.shape[2:]:
            x4 = F.adaptive_max_pool3d(x4, h.shape[2:])  # [N, C4, t, h, w]
        return x4, h

    def forward_windows(self, inputs: torch.Tensor) -> Tuple[Optional[torch.Tensor], ...]:
        """Clips [N, C, T, H, W] -> gaze logits ``pi``, ``z``, ``pi_g`` [N, t, h, w] (None
        without gaze head), ``h`` [N, C5, t, h, w] and action logits [N, num_classes]."""
        x4, h = self.extract_feat(inputs)
        if self.gaze_head is None:
            return None, None, None, h, self.cls_head(None, h)
        pi = self.gaze_head(x4)  # [N, t, h, w]
        z, pi_g = self.sampler(pi)  # [N, t, h, w] each
        logits = self.cls_head(z, h)  # [N, num_classes]
        return pi, z, pi_g, h, logits

    def loss(self, inputs: torch.Tensor, data_samples: List) -> Dict[str, torch.Tensor]:
        """Losses of a batch of single-window clips [N, 1, C, T, H, W]."""
        inputs = inputs.flatten(0, 1)  # [N, C, T, H, W]
        if inputs.shape[0] != len(data_samples):
            raise ValueError('training expects one clip per sample (num_clips=1), got '
                             f'{inputs.shape[0]} clips for {len(data_samples)} samples')
        labels = torch.stack([sample.gt_label for sample in data_samples]).view(-1)
        labels = labels.to(inputs.device)  # [N]
        pi, z, pi_g, h, logits = self.forward_windows(inputs)
        losses = dict(loss_cls=self.loss_cls(logits, labels))
        if self.gaze_head is None:
            return losses
        losses['loss_attn'] = self.estimator(z, pi_g, h, labels, self.cls_head)
        if self.loss_gaze is not None:
            gaze_maps = torch.stack([torch.as_tensor(np.asarray(sample.gaze_maps))
                                     for sample in data_samples]).to(pi)  # [N, t, H, W]
            losses['loss_gaze'] = self.loss_gaze(pi, gaze_maps)
        return losses

    def predict(self, inputs: torch.Tensor, data_samples: List) -> List:
        """Windows [N, num_windows, C, T, H, W] -> samples with ``pred_score`` (window-averaged
        logits) and ``pred_gaze`` (gaze probability per window, [num_windows, t, h, w])."""
        num_windows = inputs.shape[1]
        pi, _, _, _, logits = self.forward_windows(inputs.flatten(0, 1))
        logits = logits.view(-1, num_windows, logits.shape[-1]).mean(1)  # [N, num_classes]
        if pi is None:
            for sample, score in zip(data_samples, logits):
                sample.set_pred_score(score)
            return data_samples
        gaze = F.softmax(pi.flatten(2), dim=-1).view(pi.shape)  # [N * num_windows, t, h, w]
        gaze = gaze.view(-1, num_windows, *pi.shape[1:])  # [N, num_windows, t, h, w]
        for sample, score, gaze_prob in zip(data_samples, logits, gaze):
            sample.set_pred_score(score)
            sample.set_field(gaze_prob, 'pred_gaze')
        return data_samples

    def _forward(self, inputs: torch.Tensor, data_samples: Optional[List] = None) -> torch.Tensor:
        """Window logits [N * num_windows, num_classes] of clips [N, num_windows, C, T, H, W]."""
        return self.forward_windows(inputs.flatten(0, 1))[-1]
