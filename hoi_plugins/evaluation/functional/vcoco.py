"""V-COCO role AP (scenario 1 and 2) as ``vsrl_eval.py`` (``_do_role_eval``) computes it.

- the predicted agent box takes the ground-truth person of the image with the highest IoU
  (+1 convention, no minimum for the assignment);
- a person without V-COCO annotation ("ignore") drops the prediction (neither TP nor FP);
- the ground-truth role box is the role object of that person for the action; when it has
  none, scenario 1 counts the role as correct only if the predicted role box is empty (all zeros
  or all NaN), scenario 2 always; otherwise the role IoU must be >= 0.5;
- TP when the person does the action, agent IoU >= 0.5, role correct and the person was not
  covered before for this (action, role) in this image; all else FP;
- AP is VOC all-point (precision envelope); the summary is ``nanmean`` over (action, role).
"""
from typing import Dict, List, NamedTuple, Sequence

import numpy as np


class VCOCOImageGT(NamedTuple):
    """Ground truth of one image.

    Attributes:
        person_boxes (np.ndarray): ``[P, 4]`` all person boxes of the image.
        actions (np.ndarray): ``[P, A]`` int, 1 does the action, 0 does not, -1 for persons
            without V-COCO annotation (whole row -1: ignored).
        role_boxes (np.ndarray): ``[P, A, 2, 4]`` role object boxes, -1 where there is none.
    """
    person_boxes: np.ndarray
    actions: np.ndarray
    role_boxes: np.ndarray


class VCOCOImagePred(NamedTuple):
    """Predictions of one image, one row per (agent, action, role).

    Attributes:
        agent_boxes (np.ndarray): ``[D, 4]``.
        action (np.ndarray): ``[D]`` action index 0..A-1.
        role (np.ndarray): ``[D]`` role index 0..1 (the roles after ``agent``).
        role_boxes (np.ndarray): ``[D, 4]``; all zeros or NaN means "no role object".
        score (np.ndarray): ``[D]``.
    """
    agent_boxes: np.ndarray
    action: np.ndarray
    role: np.ndarray
    role_boxes: np.ndarray
    score: np.ndarray


def iou_matrix_plus_one(boxes: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    """``[N, M]`` IoU as ``get_overlap`` in ``vsrl_eval.py`` (+1 convention)."""
    ixmin = np.maximum(gt_boxes[None, :, 0], boxes[:, None, 0])
    iymin = np.maximum(gt_boxes[None, :, 1], boxes[:, None, 1])
    ixmax = np.minimum(gt_boxes[None, :, 2], boxes[:, None, 2])
    iymax = np.minimum(gt_boxes[None, :, 3], boxes[:, None, 3])
    iw = np.maximum(ixmax - ixmin + 1., 0.)
    ih = np.maximum(iymax - iymin + 1., 0.)
    inters = iw * ih
    uni = ((boxes[:, None, 2] - boxes[:, None, 0] + 1.) *
           (boxes[:, None, 3] - boxes[:, None, 1] + 1.) +
           (gt_boxes[None, :, 2] - gt_boxes[None, :, 0] + 1.) *
           (gt_boxes[None, :, 3] - gt_boxes[None, :, 1] + 1.) - inters)
    return inters / uni


def voc_ap(rec: np.ndarray, prec: np.ndarray) -> float:
    """VOC all-point AP: area under the precision envelope at every recall change."""
    mrec = np.concatenate(([0.], rec, [1.]))
    mpre = np.concatenate(([0.], prec, [0.]))
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    i = np.flatnonzero(mrec[1:] != mrec[:-1])
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


def _image_outcomes(gt: VCOCOImageGT, pred: VCOCOImagePred, scenario: int,
                    min_iou: float):
    """Kept predictions of one image with their true-positive flags."""
    if len(pred.score) == 0:
        return np.zeros(0, bool), np.zeros(0, bool)
    if len(gt.person_boxes) == 0:
        return np.ones(len(pred.score), bool), np.zeros(len(pred.score), bool)
    overlaps = iou_matrix_plus_one(pred.agent_boxes, gt.person_boxes)  # [D, P]
    jmax = overlaps.argmax(axis=1)  # [D]
    ovmax = overlaps[np.arange(len(jmax)), jmax]  # [D]
    keep = ~np.any(gt.actions[jmax] == -1, axis=1)  # [D]
    gt_role = gt.role_boxes[jmax, pred.action, pred.role]  # [D, 4]
    no_gt_role = np.all(gt_role == -1, axis=1)  # [D]
    empty_pred = (np.all(pred.role_boxes == 0.0, axis=1)
                  | np.all(np.isnan(pred.role_boxes), axis=1))  # [D]
    with np.errstate(invalid='ignore'):
        role_iou = np.diagonal(iou_matrix_plus_one(pred.role_boxes, gt_role)) \
            if len(gt_role) else np.zeros(0)
    if scenario == 1:
        role_iou = np.where(no_gt_role, empty_pred.astype(float), role_iou)
    else:
        role_iou = np.where(no_gt_role, 1.0, role_iou)
    hit = ((gt.actions[jmax, pred.action] == 1) & (ovmax >= min_iou)
           & (np.nan_to_num(role_iou, nan=0.0) >= min_iou) & keep)  # [D]
    # per (action, role), predictions in descending score order; a person is covered once
    order = np.lexsort((-pred.score, pred.role, pred.action))
    tp = np.zeros(len(hit), bool)
    hit_order = order[hit[order]]
    key = (pred.action[hit_order] * 2 + pred.role[hit_order]) * len(gt.person_boxes) \
        + jmax[hit_order]
    _, first = np.unique(key, return_index=True)
    tp[hit_order[first]] = True
    return keep, tp


def vcoco_role_ap(gts: Sequence[VCOCOImageGT], preds: Sequence[VCOCOImagePred],
                  roles: List[List[str]], scenario: int = 1,
                  min_iou: float = 0.5) -> Dict[str, np.ndarray]:
    """Role AP of every (action, role).

    Args:
        gts (Sequence[VCOCOImageGT]): per image ground truth.
        preds (Sequence[VCOCOImagePred]): per image predictions, aligned with ``gts``.
        roles (list[list[str]]): role names per action, ``agent`` first.
        scenario (int): 1 or 2. Defaults to 1.
        min_iou (float): agent and role IoU threshold. Defaults to 0.5.

    Returns:
        dict: ``role_ap`` ``[A, 2]`` (NaN for roles that do not exist or have no positives),
        ``num_pos`` ``[A]`` and the float ``mAP`` (``nanmean`` of ``role_ap``).
    """
    if scenario not in (1, 2):
        raise ValueError(f'scenario must be 1 or 2, got {scenario}')
    num_actions = len(roles)
    num_pos = np.zeros(num_actions)
    action, role, score, tp = [], [], [], []
    for gt, pred in zip(gts, preds):
        num_pos += np.sum(gt.actions == 1, axis=0)
        keep, hit = _image_outcomes(gt, pred, scenario, min_iou)
        action.append(pred.action[keep])
        role.append(pred.role[keep])
        score.append(pred.score[keep])
        tp.append(hit[keep])
    action, role = np.concatenate(action), np.concatenate(role)
    score, tp = np.concatenate(score).astype(np.float32), np.concatenate(tp)
    role_ap = np.full((num_actions, 2), np.nan)
    for a, names in enumerate(roles):
        for r in range(len(names) - 1):
            sel = (action == a) & (role == r)
            order = np.argsort(-score[sel], kind='stable')
            a_tp = np.cumsum(tp[sel][order]).astype(np.float64)
            a_fp = np.cumsum(~tp[sel][order]).astype(np.float64)
            with np.errstate(divide='ignore', invalid='ignore'):
                rec = a_tp / num_pos[a]
            prec = a_tp / np.maximum(a_tp + a_fp, np.finfo(np.float64).eps)
            role_ap[a, r] = voc_ap(rec, prec) if num_pos[a] > 0 else np.nan
    return dict(role_ap=role_ap, num_pos=num_pos, mAP=float(np.nanmean(role_ap)))
