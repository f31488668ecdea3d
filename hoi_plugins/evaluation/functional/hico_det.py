"""The official HICO-DET benchmark, vectorized over all classes and detections.

Same numbers as ``HICO-DET_Benchmark/evaluation/eval_one.m`` + ``VOCevaldet_bboxpair.m``:

- per HOI class, detections of the whole test set sorted by descending score (MATLAB's stable
  ``sort(-conf)``: ties keep image order, then the order inside the image);
- a detection takes the ground-truth pair of its image with the highest
  ``min(IoU(human), IoU(object))`` (the first one on ties), IoU with the +1 pixel convention;
  it is a true positive when that overlap is >= 0.5 and the pair was not taken before, else a
  false positive (the next-best pair is not tried);
- 11-point interpolated AP at MATLAB's thresholds ``0:0.1:1`` (see
  :data:`MATLAB_RECALL_THRESHOLDS`), summed as ``ap = ap + p / 11``;
- classes without ground truth give AP 0 (MATLAB's recall is NaN there, no threshold passes);
- Known-Object keeps, for class c, the detections in the images labelled with c's object.

The official code adds 1 to the detection boxes only to move them into the 1-based frame of its
ground truth; here both are in the same frame and are compared as they are.
"""
from typing import Dict, NamedTuple, Optional

import numpy as np

# MATLAB builds 0:0.1:1 symmetrically from both ends; np.arange would give 0.6000000000000001 and
# 0.7000000000000001, which changes the AP of any class whose recall reaches exactly 0.6 or 0.7.
MATLAB_RECALL_THRESHOLDS = np.array(
    [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])


class HOIPairs(NamedTuple):
    """Human-object pairs of a whole image set, one row per (pair, HOI class).

    Attributes:
        image (np.ndarray): ``[N]`` int, index of the image in the image set.
        hoi (np.ndarray): ``[N]`` int, HOI class 0..num_classes-1.
        boxes_h (np.ndarray): ``[N, 4]`` float64 human boxes x1, y1, x2, y2.
        boxes_o (np.ndarray): ``[N, 4]`` float64 object boxes.
        score (np.ndarray | None): ``[N]`` float64 scores (predictions only).
    """
    image: np.ndarray
    hoi: np.ndarray
    boxes_h: np.ndarray
    boxes_o: np.ndarray
    score: Optional[np.ndarray] = None

    def select(self, keep: np.ndarray) -> 'HOIPairs':
        return HOIPairs(self.image[keep], self.hoi[keep], self.boxes_h[keep], self.boxes_o[keep],
                        None if self.score is None else self.score[keep])


def box_iou_plus_one(boxes: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    """Row-wise IoU with the +1 pixel convention, in the operation order of the MATLAB code.

    Args:
        boxes (np.ndarray): ``[K, 4]`` detection boxes.
        gt_boxes (np.ndarray): ``[K, 4]`` ground-truth boxes, row k compared with row k.

    Returns:
        np.ndarray: ``[K]`` IoU, 0 where the boxes do not overlap.
    """
    iw = np.minimum(boxes[:, 2], gt_boxes[:, 2]) - np.maximum(boxes[:, 0], gt_boxes[:, 0]) + 1
    ih = np.minimum(boxes[:, 3], gt_boxes[:, 3]) - np.maximum(boxes[:, 1], gt_boxes[:, 1]) + 1
    inter = iw * ih
    union = ((boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)
             + (gt_boxes[:, 2] - gt_boxes[:, 0] + 1) * (gt_boxes[:, 3] - gt_boxes[:, 1] + 1)
             - inter)
    overlap = (iw > 0) & (ih > 0)
    iou = np.zeros(len(boxes))
    iou[overlap] = inter[overlap] / union[overlap]
    return iou


def _segment_max(values: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                 empty: float) -> np.ndarray:
    """Maximum of ``values`` over consecutive segments; ``empty`` for segments of length 0."""
    out = np.full(len(starts), empty, dtype=np.float64)
    nonempty = counts > 0
    if nonempty.any():
        out[nonempty] = np.maximum.reduceat(values, starts[nonempty])
    return out


def match_pairs(gt: HOIPairs, pred: HOIPairs, num_images: int, min_iou: float = 0.5
                ) -> np.ndarray:
    """True positives of ``pred`` (already in processing order) against ``gt``.

    Returns:
        np.ndarray: ``[len(pred)]`` bool, True for true positives.
    """
    gt_key = gt.hoi.astype(np.int64) * num_images + gt.image
    gt_order = np.argsort(gt_key, kind='stable')
    gt_key = gt_key[gt_order]
    pred_key = pred.hoi.astype(np.int64) * num_images + pred.image
    first = np.searchsorted(gt_key, pred_key, side='left')
    counts = np.searchsorted(gt_key, pred_key, side='right') - first
    # every (detection, ground truth of the same image and class) candidate
    cand_pred = np.repeat(np.arange(len(pred.image)), counts)  # [K]
    offsets = np.cumsum(counts) - counts
    cand_gt = gt_order[first[cand_pred] + np.arange(len(cand_pred)) - offsets[cand_pred]]  # [K]
    overlap = np.minimum(box_iou_plus_one(pred.boxes_h[cand_pred], gt.boxes_h[cand_gt]),
                         box_iou_plus_one(pred.boxes_o[cand_pred], gt.boxes_o[cand_gt]))  # [K]
    best = _segment_max(overlap, offsets, counts, empty=-np.inf)  # [D]
    # the first ground truth reaching the maximum (MATLAB updates only on a strict increase)
    is_best = overlap == best[cand_pred]
    best_pred, first_best = np.unique(cand_pred[is_best], return_index=True)
    best_gt = np.full(len(pred.image), -1, dtype=np.int64)
    best_gt[best_pred] = cand_gt[is_best][first_best]
    hit = best >= min_iou
    # each ground truth is taken by the first (highest ranked) detection that hits it
    tp = np.zeros(len(pred.image), dtype=bool)
    _, first_hit = np.unique(best_gt[hit], return_index=True)
    tp[np.flatnonzero(hit)[first_hit]] = True
    return tp


def hico_det_ap(gt: HOIPairs, pred: HOIPairs, num_classes: int, num_images: int,
                min_iou: float = 0.5) -> Dict[str, np.ndarray]:
    """AP and recall of every HOI class, as ``VOCevaldet_bboxpair.m`` computes them.

    Args:
        gt (HOIPairs): visible ground-truth pairs.
        pred (HOIPairs): detections with scores, in image order (ties keep this order).
        num_classes (int): number of HOI classes (600).
        num_images (int): number of images the ``image`` indices refer to.
        min_iou (float): minimum of the human and object IoU for a match. Defaults to 0.5.

    Returns:
        dict: ``ap`` ``[C]``, ``recall`` ``[C]`` (final recall, 0 without detections or
        ground truth), ``num_gt`` ``[C]`` int.
    """
    order = np.lexsort((np.arange(len(pred.score)), pred.image, -pred.score, pred.hoi))
    pred = pred.select(order)
    tp = match_pairs(gt, pred, num_images, min_iou)  # [D]
    num_gt = np.bincount(gt.hoi, minlength=num_classes)  # [C]
    num_det = np.bincount(pred.hoi, minlength=num_classes)  # [C]
    starts = np.cumsum(num_det) - num_det
    # cumulative true/false positives inside each class segment
    tp_cum = np.cumsum(tp)
    fp_cum = np.cumsum(~tp)
    base = np.repeat(starts, num_det)
    tp_before = np.where(base > 0, tp_cum[base - 1], 0)
    fp_before = np.where(base > 0, fp_cum[base - 1], 0)
    tp_cls = (tp_cum - tp_before).astype(np.float64)  # [D]
    fp_cls = (fp_cum - fp_before).astype(np.float64)  # [D]
    with np.errstate(divide='ignore', invalid='ignore'):
        rec = tp_cls / num_gt[pred.hoi]  # [D], NaN/inf for classes without ground truth
    prec = tp_cls / (fp_cls + tp_cls)  # [D]
    ap = np.zeros(num_classes)
    for threshold in MATLAB_RECALL_THRESHOLDS:
        precision = _segment_max(np.where(rec >= threshold, prec, -np.inf), starts, num_det,
                                 empty=-np.inf)
        precision[np.isinf(precision)] = 0.0
        ap = ap + precision / 11
    recall = np.zeros(num_classes)
    has_det = (num_det > 0) & (num_gt > 0)
    recall[has_det] = rec[(starts + num_det - 1)[has_det]]
    return dict(ap=ap, recall=recall, num_gt=num_gt)


def _mean(values: np.ndarray) -> float:
    """Mean, NaN for an empty selection (e.g. no rare class)."""
    return float(values.mean()) if len(values) else float('nan')


def hico_det_eval(gt: HOIPairs, pred: HOIPairs, num_images: int, hoi_object: np.ndarray,
                  known_objects: np.ndarray, rare: np.ndarray, min_iou: float = 0.5,
                  eval_classes: Optional[np.ndarray] = None) -> Dict[str, Dict[str, np.ndarray]]:
    """Default and Known-Object results with Full / Rare / Non-Rare means.

    Args:
        gt (HOIPairs): visible ground-truth pairs.
        pred (HOIPairs): scored detections in image order.
        num_images (int): size of the image set.
        hoi_object (np.ndarray): ``[C]`` object index of each HOI class.
        known_objects (np.ndarray): ``[num_images, num_objects]`` bool, the objects each image
            is labelled with (Known-Object setting).
        rare (np.ndarray): ``[C]`` bool rare classes.
        min_iou (float): match threshold. Defaults to 0.5.
        eval_classes (np.ndarray, optional): classes the means run over (e.g. the few classes
            of a synthetic set); None for all, the official protocol. Defaults to None.

    Returns:
        dict: ``{'default': r, 'known_object': r}`` where ``r`` holds the per-class arrays of
        :func:`hico_det_ap` plus the floats ``mAP``, ``mAP_rare``, ``mAP_non_rare``, ``mRecall``.
    """
    num_classes = len(hoi_object)
    keep = known_objects[pred.image, hoi_object[pred.hoi]]
    results = dict(default=hico_det_ap(gt, pred, num_classes, num_images, min_iou),
                   known_object=hico_det_ap(gt, pred.select(keep), num_classes, num_images,
                                            min_iou))
    selected = np.zeros(num_classes, dtype=bool)
    selected[np.arange(num_classes) if eval_classes is None else eval_classes] = True
    for result in results.values():
        ap, recall = result['ap'], result['recall']
        result.update(mAP=_mean(ap[selected]), mAP_rare=_mean(ap[selected & rare]),
                      mAP_non_rare=_mean(ap[selected & ~rare]),
                      mRecall=_mean(recall[selected]))
    return results


def rare_classes_from_counts(train_hoi: np.ndarray, num_classes: int,
                             min_count: int = 10) -> np.ndarray:
    """``[C]`` bool: classes with fewer than ``min_count`` training pairs (the official rule)."""
    return np.bincount(train_hoi, minlength=num_classes) < min_count


def hico_det_report(results: Dict[str, Dict[str, np.ndarray]], hoi_verb: np.ndarray,
                    hoi_object_id: np.ndarray) -> dict:
    """The ``RESULT.json`` layout of ``tools/analysis/eval_hoi.py`` (fractions in [0, 1]).

    Args:
        results (dict): output of :func:`hico_det_eval`.
        hoi_verb (np.ndarray): ``[C]`` verb id of each class (as in the JSON files).
        hoi_object_id (np.ndarray): ``[C]`` object category id of each class (COCO id).
    """
    report = {}
    for setting, result in results.items():
        per_class = [dict(hoi=c, verb=int(hoi_verb[c]), object=int(hoi_object_id[c]),
                          ap=float(result['ap'][c]), recall=float(result['recall'][c]),
                          num_gt=int(result['num_gt'][c])) for c in range(len(hoi_verb))]
        report[setting] = dict(mAP=result['mAP'], mAP_rare=result['mAP_rare'],
                               mAP_non_rare=result['mAP_non_rare'],
                               mRecall=result['mRecall'], per_class=per_class)
    return report


def format_hico_det_table(report: dict) -> str:
    """The summary of :func:`hico_det_report` as a text table, in percent."""
    lines = [f'{"setting":<14}{"Full":>8}{"Rare":>8}{"Non-Rare":>10}{"mRecall":>9}']
    for setting, result in report.items():
        lines.append(f'{setting:<14}{100 * result["mAP"]:>8.2f}{100 * result["mAP_rare"]:>8.2f}'
                     f'{100 * result["mAP_non_rare"]:>10.2f}{100 * result["mRecall"]:>9.2f}')
    return '\n'.join(lines)
