"""IntegralAction: RGB and pose streams integrated by a pose-driven gate."""
from typing import Dict, Optional, Tuple

import torch
from mmaction.utils import SampleList

from hoi_plugins.models.mode_dispatch_model import ModeDispatchModel
from hoi_plugins.registry import MODELS

MODES = ('rgb_only', 'pose_only', 'rgb+pose')
# The parts (attribute names) each single-stream stage trains and hands on to ``rgb+pose``
# (tools/merge_stage_checkpoints.py keeps exactly these from the stage checkpoints).
STREAM_OF_STAGE = dict(rgb_only='rgb_backbone', pose_only='pose_backbone')


@MODELS.register_module()
class IntegralActionRecognizer(ModeDispatchModel):
    """Action recognizer with an RGB stream, a pose stream, or both fused by a pose-driven gate.

    The three training stages of the paper are three values of ``mode``: ``rgb_only`` (RGB
    stream + head), ``pose_only`` (pose stream + head) and ``rgb+pose`` (both streams, the
    fusion module, the head, plus the gate loss). A mode builds only the parts it uses, so the
    checkpoints of the first two stages merge into the initialisation of the third
    (``tools/merge_stage_checkpoints.py``). Heads are applied per frame and averaged over the
    frames of a clip (``TSMHead``), clip scores over the clips of a video.

    Args:
        mode (str): 'rgb_only', 'pose_only' or 'rgb+pose'.
        cls_head (dict): the classifier, e.g. ``TSMHead`` over the per-frame feature.
        rgb_backbone (dict, optional): the RGB stream, e.g. ``ResNetTSM``; None in
            ``pose_only``. Defaults to None.
        pose_backbone (dict, optional): the pose stream, e.g. ``PoseResNetTSM``; None in
            ``rgb_only``. Defaults to None.
        fusion (dict, optional): fusion of the two streams' features, e.g.
            ``PoseDrivenIntegration``; only in ``rgb+pose``. Defaults to None.
        loss_gate (dict, optional): loss on the gate logits toward 1 (toward pose), the
            official ``BCE(g, 1) * 1.5``; applied only when the fusion module returns gate
            logits (``PoseDrivenIntegration(use_gate=False)`` or a gate-less fusion of one's
            own train without it); None for no gate loss. Defaults to
            ``dict(type='BCELossWithLogits', loss_weight=1.5)``.
        rgb_key (str): input key of the RGB frames. Defaults to 'imgs'.
        pose_key (str): input key of the pose maps. Defaults to 'heatmap_imgs'.
        data_preprocessor (dict, optional): e.g. ``MultiModalDataPreprocessor``.
            Defaults to None.
        init_cfg (dict, optional): initialisation config. Defaults to None.
    """

    def __init__(self, mode: str, cls_head: Dict, rgb_backbone: Optional[Dict] = None,
                 pose_backbone: Optional[Dict] = None, fusion: Optional[Dict] = None,
                 loss_gate: Optional[Dict] = dict(type='BCELossWithLogits', loss_weight=1.5),
                 rgb_key: str = 'imgs', pose_key: str = 'heatmap_imgs',
                 data_preprocessor: Optional[Dict] = None,
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if mode not in MODES:
            raise ValueError(f'mode must be one of {MODES}, got {mode!r}')
        parts = dict(rgb_backbone=rgb_backbone, pose_backbone=pose_backbone, fusion=fusion)
        needed = {STREAM_OF_STAGE[mode]} if mode in STREAM_OF_STAGE else set(parts)
        for name, cfg in parts.items():
            if name in needed and cfg is None:
                raise ValueError(f'mode {mode!r} needs `{name}`')
            if name not in needed and cfg is not None:
                raise ValueError(f'mode {mode!r} does not use `{name}`: set it to None')
        self.mode = mode
        self.rgb_key = rgb_key
        self.pose_key = pose_key
        self.rgb_backbone = MODELS.build(rgb_backbone) if rgb_backbone else None
        self.pose_backbone = MODELS.build(pose_backbone) if pose_backbone else None
        self.fusion = MODELS.build(fusion) if fusion else None
        self.cls_head = MODELS.build(cls_head)
        self.loss_gate = MODELS.build(loss_gate) if loss_gate and self.fusion else None
        backbone = self.rgb_backbone or self.pose_backbone
        self.clip_len = backbone.num_segments

    @staticmethod
    def _frames(inputs: Dict[str, torch.Tensor], key: str) -> torch.Tensor:
        if key not in inputs:
            raise KeyError(f'the model needs input "{key}"; the pipeline packed '
                           f'{sorted(inputs)} (PackActionInputs(collect_keys=...))')
        x = inputs[key]  # [N, num_clips * T, C, H, W]
        return x.reshape((-1, ) + x.shape[2:])  # [N * num_clips * T, C, H, W]

    def extract_feat(self, inputs: Dict[str, torch.Tensor]
                     ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        """Per-frame feature ``[N * num_clips * T, C, H, W]`` and gate logits (or None)."""
        if self.mode == 'rgb_only':
            return self.rgb_backbone(self._frames(inputs, self.rgb_key)), None
        if self.mode == 'pose_only':
            return self.pose_backbone(self._frames(inputs, self.pose_key)), None
        rgb_feat = self.rgb_backbone(self._frames(inputs, self.rgb_key))
        # [N * num_clips * T, C_rgb, H', W']
        pose_feat = self.pose_backbone(self._frames(inputs, self.pose_key))
        # [N * num_clips * T, C_pose, h', w']
        return self.fusion(rgb_feat, pose_feat)  # [N * num_clips * T, D, 1, 1], [.., D]

    def loss(self, inputs: Dict[str, torch.Tensor], data_samples: SampleList) -> Dict:
        """Cross-entropy of the clip scores (+ the gate loss in ``rgb+pose``)."""
        feat, gate_logits = self.extract_feat(inputs)
        losses = self.cls_head.loss(feat, data_samples, num_segs=self.clip_len)
        if self.loss_gate is not None and gate_logits is not None:
            # official: main/model.py L105, BCE(gate, 1): the gate is pulled toward pose
            losses['loss_pose_gate'] = self.loss_gate(gate_logits, torch.ones_like(gate_logits))
        return losses

    def predict(self, inputs: Dict[str, torch.Tensor], data_samples: SampleList) -> SampleList:
        """Class scores averaged over clips; ``rgb+pose`` also stores the mean gate
        (``pose_gate``, the average weight of the pose feature) in each sample."""
        feat, gate_logits = self.extract_feat(inputs)
        data_samples = self.cls_head.predict(feat, data_samples, num_segs=self.clip_len)
        if gate_logits is not None:
            gate = torch.sigmoid(gate_logits).reshape(len(data_samples), -1).mean(1)  # [N]
            for data_sample, value in zip(data_samples, gate):
                data_sample.set_field(value.detach(), 'pose_gate', field_type='metainfo')
        return data_samples

    def _forward(self, inputs: Dict[str, torch.Tensor],
                 data_samples: Optional[SampleList] = None) -> torch.Tensor:
        """Clip scores ``[N * num_clips, classes]``."""
        feat, _ = self.extract_feat(inputs)
        return self.cls_head(feat, num_segs=self.clip_len)

