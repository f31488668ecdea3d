"""TIN: Transferable Interactiveness Network (Li et al., CVPR 2019), the "RP_D C_D" model."""
import copy
from typing import Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.ops import RoIAlign
from mmengine.structures import BaseDataElement, InstanceData

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.models.mode_dispatch_model import ModeDispatchModel
from hoi_plugins.registry import MODELS


@MODELS.register_module()
class TIN(ModeDispatchModel):
    """Pair-based HOI detector with an interactiveness discriminator.

    At test time, pairs that carry ``input_scores``/``input_keep`` (another detector's output,
    see ``LoadPairPredictions``) keep those scores: the model then only adds its
    interactiveness and NIS, as a post-processing plug-in.

    The image goes through the backbone up to its third stage (``head``, stride 16); RoIAlign
    crops each pair's human and object boxes (``roi_size`` then 2x2 max-pool, the TF
    ``crop_and_resize`` habit), each through its own copy of the backbone's last stage ("res5")
    and a global average (``fc7_H``, ``fc7_O``); iCAN attention adds their context (``fc7_SH``,
    ``fc7_SO``); the spatial-pose encoder reads the 3-channel pattern. :class:`TINHOIHead` scores
    the HOI classes, :class:`InteractivenessHead` the interactiveness, and
    :class:`NonInteractionSuppression` fuses them at inference.

    Args:
        backbone (dict): a 2D ResNet with 4 stages (``mmdet.ResNet``); its last stage is
            applied to the RoI features, not to the image.
        spatial_encoder (dict): :class:`SpatialPoseEncoder` config.
        attention (dict): :class:`InstanceCentricAttention` config (shared by humans and
            objects, with one embedding each, as the official network).
        hoi_head (dict): :class:`TINHOIHead` config.
        interactiveness_head (dict, optional): :class:`InteractivenessHead` config; None for
            the model without it ("RC_D"). Defaults to None.
        post_processor (dict): :class:`NonInteractionSuppression` config. Defaults to
            ``dict(type='NonInteractionSuppression')``.
        class_objects (str | None): ``'hico_det'``: a pair scores only the HOI classes of its
            object category; None: every class. Defaults to ``'hico_det'``.
        roi_size (int): RoIAlign output before the 2x2 max-pool. Defaults to 14.
        feat_stride (int): stride of the ``head`` map. Defaults to 16.
        data_preprocessor (dict, optional): Defaults to None.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self, backbone: dict, spatial_encoder: dict, attention: dict, hoi_head: dict,
                 interactiveness_head: Optional[dict] = None,
                 post_processor: dict = dict(type='NonInteractionSuppression'),
                 class_objects: Optional[str] = 'hico_det', roi_size: int = 14,
                 feat_stride: int = 16,
                 data_preprocessor: Optional[dict] = None, init_cfg: Optional[dict] = None):
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        last = self.backbone.res_layers[-1]
        self.res5_human = getattr(self.backbone, last)
        self.res5_object = copy.deepcopy(self.res5_human)
        self.image_stages = self.backbone.res_layers[:-1]
        self.roi_align = RoIAlign(roi_size, spatial_scale=1.0 / feat_stride, sampling_ratio=2,
                                  aligned=True)
        self.spatial_encoder = MODELS.build(spatial_encoder)
        self.attention = MODELS.build(attention)  # kind 0: humans, 1: objects
        self.hoi_head = MODELS.build(hoi_head)
        self.interactiveness_head = MODELS.build(interactiveness_head) \
            if interactiveness_head is not None else None
        self.post_processor = MODELS.build(post_processor)
        self.num_classes = self.hoi_head.num_classes
        self.class_objects = class_objects
        if class_objects == 'hico_det':
            self.register_buffer('hoi_object',
                                 torch.from_numpy(hico_det_classes().hoi_object),
                                 persistent=False)

    def init_weights(self) -> None:
        """Initialise (or load the pretrained backbone), then copy res5 to its object copy."""
        super().init_weights()
        self.res5_object.load_state_dict(self.res5_human.state_dict())

    def train(self, mode: bool = True) -> 'TIN':
        """Also keeps the object copy of res5 in eval-mode BN when the backbone does."""
        super().train(mode)
        if mode and getattr(self.backbone, 'norm_eval', False):
            for module in self.res5_object.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    module.eval()
        return self

    def image_features(self, inputs: torch.Tensor) -> torch.Tensor:
        """The ``head`` map: ResNet stem and all stages but the last. ``[B, C, H/16, W/16]``."""
        backbone = self.backbone
        if backbone.deep_stem:
            x = backbone.stem(inputs)
        else:
            x = backbone.relu(backbone.norm1(backbone.conv1(inputs)))
        x = backbone.maxpool(x)  # [B, 64, H/4, W/4]
        for name in self.image_stages:
            x = getattr(backbone, name)(x)
        return x  # [B, C, H/16, W/16]

    def pair_features(self, inputs: torch.Tensor,
                      data_samples: List[BaseDataElement]) -> Dict[str, torch.Tensor]:
        """Stream inputs of all pairs of the batch."""
        feats = self.image_features(inputs)  # [B, C, h, w]
        pairs = [s.pairs for s in data_samples]
        batch_index = torch.cat([torch.full((len(p.boxes_h), ), i, dtype=torch.long)
                                 for i, p in enumerate(pairs)]).to(feats.device)  # [P]
        boxes_h = torch.cat([p.boxes_h for p in pairs]).float().to(feats.device)  # [P, 4]
        boxes_o = torch.cat([p.boxes_o for p in pairs]).float().to(feats.device)  # [P, 4]
        patterns = torch.cat([p.patterns for p in pairs]).float().to(feats.device)
        rois = torch.cat([batch_index[:, None].float(), boxes_h], 1)  # [P, 5]
        pool_h = F.max_pool2d(self.roi_align(feats, rois), 2)  # [P, C, 7, 7]
        rois = torch.cat([batch_index[:, None].float(), boxes_o], 1)
        pool_o = F.max_pool2d(self.roi_align(feats, rois), 2)  # [P, C, 7, 7]
        fc7_h = self.res5_human(pool_h).mean(dim=(2, 3))  # [P, C5]
        fc7_o = self.res5_object(pool_o).mean(dim=(2, 3))  # [P, C5]
        fc7_sh = self.attention(feats, fc7_h, batch_index, kind=0)  # [P, A]
        fc7_so = self.attention(feats, fc7_o, batch_index, kind=1)  # [P, A]
        spatial, pose = self.spatial_encoder(patterns)  # [P, S], [P, Q]
        return dict(fc7_h=fc7_h, fc7_o=fc7_o, fc7_sh=fc7_sh, fc7_so=fc7_so, spatial=spatial,
                    pose=pose)

    def heads(self, feats: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
        """HOI logits of the three streams and the interactiveness logits."""
        human = torch.cat([feats['fc7_h'], feats['fc7_sh']], 1)  # [P, C5 + A]
        obj = torch.cat([feats['fc7_o'], feats['fc7_so']], 1)  # [P, C5 + A]
        logits = self.hoi_head(human, obj, torch.cat([feats['spatial'], feats['fc7_h']], 1))
        if self.interactiveness_head is not None:
            logits['binary'] = self.interactiveness_head(
                torch.cat([human, feats['spatial'], feats['pose']], 1), obj)  # [P, 2]
        return logits

    def _forward(self, inputs: torch.Tensor,
                 data_samples: List[BaseDataElement] = None) -> Dict[str, torch.Tensor]:
        """The raw logits of the pair heads."""
        return self.heads(self.pair_features(inputs, data_samples))

    def loss(self, inputs: torch.Tensor,
             data_samples: List[BaseDataElement]) -> Dict[str, torch.Tensor]:
        logits = self.heads(self.pair_features(inputs, data_samples))
        labels = torch.cat([s.pairs.hoi_labels for s in data_samples]).float().to(inputs.device)
        binary = torch.cat([s.pairs.binary_labels for s in data_samples]).to(inputs.device)
        losses = self.hoi_head.loss(logits, labels, binary > 0)
        if self.interactiveness_head is not None:
            losses.update(self.interactiveness_head.loss(logits['binary'], binary))
        return losses

    def predict(self, inputs: torch.Tensor,
                data_samples: List[BaseDataElement]) -> List[BaseDataElement]:
        """Adds ``pred_pairs`` to each sample: the input pair fields plus ``hoi_scores``
        ``[P, C]`` (fused), ``hoi_keep`` ``[P, C]`` (the object's classes not suppressed) and
        ``binary_scores`` ``[P, 2]``."""
        counts = [len(s.pairs.boxes_h) for s in data_samples]
        if sum(counts) == 0:
            logits = None
        else:
            logits = self.heads(self.pair_features(inputs, data_samples))
        offset = 0
        for sample, count in zip(data_samples, counts):
            pairs = sample.pairs
            pred = InstanceData()
            for field in ('boxes_h', 'boxes_o', 'objects', 'scores_h', 'scores_o',
                          'subject_ids', 'object_ids'):
                if field in pairs:
                    pred[field] = pairs[field]
            if count == 0:
                pred.hoi_scores = torch.zeros(0, self.num_classes)
                pred.hoi_keep = torch.zeros(0, self.num_classes, dtype=torch.bool)
                pred.binary_scores = torch.zeros(0, 2)
            else:
                part = {k: v[offset:offset + count] for k, v in logits.items()}
                if 'input_scores' in pairs:  # NIS as a plug-in: another detector's scores
                    scores = pairs.input_scores.float().to(part['binary'].device)  # [p, C]
                else:
                    scores = self.hoi_head.predict(part)  # [p, C]
                binary = part['binary'].sigmoid() if 'binary' in part \
                    else torch.tensor([[0.0, 1.0]]).expand(count, 2).to(scores.device)
                objects = pairs.objects.to(scores.device).long()
                scores, keep = self.post_processor(scores, binary, objects,
                                                   pairs.scores_h.to(scores.device),
                                                   pairs.scores_o.to(scores.device),
                                                   pairs.get('nis_exempt'))
                if 'input_keep' in pairs:
                    keep = keep & pairs.input_keep.to(keep.device)
                elif self.class_objects == 'hico_det':
                    keep = keep & (self.hoi_object[None] == objects[:, None])  # [p, C]
                pred.hoi_scores = scores.detach().cpu()
                pred.hoi_keep = keep.cpu()
                pred.binary_scores = binary.detach().cpu()
            offset += count
            sample.pred_pairs = pred
        return data_samples
