"""Training pairs of a sample: augmented positives and sampled negatives (TIN ``ult.py``
``Augmented_HO_Neg_HICO_pose_pattern_version2``)."""
from typing import Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.evaluation.functional.hico_det import box_iou_plus_one
from hoi_plugins.registry import TRANSFORMS


def augment_box(box: np.ndarray, count: int, shape: Tuple[int, int], min_iou: float,
                rng: np.random.Generator, max_tries: int = 150) -> np.ndarray:
    """``[1 + n, 4]``: ``box``, then up to ``count`` jittered copies (official ``ult.py``
    ``Augmented_box`` L246-290).

    Each try draws one scale ``1 + 0.01 * randint(-10, 10)`` for width and height, and shifts
    ``0.1 * randint(-floor(h), floor(h))`` and ``0.1 * randint(-floor(w), floor(w))`` of the
    centre, clips to the image and keeps the box if its IoU with ``box`` exceeds ``min_iou``;
    it gives up after ``max_tries`` tries (fewer copies).

    Args:
        box (np.ndarray): ``[4]`` x1, y1, x2, y2.
        count (int): copies wanted.
        shape (tuple[int, int]): image height and width.
        min_iou (float): minimum IoU of a copy (0.7 in the official code).
        rng (np.random.Generator): random source.
        max_tries (int): tries before giving up. Defaults to 150.
    """
    box = np.asarray(box, dtype=np.float64)
    width, height = box[2] - box[0], box[3] - box[1]
    centre_x, centre_y = (box[2] + box[0]) / 2, (box[3] + box[1]) / 2
    out = [box]
    tries = 0
    while len(out) <= count:
        tries += 1
        ratio = 1 + rng.integers(-10, 11) * 0.01
        shift_y = rng.integers(-np.floor(height), np.floor(height) + 1) * 0.1
        shift_x = rng.integers(-np.floor(width), np.floor(width) + 1) * 0.1
        cand = np.array([max(0, centre_x + shift_x - ratio * width / 2),
                         max(0, centre_y + shift_y - ratio * height / 2),
                         min(shape[1] - 1, centre_x + shift_x + ratio * width / 2),
                         min(shape[0] - 1, centre_y + shift_y + ratio * height / 2)])
        if box_iou_plus_one(box[None], cand[None])[0] > min_iou:  # official bb_IOU
            out.append(cand)
        if tries > max_tries:
            break
    return np.stack(out)


@TRANSFORMS.register_module()
class SampleHOIPairs(BaseTransform):
    """Positive pairs (ground truth, augmented) and negatives of one training sample.

    Positives (official L737-795): the sample's annotated (human, object) pairs (at most 5 when
    ``HICODetDataset`` chunks images as the official ``interval_divide`` does) share
    ``pos_augment`` jittered copies: ``pos_augment // n`` each, the last pair the rest; every
    pair also keeps its original boxes first (:func:`augment_box`); human and object copies are
    cut to the shorter list. Labels: all HOI classes of the pair.

    Negatives (L797-813): with ``neg_*`` keys (the official negative pickle ``Trainval_Neg``,
    read by ``HICODetDataset(neg_file=...)``), all of them if fewer than ``neg_select``, else a
    random ``neg_select``, each labelled with the HOI class stored with it (one-hot; the spatial
    stream's loss sees it). Without them: (human, instance) pairs of the ground truth without
    annotation, at most ``neg_select``, with all-zero labels.

    Required keys: ``gt_boxes`` ``[N, 4]``, ``gt_objects`` ``[N]`` (object index),
    ``gt_keypoints`` ``[N, 17, 3]``, ``gt_has_pose`` ``[N]``, ``gt_pairs`` ``[K, 3]`` (subject,
    object, HOI class), ``gt_is_human`` ``[N]``, ``ori_shape``; optional ``gt_sample_pairs``
    ``[k, 2]`` (the pairs of this sample when the image is chunked), ``neg_boxes_h``,
    ``neg_boxes_o`` ``[M, 4]``, ``neg_hoi``, ``neg_objects`` ``[M]``, ``neg_keypoints``
    ``[M, 17, 3]``, ``neg_has_pose`` ``[M]``.
    Added keys: ``pair_boxes_h``, ``pair_boxes_o`` ``[P, 4]``, ``pair_objects`` ``[P]``,
    ``pair_keypoints`` ``[P, 17, 3]``, ``pair_has_pose`` ``[P]``, ``pair_scores_h``,
    ``pair_scores_o`` ``[P]`` (ones), ``pair_hoi_labels`` ``[P, num_classes]``,
    ``pair_binary_labels`` ``[P]`` (1 for positives).

    Args:
        num_classes (int): number of HOI classes. Defaults to 600.
        pos_augment (int): jittered copies shared by the positives. Defaults to 15 (TIN
            ``Pos_augment``).
        neg_select (int): maximum negatives per sample. Defaults to 60 (TIN ``Neg_select``).
        augment_min_iou (float): minimum IoU of a jittered box. Defaults to 0.7.
    """

    def __init__(self, num_classes: int = 600, pos_augment: int = 15, neg_select: int = 60,
                 augment_min_iou: float = 0.7) -> None:
        self.num_classes = num_classes
        self.pos_augment = pos_augment
        self.neg_select = neg_select
        self.augment_min_iou = augment_min_iou

    def positives(self, results: dict, rng: np.random.Generator) -> dict:
        """Augmented boxes, instance ids and labels of the annotated pairs."""
        boxes, pairs = results['gt_boxes'], results['gt_pairs']
        if 'gt_sample_pairs' in results:  # a chunk of the image's pairs (HICODetDataset)
            chunk = {tuple(p) for p in results['gt_sample_pairs'].tolist()}
            pairs = pairs[[tuple(p) in chunk for p in pairs[:, :2].tolist()]]
        # the pairs in the order of their first annotation
        unique_pairs, first, inverse = np.unique(pairs[:, :2], axis=0, return_index=True,
                                                 return_inverse=True)
        order = np.argsort(first)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        labels = np.zeros((len(unique_pairs), self.num_classes), dtype=np.float32)
        labels[rank[inverse.reshape(-1)], pairs[:, 2]] = 1
        unique_pairs = unique_pairs[order]
        count = len(unique_pairs)
        each = self.pos_augment // max(count, 1)
        boxes_h, boxes_o, subj, obj, hoi_labels = [], [], [], [], []
        for index, (s, o) in enumerate(unique_pairs):
            copies = each if index < count - 1 else self.pos_augment - each * (count - 1)
            aug_h = augment_box(boxes[s], copies, results['ori_shape'], self.augment_min_iou, rng)
            aug_o = augment_box(boxes[o], copies, results['ori_shape'], self.augment_min_iou, rng)
            length = min(len(aug_h), len(aug_o))
            boxes_h.append(aug_h[:length])
            boxes_o.append(aug_o[:length])
            subj.append(np.full(length, s))
            obj.append(np.full(length, o))
            hoi_labels.append(np.repeat(labels[index:index + 1], length, axis=0))
        subj = np.concatenate(subj + [np.zeros(0, np.int64)]).astype(np.int64)
        obj = np.concatenate(obj + [np.zeros(0, np.int64)]).astype(np.int64)
        return dict(boxes_h=np.concatenate(boxes_h + [np.zeros((0, 4))]),
                    boxes_o=np.concatenate(boxes_o + [np.zeros((0, 4))]),
                    objects=results['gt_objects'][obj],
                    keypoints=results['gt_keypoints'][subj],
                    has_pose=results['gt_has_pose'][subj],
                    hoi_labels=np.concatenate(hoi_labels
                                              + [np.zeros((0, self.num_classes), np.float32)]))

    def negatives(self, results: dict, rng: np.random.Generator) -> dict:
        """Negative pairs: from the official negative file, else from the ground truth."""
        if 'neg_boxes_h' in results:
            num = len(results['neg_boxes_h'])
            # official: all when fewer than Neg_select, else random.sample of Neg_select
            pick = np.arange(num) if num < self.neg_select \
                else rng.permutation(num)[:self.neg_select]
            labels = np.zeros((len(pick), self.num_classes), dtype=np.float32)
            labels[np.arange(len(pick)), results['neg_hoi'][pick]] = 1
            return dict(boxes_h=results['neg_boxes_h'][pick], boxes_o=results['neg_boxes_o'][pick],
                        objects=results['neg_objects'][pick],
                        keypoints=results['neg_keypoints'][pick],
                        has_pose=results['neg_has_pose'][pick], hoi_labels=labels)
        boxes = results['gt_boxes']
        humans = np.flatnonzero(results['gt_is_human'])
        cand = np.stack(np.meshgrid(humans, np.arange(len(boxes)), indexing='ij'), -1)
        cand = cand.reshape(-1, 2)
        cand = cand[cand[:, 0] != cand[:, 1]]
        annotated = {tuple(p) for p in results['gt_pairs'][:, :2].tolist()}
        cand = cand[[tuple(c) not in annotated for c in cand.tolist()]] if len(cand) else cand
        if len(cand) > self.neg_select:
            cand = cand[rng.choice(len(cand), self.neg_select, replace=False)]
        return dict(boxes_h=boxes[cand[:, 0]], boxes_o=boxes[cand[:, 1]],
                    objects=results['gt_objects'][cand[:, 1]],
                    keypoints=results['gt_keypoints'][cand[:, 0]],
                    has_pose=results['gt_has_pose'][cand[:, 0]],
                    hoi_labels=np.zeros((len(cand), self.num_classes), np.float32))

    def transform(self, results: dict) -> dict:
        rng = np.random.default_rng(np.random.randint(2**31))
        pos, neg = self.positives(results, rng), self.negatives(results, rng)
        for key in ('boxes_h', 'boxes_o', 'objects', 'keypoints', 'has_pose', 'hoi_labels'):
            results[f'pair_{key}'] = np.concatenate([pos[key], neg[key]])
        # boxes and keypoints stay float64 up to the pattern, as in the official code
        results['pair_hoi_labels'] = results['pair_hoi_labels'].astype(np.float32)
        num = len(results['pair_boxes_h'])
        results['pair_scores_h'] = np.ones(num, dtype=np.float32)
        results['pair_scores_o'] = np.ones(num, dtype=np.float32)
        results['pair_binary_labels'] = np.concatenate(
            [np.ones(len(pos['boxes_h'])), np.zeros(len(neg['boxes_h']))]).astype(np.int64)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_classes={self.num_classes}, '
                f'pos_augment={self.pos_augment}, neg_select={self.neg_select}, '
                f'augment_min_iou={self.augment_min_iou})')
