"""Training pairs of an image: augmented positives and sampled negatives (TIN ``ult.py``)."""
import numpy as np

from hoi_plugins.registry import TRANSFORMS


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise IoU of ``[N, 4]`` boxes with the +1 convention (TIN ``bb_IOU``)."""
    iw = np.minimum(a[:, 2], b[:, 2]) - np.maximum(a[:, 0], b[:, 0]) + 1
    ih = np.minimum(a[:, 3], b[:, 3]) - np.maximum(a[:, 1], b[:, 1]) + 1
    inter = np.clip(iw, 0, None) * np.clip(ih, 0, None)
    union = ((a[:, 2] - a[:, 0] + 1) * (a[:, 3] - a[:, 1] + 1)
             + (b[:, 2] - b[:, 0] + 1) * (b[:, 3] - b[:, 1] + 1) - inter)
    return inter / union


def jitter_boxes(box: np.ndarray, count: int, shape: tuple, min_iou: float,
                 rng: np.random.Generator) -> np.ndarray:
    """``[count, 4]``: ``box`` first, then random shifts/scales of it with IoU > ``min_iou``."""
    out = [box[None]]
    found = 1
    width, height = box[2] - box[0], box[3] - box[1]
    for _ in range(20):
        if found >= count:
            break
        n = 4 * count
        centre = (box[:2] + box[2:]) / 2 + rng.uniform(-0.1, 0.1, (n, 2)) * [width, height]
        scale = rng.uniform(0.85, 1.15, (n, 2)) * [width, height] / 2
        cand = np.concatenate([centre - scale, centre + scale], axis=1)
        cand[:, [0, 2]] = np.clip(cand[:, [0, 2]], 0, shape[1] - 1)
        cand[:, [1, 3]] = np.clip(cand[:, [1, 3]], 0, shape[0] - 1)
        cand = cand[box_iou(cand, np.repeat(box[None], n, 0)) > min_iou][:count - found]
        out.append(cand)
        found += len(cand)
    boxes = np.concatenate(out)
    return boxes[np.arange(count) % len(boxes)]


@TRANSFORMS.register_module()
class SampleHOIPairs:
    """Positive pairs (ground truth, each augmented) and negatives (no interaction).

    Positives: every annotated (human, object) pair, repeated ``pos_augment`` times with
    jittered boxes (IoU > ``augment_min_iou`` to the original; the first copy is exact), labelled
    with all its HOI classes. Negatives: (human, instance) pairs of the image without any
    annotated interaction, at most ``neg_select`` of them.

    Required keys: ``gt_boxes`` ``[N, 4]``, ``gt_objects`` ``[N]`` (object index),
    ``gt_keypoints`` ``[N, 17, 3]``, ``gt_has_pose`` ``[N]``, ``gt_pairs`` ``[K, 3]`` (subject,
    object, HOI class), ``gt_is_human`` ``[N]``, ``ori_shape``.
    Added keys: ``pair_boxes_h``, ``pair_boxes_o`` ``[P, 4]``, ``pair_objects`` ``[P]``,
    ``pair_keypoints`` ``[P, 17, 3]``, ``pair_has_pose`` ``[P]``, ``pair_scores_h``,
    ``pair_scores_o`` ``[P]`` (ones), ``pair_hoi_labels`` ``[P, num_classes]``,
    ``pair_binary_labels`` ``[P]``.

    Args:
        num_classes (int): number of HOI classes. Defaults to 600.
        pos_augment (int): copies of each positive pair. Defaults to 15 (TIN ``Pos_augment``).
        neg_select (int): maximum negatives per image. Defaults to 60 (TIN ``Neg_select``).
        augment_min_iou (float): minimum IoU of a jittered box. Defaults to 0.7.
    """

    def __init__(self, num_classes: int = 600, pos_augment: int = 15, neg_select: int = 60,
                 augment_min_iou: float = 0.7) -> None:
        self.num_classes = num_classes
        self.pos_augment = pos_augment
        self.neg_select = neg_select
        self.augment_min_iou = augment_min_iou

    def __call__(self, results: dict) -> dict:
        rng = np.random.default_rng(np.random.randint(2**31))
        boxes, pairs = results['gt_boxes'], results['gt_pairs']
        shape = results['ori_shape']
        unique_pairs, inverse = np.unique(pairs[:, :2], axis=0, return_inverse=True)
        labels = np.zeros((len(unique_pairs), self.num_classes), dtype=np.float32)
        labels[inverse.reshape(-1), pairs[:, 2]] = 1
        subj = np.repeat(unique_pairs[:, 0], self.pos_augment)  # [P+]
        obj = np.repeat(unique_pairs[:, 1], self.pos_augment)
        boxes_h = np.concatenate([jitter_boxes(boxes[s], self.pos_augment, shape,
                                               self.augment_min_iou, rng)
                                  for s in unique_pairs[:, 0]] + [np.zeros((0, 4))])
        boxes_o = np.concatenate([jitter_boxes(boxes[o], self.pos_augment, shape,
                                               self.augment_min_iou, rng)
                                  for o in unique_pairs[:, 1]] + [np.zeros((0, 4))])
        hoi_labels = np.repeat(labels, self.pos_augment, axis=0)
        # negatives: every (human, other instance) without annotation
        humans = np.flatnonzero(results['gt_is_human'])
        cand = np.stack(np.meshgrid(humans, np.arange(len(boxes)), indexing='ij'), -1)
        cand = cand.reshape(-1, 2)
        cand = cand[cand[:, 0] != cand[:, 1]]
        annotated = {tuple(p) for p in unique_pairs.tolist()}
        cand = cand[[tuple(c) not in annotated for c in cand.tolist()]] if len(cand) else cand
        if len(cand) > self.neg_select:
            cand = cand[rng.choice(len(cand), self.neg_select, replace=False)]
        subj = np.concatenate([subj, cand[:, 0]]).astype(np.int64)
        obj = np.concatenate([obj, cand[:, 1]]).astype(np.int64)
        results['pair_boxes_h'] = np.concatenate([boxes_h, boxes[cand[:, 0]]]).astype(np.float32)
        results['pair_boxes_o'] = np.concatenate([boxes_o, boxes[cand[:, 1]]]).astype(np.float32)
        results['pair_objects'] = results['gt_objects'][obj]
        results['pair_keypoints'] = results['gt_keypoints'][subj]
        results['pair_has_pose'] = results['gt_has_pose'][subj]
        results['pair_scores_h'] = np.ones(len(subj), dtype=np.float32)
        results['pair_scores_o'] = np.ones(len(subj), dtype=np.float32)
        results['pair_hoi_labels'] = np.concatenate(
            [hoi_labels, np.zeros((len(cand), self.num_classes), np.float32)])
        results['pair_binary_labels'] = np.concatenate(
            [np.ones(len(hoi_labels)), np.zeros(len(cand))]).astype(np.int64)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_classes={self.num_classes}, '
                f'pos_augment={self.pos_augment}, neg_select={self.neg_select}, '
                f'augment_min_iou={self.augment_min_iou})')
