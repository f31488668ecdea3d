"""V-COCO agent AP and role AP (scenario 1 and 2) exactly as ``vsrl_eval.py`` computes them.

The rules of ``_do_agent_eval`` and ``_do_role_eval`` (s-gupta/v-coco ``vsrl_eval.py``):

- a prediction with a NaN score is dropped (L245, L363);
- the predictions of an image are visited in ``scores.argsort()[::-1]`` order (L250, L368):
  among equal scores the later prediction comes first;
- the predicted agent box takes the ground-truth person of the image with the highest IoU
  (``get_overlap``, +1 convention, first maximum, no minimum) (L254-258);
- a person without V-COCO annotation drops the prediction (neither TP nor FP) (L262);
- role AP: the ground-truth role box is the role object of that person for the action; when it
  has none, scenario 1 counts the role as correct only if the predicted role box is empty (all
  zeros or all NaN), scenario 2 always; otherwise the role IoU must be >= 0.5 (L266-280);
- TP when the person does the action, agent IoU (and role IoU) >= 0.5 and the person was not
  covered before for this action (role) in this image; all else FP (L282-294);
- AP is VOC all-point on the predictions of all images ranked by ``argsort()[::-1]`` of their
  float32 scores (L307), recall and precision in float32; role mAP is the ``nanmean`` of the
  (action, role) APs, agent mAP ``nansum / 26`` (L422).

Everything is computed with the same dtypes (float32 boxes and scores, the mixed float64 step
of ``get_overlap``) so that the numbers are equal to the official ones, ties included.
"""
from typing import Dict, List, NamedTuple, Optional, Sequence

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
        role (np.ndarray): ``[D]`` role index 0..1 (the roles after ``agent``), -1 for the
            agent score of the action (agent AP).
        role_boxes (np.ndarray): ``[D, 4]``; all zeros or all NaN means "no role object".
        score (np.ndarray): ``[D]``; NaN rows are not scored.
    """
    agent_boxes: np.ndarray
    action: np.ndarray
    role: np.ndarray
    role_boxes: np.ndarray
    score: np.ndarray


def empty_prediction() -> VCOCOImagePred:
    """The predictions of an image without any."""
    return VCOCOImagePred(np.zeros((0, 4)), np.zeros(0, np.int64), np.zeros(0, np.int64),
                          np.zeros((0, 4)), np.zeros(0))


def iou_matrix_plus_one(boxes: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    """``[N, M]`` IoU of ``boxes`` ``[N, 4]`` with ``gt_boxes`` ``[M, 4]`` as ``get_overlap``.

    With float32 inputs the result has the official rounding: ``get_overlap(gt_boxes, box)``
    computes the area of ``box`` (a float32 scalar row) in float64 and the rest in float32.
    """
    dtype = np.result_type(boxes, gt_boxes)
    ixmin = np.maximum(gt_boxes[None, :, 0], boxes[:, None, 0])
    iymin = np.maximum(gt_boxes[None, :, 1], boxes[:, None, 1])
    ixmax = np.minimum(gt_boxes[None, :, 2], boxes[:, None, 2])
    iymax = np.minimum(gt_boxes[None, :, 3], boxes[:, None, 3])
    iw = np.maximum(ixmax - ixmin + dtype.type(1), dtype.type(0))
    ih = np.maximum(iymax - iymin + dtype.type(1), dtype.type(0))
    inters = iw * ih  # [N, M]
    area = (((boxes[:, 2] - boxes[:, 0]).astype(np.float64) + 1.)
            * ((boxes[:, 3] - boxes[:, 1]).astype(np.float64) + 1.)).astype(dtype)  # [N]
    gt_area = ((gt_boxes[:, 2] - gt_boxes[:, 0] + dtype.type(1))
               * (gt_boxes[:, 3] - gt_boxes[:, 1] + dtype.type(1)))  # [M]
    with np.errstate(invalid='ignore', divide='ignore'):
        return inters / (area[:, None] + gt_area[None] - inters)


def voc_ap(rec: np.ndarray, prec: np.ndarray) -> float:
    """VOC all-point AP: area under the precision envelope at every recall change."""
    mrec = np.concatenate(([0.], rec, [1.]))
    mpre = np.concatenate(([0.], prec, [0.]))
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    i = np.flatnonzero(mrec[1:] != mrec[:-1])
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


def _ap(score: np.ndarray, tp: np.ndarray, num_pos: float) -> float:
    """AP of float32 ``score`` ``[D]`` with TP flags as ``vsrl_eval.py`` L303-318."""
    order = score.argsort()[::-1]  # the official ranking, ties included
    a_tp = np.cumsum(tp[order].astype(np.float32))
    a_fp = np.cumsum((~tp[order]).astype(np.float32))
    with np.errstate(divide='ignore', invalid='ignore'):
        rec = a_tp / float(num_pos)
    prec = a_tp / np.maximum(a_tp + a_fp, np.finfo(np.float64).eps)
    return voc_ap(rec, prec)


class _Flat(NamedTuple):
    """All scored rows of all images, with their ground-truth person."""
    image: np.ndarray  # [N]
    task: np.ndarray  # [N] action for agent rows, A + 2 * action + role for role rows
    action: np.ndarray
    role: np.ndarray
    score: np.ndarray  # float32
    role_boxes: np.ndarray  # float32 [N, 4]
    person: np.ndarray  # [N] gt person (jmax) within the image
    agent_ok: np.ndarray  # [N] ovmax >= min_iou
    kept: np.ndarray  # [N] the person is annotated
    true_action: np.ndarray  # [N]
    gt_role: np.ndarray  # float32 [N, 4]; -1 where the person has no role object
    order: np.ndarray  # [N] the official visiting order (see _visiting_order)


def _visiting_order(image: np.ndarray, task: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Indices of the rows sorted by (task, image) and, within, ``argsort()[::-1]``.

    Without ties that is descending score; ties of a small group follow the same call the
    official code makes (``np.argsort`` of that image's scores, reversed).
    """
    index = np.arange(len(score))
    order = np.lexsort((-index, -score, image, task))
    group = np.stack([task[order], image[order]], 1)
    starts = np.flatnonzero(np.r_[True, np.any(group[1:] != group[:-1], axis=1)])
    ends = np.r_[starts[1:], len(order)]
    sorted_score = score[order]
    tied = np.flatnonzero(sorted_score[1:] == sorted_score[:-1])
    same_group = np.searchsorted(starts, tied, 'right') == np.searchsorted(starts, tied + 1,
                                                                            'right')
    for g in np.unique(np.searchsorted(starts, tied[same_group], 'right') - 1):
        members = np.sort(order[starts[g]:ends[g]])  # the image's rows in file order
        order[starts[g]:ends[g]] = members[score[members].argsort()[::-1]]
    return order


def _flatten(gts: Sequence[VCOCOImageGT], preds: Sequence[VCOCOImagePred], num_actions: int,
             min_iou: float) -> _Flat:
    """Rows of all images with the person each one is matched to (``vsrl_eval.py`` L250-262)."""
    parts = []
    for i, (gt, pred) in enumerate(zip(gts, preds)):
        score = np.asarray(pred.score, np.float32)
        valid = ~np.isnan(score)
        if not valid.any():
            continue
        agent = np.asarray(pred.agent_boxes, np.float32)[valid]
        action = np.asarray(pred.action, np.int64)[valid]
        role = np.asarray(pred.role, np.int64)[valid]
        role_boxes = np.asarray(pred.role_boxes, np.float32)[valid]
        n = len(action)
        gt_boxes = np.asarray(gt.person_boxes, np.float32)
        if len(gt_boxes):
            overlaps = iou_matrix_plus_one(agent, gt_boxes)  # [n, P]
            person = overlaps.argmax(1)
            ovmax = overlaps[np.arange(n), person]
            kept = ~np.any(gt.actions[person] == -1, axis=1)
            true_action = gt.actions[person, action] == 1
            gt_role = np.asarray(gt.role_boxes, np.float32)[person, action, np.maximum(role, 0)]
        else:  # the official code fails here (argmax of nothing); all are false positives
            person = np.zeros(n, np.int64)
            ovmax = np.zeros(n, np.float32)
            kept = np.ones(n, bool)
            true_action = np.zeros(n, bool)
            gt_role = -np.ones((n, 4), np.float32)
        task = np.where(role < 0, action, num_actions + 2 * action + role)
        parts.append((np.full(n, i), task, action, role, score[valid], role_boxes, person,
                      ovmax >= min_iou, kept, true_action, gt_role))
    if not parts:
        fields = [np.zeros(0, np.int64)] * 4 + [np.zeros(0, np.float32),
                                                 np.zeros((0, 4), np.float32),
                                                 np.zeros(0, np.int64)] + [np.zeros(0, bool)] * 3
        fields += [np.zeros((0, 4), np.float32)]
    else:
        fields = [np.concatenate(column) for column in zip(*parts)]
    return _Flat(*fields, order=_visiting_order(fields[0], fields[1], fields[4]))


def _true_positives(flat: _Flat, hit: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """TP flags of ``rows`` (in visiting order): the first hit of each (task, image, person)."""
    tp = np.zeros(len(rows), bool)
    hits = rows[hit[rows]]
    images = int(flat.image.max()) + 1 if len(flat.image) else 1
    persons = int(flat.person.max()) + 1 if len(flat.person) else 1
    key = (flat.task[hits] * images + flat.image[hits]) * persons + flat.person[hits]
    _, first = np.unique(key, return_index=True)  # stable: the first in visiting order
    tp[np.flatnonzero(hit[rows])[first]] = True
    return tp


def _task_aps(flat: _Flat, hit: np.ndarray, tasks: np.ndarray,
              num_pos: np.ndarray) -> np.ndarray:
    """float32 AP per task of ``tasks`` (NaN where ``num_pos`` is 0)."""
    rows = flat.order[flat.kept[flat.order]]  # visiting order, unannotated persons dropped
    tp = _true_positives(flat, hit, rows)
    task_of_row = flat.task[rows]  # sorted: the visiting order is grouped by task
    starts = np.searchsorted(task_of_row, tasks, 'left')
    ends = np.searchsorted(task_of_row, tasks, 'right')
    ap = np.full(len(tasks), np.nan, np.float32)
    for k in range(len(tasks)):
        if num_pos[k] > 0:
            sel = slice(starts[k], ends[k])
            ap[k] = _ap(flat.score[rows[sel]], tp[sel], num_pos[k])
    return ap


def vcoco_eval(gts: Sequence[VCOCOImageGT], preds: Sequence[Optional[VCOCOImagePred]],
               roles: List[List[str]], min_iou: float = 0.5) -> Dict[str, object]:
    """Agent AP and role AP (scenario 1 and 2) of every action, as ``vsrl_eval.py``.

    Args:
        gts (Sequence[VCOCOImageGT]): per image ground truth, in the order of the split file.
        preds (Sequence[VCOCOImagePred | None]): per image predictions, aligned with ``gts``;
            None or empty for an image without predictions. Rows of an image keep the order
            of the official detection list (it decides ties).
        roles (list[list[str]]): role names per action, ``agent`` first.
        min_iou (float): agent and role IoU threshold. Defaults to 0.5.

    Returns:
        dict: ``num_pos`` ``[A]``; ``agent_ap`` ``[A]`` and ``agent_mAP`` (``nansum / A``);
        ``scenario_1`` and ``scenario_2``, each with ``role_ap`` ``[A, 2]`` (NaN for roles
        that do not exist or have no positives) and ``mAP`` (``nanmean``). APs are float32
        as the official ones.
    """
    num_actions = len(roles)
    preds = [p if p is not None else empty_prediction() for p in preds]
    num_pos = np.zeros(num_actions, np.float32)
    for gt in gts:
        num_pos += np.sum(np.asarray(gt.actions) == 1, axis=0)
    flat = _flatten(gts, preds, num_actions, min_iou)
    is_agent = flat.role < 0
    agent_hit = flat.true_action & flat.agent_ok & is_agent
    agent_ap = _task_aps(flat, agent_hit, np.arange(num_actions), num_pos)
    pairs = [(a, r) for a, names in enumerate(roles) for r in range(len(names) - 1)]
    role_tasks = np.array([num_actions + 2 * a + r for a, r in pairs], np.int64)
    no_gt_role = np.all(flat.gt_role == -1, axis=1)
    empty_pred = (np.all(flat.role_boxes == 0.0, axis=1)
                  | np.all(np.isnan(flat.role_boxes), axis=1))
    role_iou = _pairwise_iou(flat.role_boxes, flat.gt_role)
    report = dict(num_pos=num_pos, agent_ap=agent_ap,
                  agent_mAP=float(np.nansum(agent_ap) / num_actions))
    for scenario in (1, 2):
        correct_empty = empty_pred if scenario == 1 else np.ones_like(empty_pred)
        ov_role = np.where(no_gt_role, correct_empty.astype(np.float32), role_iou)
        with np.errstate(invalid='ignore'):
            hit = (flat.true_action & flat.agent_ok & ~is_agent & (ov_role >= min_iou))
        ap = _task_aps(flat, hit, role_tasks, num_pos[[a for a, _ in pairs]])
        role_ap = np.full((num_actions, 2), np.nan, np.float32)
        for (a, r), value in zip(pairs, ap):
            role_ap[a, r] = value
        report[f'scenario_{scenario}'] = dict(role_ap=role_ap, mAP=float(np.nanmean(role_ap)))
    return report


def _pairwise_iou(boxes: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    """``[N]`` IoU of ``boxes[k]`` with ``gt_boxes[k]`` (rounding of ``get_overlap``)."""
    out = np.empty(len(boxes), np.float32)
    step = 1 << 16
    for start in range(0, len(boxes), step):
        part = slice(start, start + step)
        out[part] = _row_iou(boxes[part], gt_boxes[part])
    return out


def _row_iou(boxes: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    ixmin = np.maximum(gt_boxes[:, 0], boxes[:, 0])
    iymin = np.maximum(gt_boxes[:, 1], boxes[:, 1])
    ixmax = np.minimum(gt_boxes[:, 2], boxes[:, 2])
    iymax = np.minimum(gt_boxes[:, 3], boxes[:, 3])
    one, zero = np.float32(1), np.float32(0)
    inters = np.maximum(ixmax - ixmin + one, zero) * np.maximum(iymax - iymin + one, zero)
    area = (((boxes[:, 2] - boxes[:, 0]).astype(np.float64) + 1.)
            * ((boxes[:, 3] - boxes[:, 1]).astype(np.float64) + 1.)).astype(np.float32)
    gt_area = (gt_boxes[:, 2] - gt_boxes[:, 0] + one) * (gt_boxes[:, 3] - gt_boxes[:, 1] + one)
    with np.errstate(invalid='ignore', divide='ignore'):
        return inters / (area + gt_area - inters)


def vcoco_role_ap(gts: Sequence[VCOCOImageGT], preds: Sequence[Optional[VCOCOImagePred]],
                  roles: List[List[str]], scenario: int = 1,
                  min_iou: float = 0.5) -> Dict[str, np.ndarray]:
    """Role AP of every (action, role) of one scenario (see :func:`vcoco_eval`).

    Returns:
        dict: ``role_ap`` ``[A, 2]``, ``num_pos`` ``[A]`` and the float ``mAP``.
    """
    if scenario not in (1, 2):
        raise ValueError(f'scenario must be 1 or 2, got {scenario}')
    report = vcoco_eval(gts, preds, roles, min_iou)
    result = report[f'scenario_{scenario}']
    return dict(role_ap=result['role_ap'], num_pos=report['num_pos'], mAP=result['mAP'])
