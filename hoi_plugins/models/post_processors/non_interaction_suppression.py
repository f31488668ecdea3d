"""Low-grade Instance Suppression and Non-Interaction Suppression (TIN inference).

LIS weights a pair's HOI scores by ``LIS(human score) * LIS(object score)`` with
``LIS(x) = a / (1 + exp(b - c * x)) + d`` (official: a=6, b=10, c=1.4, d=0). NIS drops every HOI
score of a pair (except the "no interaction" classes) when the interactiveness discriminator
says ``P(no interaction) > t_no`` and ``P(interaction) < t_inter``, with thresholds per object
category (``HICO-DET_Benchmark/Generate_HICO_detection_nis.py`` L78-117: ``t_no`` = 0.9 and
``t_inter`` = 0.1 as ``tools/Test_TIN_HICO.py`` L75-79 passes them, except the 11 objects of
the table below). Pairs marked exempt (the fallback pairs of an image without any pair above the
detection thresholds, the official ``all_remaining`` images) are never suppressed.
"""
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
import torch

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.registry import MODELS

# per-object thresholds of the official script, keyed by COCO id: (t_no, t_inter)
OFFICIAL_OBJECT_THRESHOLDS = {
    1: (0.85, 0.05), 2: (0.85, 0.2), 4: (0.85, 0.15), 11: (0.85, 0.15), 20: (0.85, 0.2),
    35: (0.85, 0.1), 46: (0.85, 0.15), 48: (0.85, 0.1), 53: (0.85, 0.2), 62: (0.85, 0.2),
    72: (0.95, 0.15)}


def low_grade_instance_suppression(scores: torch.Tensor, a: float = 6.0, b: float = 10.0,
                                   c: float = 1.4, d: float = 0.0) -> torch.Tensor:
    """``a / (1 + exp(b - c * x)) + d`` elementwise (official ``getSigmoid``)."""
    return a / (1 + torch.exp(b - c * scores)) + d


@MODELS.register_module()
class NonInteractionSuppression:
    """LIS weighting and NIS filtering of pair scores; works on any detector's pairs.

    Args:
        no_interaction_thr (float): default ``t_no``. Defaults to 0.9 (official run).
        interaction_thr (float): default ``t_inter``. Defaults to 0.1.
        object_thresholds (dict | str | None): ``{coco_id: (t_no, t_inter)}``, ``'official'``
            for the table of the official script, or None. Defaults to ``'official'``.
        lis (Sequence[float] | None): (a, b, c, d) of LIS, None to switch it off. Defaults to
            (6, 10, 1.4, 0).
        enabled (bool): apply NIS (False keeps only LIS). Defaults to True.
        label_space (str | None): ``'hico_det'`` (the 600 classes; the "no interaction"
            classes are never dropped) or None (any classes, all may be dropped). Defaults to
            ``'hico_det'``.
    """

    def __init__(self, no_interaction_thr: float = 0.9, interaction_thr: float = 0.1,
                 object_thresholds: Optional[Dict[int, Tuple[float, float]]] = 'official',
                 lis: Optional[Sequence[float]] = (6.0, 10.0, 1.4, 0.0),
                 enabled: bool = True, label_space: Optional[str] = 'hico_det') -> None:
        classes = hico_det_classes()
        table = np.tile([[no_interaction_thr, interaction_thr]], (len(classes.objects), 1))
        if object_thresholds == 'official':
            object_thresholds = OFFICIAL_OBJECT_THRESHOLDS
        coco_to_object = classes.coco_to_object()
        for coco_id, pair in (object_thresholds or {}).items():
            table[coco_to_object[int(coco_id)]] = pair
        self.thresholds = torch.tensor(table, dtype=torch.float32)  # [80, 2]
        no_interaction = classes.verbs.index('no_interaction') + 1
        self.no_interaction_classes = torch.from_numpy(classes.hoi_verb == no_interaction) \
            if label_space == 'hico_det' else None
        self.lis = lis
        self.enabled = enabled

    def suppressed(self, binary_probs: torch.Tensor, objects: torch.Tensor) -> torch.Tensor:
        """``[P]`` bool: pairs judged non-interactive (``binary_probs`` ``[P, 2]`` probs)."""
        thr = self.thresholds.to(binary_probs.device)[objects]  # [P, 2]
        return (binary_probs[:, 0] > thr[:, 0]) & (binary_probs[:, 1] < thr[:, 1])

    def __call__(self, hoi_scores: torch.Tensor, binary_probs: torch.Tensor,
                 objects: torch.Tensor, scores_h: torch.Tensor, scores_o: torch.Tensor,
                 nis_exempt: Optional[torch.Tensor] = None
                 ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Fused scores ``[P, C]`` and the kept entries ``[P, C]`` bool.

        Args:
            hoi_scores (torch.Tensor): ``[P, C]`` class scores of each pair.
            binary_probs (torch.Tensor): ``[P, 2]`` (no interaction, interaction) probs.
            objects (torch.Tensor): ``[P]`` HICO object index of each pair.
            scores_h (torch.Tensor): ``[P]`` human detection scores.
            scores_o (torch.Tensor): ``[P]`` object detection scores.
            nis_exempt (torch.Tensor, optional): ``[P]`` bool, pairs NIS leaves alone.
        """
        if self.lis is not None:
            weight = (low_grade_instance_suppression(scores_h, *self.lis)
                      * low_grade_instance_suppression(scores_o, *self.lis))  # [P]
            hoi_scores = hoi_scores * weight[:, None]
        keep = torch.ones_like(hoi_scores, dtype=torch.bool)
        if self.enabled:
            drop = self.suppressed(binary_probs, objects)[:, None]  # [P, 1]
            if nis_exempt is not None:
                drop = drop & ~nis_exempt.to(drop.device).bool()[:, None]
            if self.no_interaction_classes is not None:
                drop = drop & ~self.no_interaction_classes.to(keep.device)[None]
            keep = ~drop.expand_as(keep)
        return hoi_scores, keep

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(lis={self.lis}, enabled={self.enabled})'
