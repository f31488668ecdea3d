"""Test-time pairs: every detected human with every other detection (TIN test scripts)."""
from typing import Optional

import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.registry import TRANSFORMS

FALLBACKS = (None, 'official', 'unique')


def top_k_fallback(scores: np.ndarray, is_human: np.ndarray, k: int,
                   official: bool) -> tuple:
    """Subjects and objects of an image without any pair above the thresholds.

    Official (``lib/models/test_HICO_pose_pattern_all_wise_pair.py`` L89-112): up to ``k``
    rounds; each takes the best not yet taken human (rows labelled human) and the best not yet
    taken other row (first on ties); a side with none left takes index -1, the image's last
    detection, and the rounds stop when both sides are exhausted. ``official=False`` keeps only
    the distinct rows that were found.

    Args:
        scores (np.ndarray): ``[M]`` detection scores.
        is_human (np.ndarray): ``[M]`` bool.
        k (int): rounds (4 in the official script).
        official (bool): pad an exhausted side with the last detection.

    Returns:
        tuple[np.ndarray, np.ndarray]: detection indices of the subjects and of the objects.
    """
    order = np.argsort(-scores.astype(np.float64), kind='stable')  # best first, first on ties
    humans = order[is_human[order]][:k]
    others = order[~is_human[order]][:k]
    rounds = max(len(humans), len(others))
    if not official or rounds == 0:
        return humans, others
    pad = len(scores) - 1  # Python's index -1
    return (np.concatenate([humans, np.full(rounds - len(humans), pad)]).astype(np.int64),
            np.concatenate([others, np.full(rounds - len(others), pad)]).astype(np.int64))


@TRANSFORMS.register_module()
class PairDetections(BaseTransform):
    """All (human, object) pairs of the detections above the score thresholds.

    A detected human (``det_is_human``; without it, the detections of category person) pairs
    with every other kept detection, humans included, whose box differs from its own (official
    ``test_HICO_pose_pattern_all_wise_pair.py`` L47-53). An image without any such pair takes
    the ``fallback`` pairs of :func:`top_k_fallback` (humans x objects, no score threshold, no
    box check, L115-116); those pairs are marked ``pair_nis_exempt``, because the official
    ``Generate_HICO_detection_nis.py`` never suppresses them (L115, ``all_remaining``).

    Required keys: ``det_boxes`` ``[M, 4]``, ``det_objects`` ``[M]`` (HICO object index),
    ``det_scores`` ``[M]``, ``det_keypoints`` ``[M, 17, 3]``, ``det_has_pose`` ``[M]``;
    optional ``det_is_human`` ``[M]``.
    Added keys: ``pair_boxes_h``, ``pair_boxes_o``, ``pair_objects``, ``pair_keypoints``,
    ``pair_has_pose``, ``pair_scores_h``, ``pair_scores_o``, ``pair_subject_ids``,
    ``pair_object_ids`` (indices into the detections), ``pair_nis_exempt`` ``[P]`` bool.

    Args:
        human_score_thr (float): minimum human detection score. Defaults to 0.8 (TIN test).
        object_score_thr (float): minimum object detection score. Defaults to 0.3 (TIN test).
        fallback (str | None): pairs of an image with none above the thresholds: None (no
            pairs), ``'official'`` (the top-``fallback_k`` humans x objects, an exhausted side
            padded with the last detection, duplicates included) or ``'unique'`` (the same
            without padding). Defaults to None.
        fallback_k (int): humans and objects of the fallback. Defaults to 4.
    """

    def __init__(self, human_score_thr: float = 0.8, object_score_thr: float = 0.3,
                 fallback: Optional[str] = None, fallback_k: int = 4) -> None:
        if fallback not in FALLBACKS:
            raise ValueError(f'PairDetections: fallback={fallback!r}, expected one of '
                             f'{FALLBACKS}')
        self.human_score_thr = human_score_thr
        self.object_score_thr = object_score_thr
        self.fallback = fallback
        self.fallback_k = fallback_k

    def transform(self, results: dict) -> dict:
        boxes, objects = results['det_boxes'], results['det_objects']
        scores = results['det_scores']
        is_human = results.get('det_is_human')
        if is_human is None:
            is_human = objects == hico_det_classes().person_object
        humans = np.flatnonzero(is_human & (scores > self.human_score_thr))
        others = np.flatnonzero(scores > self.object_score_thr)
        subj, obj = np.meshgrid(humans, others, indexing='ij')
        subj, obj = subj.reshape(-1), obj.reshape(-1)
        keep = ~np.all(boxes[subj] == boxes[obj], axis=1)
        subj, obj = subj[keep], obj[keep]
        exempt = False
        if len(subj) == 0 and self.fallback is not None:
            humans, others = top_k_fallback(scores, is_human, self.fallback_k,
                                            self.fallback == 'official')
            subj, obj = np.meshgrid(humans, others, indexing='ij')
            subj, obj = subj.reshape(-1).astype(np.int64), obj.reshape(-1).astype(np.int64)
            exempt = True
        results['pair_subject_ids'] = subj
        results['pair_object_ids'] = obj
        results['pair_boxes_h'] = boxes[subj]  # float64 up to the pattern, as the official
        results['pair_boxes_o'] = boxes[obj]
        results['pair_objects'] = objects[obj]
        results['pair_keypoints'] = results['det_keypoints'][subj]
        results['pair_has_pose'] = results['det_has_pose'][subj]
        results['pair_scores_h'] = scores[subj].astype(np.float32)
        results['pair_scores_o'] = scores[obj].astype(np.float32)
        results['pair_nis_exempt'] = np.full(len(subj), exempt)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(human_score_thr={self.human_score_thr}, '
                f'object_score_thr={self.object_score_thr}, fallback={self.fallback!r}, '
                f'fallback_k={self.fallback_k})')
