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
import warnings
from functools import lru_cache
from typing import Dict, List, NamedTuple, Optional, Sequence

import numpy as np

_SMALL_SORT = 16  # NumPy's introsort sorts arrays up to this length by insertion (stable)


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


def _iou(boxes: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    """IoU of ``boxes`` ``[..., 4]`` with ``gt_boxes`` ``[..., 4]`` (broadcast) as
    ``get_overlap(gt_boxes, box)`` computes it: +1 convention; with float32 inputs the area of
    ``box`` (a float32 row) is computed in float64 and the rest in float32, as there."""
    dtype = np.result_type(boxes, gt_boxes)
    one, zero = dtype.type(1), dtype.type(0)
    iw = np.maximum(np.minimum(gt_boxes[..., 2], boxes[..., 2])
                    - np.maximum(gt_boxes[..., 0], boxes[..., 0]) + one, zero)
    ih = np.maximum(np.minimum(gt_boxes[..., 3], boxes[..., 3])
                    - np.maximum(gt_boxes[..., 1], boxes[..., 1]) + one, zero)
    inters = iw * ih
    area = (((boxes[..., 2] - boxes[..., 0]).astype(np.float64) + 1.)
            * ((boxes[..., 3] - boxes[..., 1]).astype(np.float64) + 1.)).astype(dtype)
    gt_area = (gt_boxes[..., 2] - gt_boxes[..., 0] + one) * (gt_boxes[..., 3] - gt_boxes[..., 1]
                                                              + one)
    with np.errstate(invalid='ignore', divide='ignore'):
        return inters / (area + gt_area - inters)


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


@lru_cache(maxsize=None)
def _small_argsort_is_stable(size: int = _SMALL_SORT) -> bool:
    """Whether ``np.argsort`` (default kind) of float32 arrays up to ``size`` long keeps equal
    values in index order, as NumPy's introsort does with its insertion sort there."""
    rng = np.random.default_rng(0)
    for n in range(2, size + 1):
        for _ in range(20):
            values = rng.integers(0, 3, n).astype(np.float32)
            if not np.array_equal(values.argsort(), values.argsort(kind='stable')):
                return False
    return True


def _visiting_order(image: np.ndarray, task: np.ndarray, score: np.ndarray,
                    num_images: int) -> np.ndarray:
    """Indices of the rows sorted by (task, image) and, within, ``argsort()[::-1]``.

    That is descending score with ties in reverse row order where NumPy's ``argsort`` is
    stable (groups up to 16 rows); other groups with ties get the very call the official code
    makes (``np.argsort`` of that image's float32 scores, reversed).
    """
    group = (task * max(num_images, 1) + image).astype(np.uint64)
    bits = (score + np.float32(0)).view(np.uint32)  # -0.0 ties with 0.0, as in argsort
    ascending = np.where(bits >> 31 == 1, ~bits, bits | np.uint32(1 << 31))
    key = (group << np.uint64(32)) | (np.uint32(0xFFFFFFFF) - ascending).astype(np.uint64)
    reverse = np.arange(len(score))[::-1]
    order = reverse[np.argsort(key[reverse], kind='stable')]  # ties: later rows first
    group = group[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(order) else \
        np.zeros(0, np.int64)
    ends = np.r_[starts[1:], len(order)]
    sorted_score = score[order]
    tied = np.flatnonzero(sorted_score[1:] == sorted_score[:-1])
    tied_group = np.searchsorted(starts, tied, 'right') - 1
    tied_group = np.unique(tied_group[np.searchsorted(starts, tied + 1, 'right') - 1
                                      == tied_group])
    if _small_argsort_is_stable():
        tied_group = tied_group[ends[tied_group] - starts[tied_group] > _SMALL_SORT]
    for g in tied_group:
        members = np.sort(order[starts[g]:ends[g]])  # the image's rows in file order
        order[starts[g]:ends[g]] = members[score[members].argsort()[::-1]]
    return order


def _concat(preds: Sequence[VCOCOImagePred], field: str, dtype, shape: tuple) -> np.ndarray:
    parts = [np.asarray(getattr(p, field), dtype).reshape(shape) for p in preds]
    return np.concatenate(parts) if parts else np.zeros((0, ) + shape[1:], dtype)


def _flatten(gts: Sequence[VCOCOImageGT], preds: Sequence[VCOCOImagePred], num_actions: int,
             min_iou: float) -> _Flat:
    """Rows of all images with the person each one is matched to (``vsrl_eval.py`` L250-262)."""
    sizes = np.array([len(p.score) for p in preds], np.int64)
    image = np.repeat(np.arange(len(preds)), sizes)
    score = _concat(preds, 'score', np.float32, (-1, ))
    valid = ~np.isnan(score)
    image, score = image[valid], score[valid]
    agent = _concat(preds, 'agent_boxes', np.float32, (-1, 4))[valid]
    action = _concat(preds, 'action', np.int64, (-1, ))[valid]
    role = _concat(preds, 'role', np.int64, (-1, ))[valid]
    role_boxes = _concat(preds, 'role_boxes', np.float32, (-1, 4))[valid]
    # the persons of all images, one after the other
    num_persons = np.array([len(g.person_boxes) for g in gts], np.int64)
    offset = np.r_[0, np.cumsum(num_persons)[:-1]]
    persons = np.concatenate([np.asarray(g.person_boxes, np.float32).reshape(-1, 4)
                              for g in gts] + [np.zeros((1, 4), np.float32)])
    actions = np.concatenate([np.asarray(g.actions, np.int64).reshape(-1, num_actions)
                              for g in gts] + [np.zeros((1, num_actions), np.int64)])
    gt_roles = np.concatenate([np.asarray(g.role_boxes, np.float32).reshape(-1, num_actions,
                                                                           2, 4)
                               for g in gts] + [-np.ones((1, num_actions, 2, 4), np.float32)])
    # one match per predicted agent: consecutive rows with the same image and box
    new = np.r_[True, np.any(agent[1:] != agent[:-1], axis=1) | (image[1:] != image[:-1])] \
        if len(image) else np.zeros(0, bool)
    agent_of_row = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    agent_image = image[first]
    width = max(int(num_persons.max()) if len(num_persons) else 0, 1)
    slot = np.arange(width)
    has = slot[None] < num_persons[agent_image][:, None]  # [n, width]
    gt_index = np.where(has, offset[agent_image][:, None] + slot[None], len(persons) - 1)
    overlaps = _iou(agent[first][:, None], persons[gt_index])  # [n, width]
    overlaps[~has] = -np.inf
    person = overlaps.argmax(1)  # first maximum, NaN first as np.argmax
    ovmax = overlaps[np.arange(len(first)), person]
    no_person = num_persons[agent_image] == 0  # vsrl_eval.py fails; here: false positives
    index = np.where(no_person, len(persons) - 1, offset[agent_image] + person)
    kept = ~np.any(actions[index] == -1, axis=1) | no_person
    index, person, kept = index[agent_of_row], person[agent_of_row], kept[agent_of_row]
    agent_ok = (ovmax >= min_iou)[agent_of_row]
    true_action = actions[index, action] == 1
    gt_role = gt_roles[index, action, np.maximum(role, 0)]
    task = np.where(role < 0, action, num_actions + 2 * action + role)
    return _Flat(image, task, action, role, score, role_boxes, person, agent_ok, kept,
                 true_action, gt_role,
                 order=_visiting_order(image, task, score, len(preds)))


def _true_positives(flat: _Flat, hit: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """TP flags of ``rows`` (in visiting order): the first hit of each (task, image, person)."""
    tp = np.zeros(len(rows), bool)
    hits = rows[hit[rows]]
    images = int(flat.image.max()) + 1 if len(flat.image) else 1
    persons = int(flat.person.max()) + 1 if len(flat.person) else 1  # person within image
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
    role_iou = _iou(flat.role_boxes, flat.gt_role)  # [N]
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
        with warnings.catch_warnings():  # all NaN: no positives at all
            warnings.simplefilter('ignore', RuntimeWarning)
            mean = float(np.nanmean(role_ap))
        report[f'scenario_{scenario}'] = dict(role_ap=role_ap, mAP=mean)
    return report


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
