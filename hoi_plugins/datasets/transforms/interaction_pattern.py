"""The TIN/iCAN interaction pattern of human-object pairs, vectorized over pairs.

Channel 0 is 1 inside the human box, channel 1 inside the object box, both after mapping the
pair's union box onto a ``size x size`` canvas that keeps its aspect ratio (iCAN ``bbox_trans``,
``Get_next_sp``); channel 2 is the pose map (TIN ``get_skeleton`` / ``draw_relation``): the 17
COCO joints mapped into the human's canvas box and joined by lines of graded intensity, or 0.05
inside the human box when the person has no pose.

Everything is float64 up to the drawing, as in the official code, and joints are rounded as
Python 2's ``round`` rounds (halves away from zero; the official code ran under Python 2).
The lines of all pairs whose joints lie on the canvas take their pixels from a table of every
``cv2.line`` on the canvas (a line's pixels depend only on its extent) in one gather; the others
(joints off the canvas, which ``cv2.line`` clips) are drawn with ``cv2.line`` one at a time.
"""
import functools
from typing import Optional, Tuple

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.registry import TRANSFORMS

# (joint, joint) of each limb; joint 17 is the neck (middle of the shoulders)
LIMBS = ((1, 3), (2, 4), (0, 1), (0, 2), (0, 17), (5, 17), (6, 17), (5, 7), (6, 8), (7, 9),
         (8, 10), (11, 17), (12, 17), (11, 13), (12, 14), (13, 15), (14, 16))
LIMB_INTENSITY = tuple(round(0.15 + 0.05 * i, 2) for i in range(len(LIMBS)))
LIMB_ARRAY = np.array(LIMBS)  # [17, 2]
LIMB_VALUES = np.array(LIMB_INTENSITY, np.float32)  # [17] as cv2 writes them to float32


def canvas_boxes(boxes_h: np.ndarray, boxes_o: np.ndarray,
                 size: int = 64) -> Tuple[np.ndarray, np.ndarray]:
    """Human and object boxes on the pair's canvas (iCAN ``bbox_trans``), rounded.

    The official code has one branch per longer side of the pair's union (height when it is
    taller than wide, else width); both are one formula per axis, with the union's longer side
    as the scale, ``size - 1`` as the far end of the longer axis and the pair centred on the
    other. The arithmetic is the official one, operation by operation.

    Args:
        boxes_h (np.ndarray): ``[P, 4]`` human boxes x1, y1, x2, y2 (pixels, +1 widths).
        boxes_o (np.ndarray): ``[P, 4]`` object boxes.
        size (int): canvas side. Defaults to 64.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``[P, 4]`` human and object canvas boxes.
    """
    rows = np.arange(len(boxes_h))
    # [P, box (human, object), corner (x1y1, x2y2), axis (x, y)]
    boxes = np.stack([boxes_h, boxes_o], axis=1).astype(np.float64).reshape(-1, 2, 2, 2)
    origin = boxes[:, :, 0].min(axis=1)  # [P, 2] union top-left
    extent = boxes[:, :, 1].max(axis=1) - origin + 1  # [P, 2] union width, height
    boxes -= origin[:, None, None]
    along = (extent[:, 1] > extent[:, 0]).astype(np.int64)  # [P] the longer axis (x on ties)
    longer = extent[rows, along][:, None, None]  # [P, 1, 1]
    low = size * boxes[:, :, 0] / longer  # [P, 2, 2]
    end = size * extent / longer[:, 0] - 1  # [P, 2]: size * other side / longer side - 1
    end[rows, along] = size - 1
    high = end[:, None] - size * (extent[:, None] - 1 - boxes[:, :, 1]) / longer
    far_across = high[rows, :, 1 - along].max(axis=1)  # [P] before the snap, as the official
    # the box that reaches further along snaps to size - 1 (the object on ties)
    high[rows, (high[rows, 0, along] <= high[rows, 1, along]).astype(np.int64), along] = size - 1
    shift = np.zeros((len(rows), 1, 2))  # centres the pair across
    shift[rows, 0, 1 - along] = size / 2 - (far_across + 1) / 2
    boxes = np.round(np.stack([low + shift, high + shift], axis=2).reshape(-1, 2, 4))
    return boxes[:, 0], boxes[:, 1]


def fill_boxes(boxes: np.ndarray, values: np.ndarray, size: int, out: np.ndarray) -> None:
    """Write ``values`` inside ``boxes`` (inclusive integer ranges), 0 elsewhere.

    Each canvas row is either 0 or its box's row pattern, so the canvases are one gather of
    rows from a table of row patterns (every output value written once).

    Args:
        boxes (np.ndarray): ``[N, 4]`` integer-valued x1, y1, x2, y2.
        values (np.ndarray): ``[N]`` float32 value inside each box.
        size (int): canvas side.
        out (np.ndarray): ``[N, size, size]`` float32, C-contiguous, written in place.
    """
    inside = ((np.arange(size) >= boxes[:, :2, None])
              & (np.arange(size) <= boxes[:, 2:, None]))  # [N, 2 (columns, rows), size]
    table = np.zeros((len(boxes) + 1, size), np.float32)  # the last row is 0
    table[:-1] = inside[:, 0] * values[:, None]
    # mode='clip': the indices are valid, and 'raise' would buffer the output
    np.take(table, np.where(inside[:, 1], np.arange(len(boxes))[:, None], len(boxes)), axis=0,
            out=out, mode='clip')


def line_pixels(starts: np.ndarray, ends: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """The pixels ``cv2.line`` draws (8-connected, thickness 1, segment inside the image) for
    every segment, from OpenCV's ``LineIterator``: drawn from the end with the smaller x, one
    step per pixel along the longer axis (x on ties), a step across after ``k`` steps along
    when its error term ``D - 2 d (k + 1) + 2 D m`` turns negative, i.e.
    ``m_k = ceil((2 d k - D) / (2 D))``.

    Args:
        starts (np.ndarray): ``[N, 2]`` int first ends (x, y).
        ends (np.ndarray): ``[N, 2]`` int second ends (x, y).

    Returns:
        tuple[np.ndarray, np.ndarray]: ``[M]`` segment index and ``[M, 2]`` (x, y) of each
        drawn pixel.
    """
    swap = ends[:, 0] < starts[:, 0]  # left to right
    first = np.where(swap[:, None], ends, starts).astype(np.int64)
    delta = np.where(swap[:, None], starts, ends) - first  # [N, 2], delta x >= 0
    sign_y = np.where(delta[:, 1] < 0, -1, 1)
    delta[:, 1] *= sign_y
    along_x = delta[:, 0] >= delta[:, 1]  # [N]
    longer = delta.max(axis=1)  # D
    shorter = delta.min(axis=1)  # d
    counts = longer + 1
    segment = np.repeat(np.arange(len(first)), counts)  # [M]
    step = np.arange(len(segment)) - np.repeat(np.cumsum(counts) - counts, counts)  # k
    across = np.maximum(0, (2 * shorter[segment] * step + longer[segment] - 1)
                        // (2 * longer[segment] + (longer[segment] == 0)))
    along_x = along_x[segment]
    x = first[segment, 0] + np.where(along_x, step, across)
    y = first[segment, 1] + sign_y[segment] * np.where(along_x, across, step)
    return segment, np.stack([x, y], axis=1)


def round_half_away(values: np.ndarray) -> np.ndarray:
    """Python 2's ``round``: halves away from zero (``np.round`` rounds them to even)."""
    magnitude = np.abs(values)
    whole = np.floor(magnitude)
    return np.sign(values) * (whole + (magnitude - whole >= 0.5))


def pose_joints_on_canvas(boxes_h: np.ndarray, keypoints: np.ndarray, canvas_h: np.ndarray,
                          size: int = 64) -> np.ndarray:
    """``[P, 18, 2]`` int joints on the canvas, joint 17 the neck (official ``ult.py``
    ``get_skeleton`` L331-346: ``min(size - 1, int(round(...)))`` under Python 2)."""
    box_origin = boxes_h[:, None, :2]  # [P, 1, 2]
    box_size = boxes_h[:, None, 2:] - box_origin + 1
    canvas_origin = canvas_h[:, None, :2]
    canvas_size = canvas_h[:, None, 2:] - canvas_origin + 1
    position = (keypoints - box_origin) / box_size * canvas_size + canvas_origin  # [P, 17, 2]
    joints = np.minimum(size - 1, round_half_away(position)).astype(np.int32)
    neck = ((joints[:, 5] + joints[:, 6]) / 2).astype(np.int32)  # [P, 2]
    return np.concatenate([joints, neck[:, None]], axis=1)


def interaction_patterns(boxes_h: np.ndarray, boxes_o: np.ndarray,
                         keypoints: Optional[np.ndarray] = None,
                         has_pose: Optional[np.ndarray] = None,
                         size: int = 64) -> np.ndarray:
    """The 3-channel pattern of every pair.

    Args:
        boxes_h (np.ndarray): ``[P, 4]`` human boxes.
        boxes_o (np.ndarray): ``[P, 4]`` object boxes.
        keypoints (np.ndarray, optional): ``[P, 17, 2+]`` COCO-17 joints of each human (x, y).
        has_pose (np.ndarray, optional): ``[P]`` bool, whether the human has keypoints.
        size (int): canvas side. Defaults to 64.

    Returns:
        np.ndarray: ``[P, 3, size, size]`` float32.
    """
    num = len(boxes_h)
    canvas_h, canvas_o = canvas_boxes(boxes_h, boxes_o, size)
    if has_pose is None:
        has_pose = np.zeros(num, dtype=bool)
    # the canvases of all pairs one after the other (pair-major, as returned): the human box,
    # the object box, then 0.05 in the human box of a pair without pose, 0 under a pose map
    patterns = np.empty((num, 3, size, size), dtype=np.float32)
    values = np.stack([np.ones(num), np.ones(num), np.where(has_pose, 0, 0.05)], axis=1)
    fill_boxes(np.stack([canvas_h, canvas_o, canvas_h], axis=1).reshape(-1, 4),
               values.reshape(-1).astype(np.float32), size,
               patterns.reshape(3 * num, size, size))
    posed = np.flatnonzero(has_pose)
    if len(posed):
        joints = pose_joints_on_canvas(boxes_h[posed].astype(np.float64),
                                       keypoints[posed, :, :2].astype(np.float64),
                                       canvas_h[posed], size)  # [Q, 18, 2]
        draw_skeletons(joints, 3 * posed + 2, patterns.reshape(3 * num * size, size))
    return patterns


@functools.lru_cache(maxsize=4)
def line_table(size: int) -> Tuple[np.ndarray, np.ndarray]:
    """Every ``cv2.line`` from (0, 0) on a ``size x size`` canvas, by its other end (dx, dy):
    its pixels as flat offsets ``y * size + x`` (lines are the same wherever they lie on the
    canvas, ``line_pixels``), so one table serves every segment of every canvas.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``[E * size]`` offsets, ``size`` entries per line of
        which the first ``counts[e]`` are its pixels, and ``[E]`` counts, for the
        ``E = (2 * size - 1) ** 2`` lines indexed by ``(dx + size - 1) * (2 * size - 1) + dy +
        size - 1``.
    """
    dx, dy = np.meshgrid(np.arange(1 - size, size), np.arange(1 - size, size), indexing='ij')
    ends = np.stack([dx.ravel(), dy.ravel()], axis=1)  # [E, 2]
    segment, pixels = line_pixels(np.zeros_like(ends), ends)
    step = np.arange(len(segment)) - np.searchsorted(segment, segment)  # k within the line
    table = np.zeros((len(ends), size), np.int16 if size <= 128 else np.int64)  # cache-sized
    table[segment, step] = pixels[:, 1] * size + pixels[:, 0]
    return table.reshape(-1), np.bincount(segment, minlength=len(ends))


def draw_skeletons(joints: np.ndarray, canvases: np.ndarray, stack: np.ndarray) -> None:
    """Draw pose maps (official ``ult.py`` ``draw_relation`` L315-329: one ``cv2.line`` per
    limb, in ``LIMBS`` order, of value ``LIMB_INTENSITY``) on canvases of ``stack``, its
    ``size x size`` canvases one below the other.

    The limb intensities grow in drawing order, so a pixel ends with the largest intensity of
    the limbs through it: the segments with both ends on their canvas take their pixels from
    ``line_table`` and are combined by a maximum; the others, which ``cv2.line`` clips at
    the canvas edge, are drawn with ``cv2.line`` first.

    Args:
        joints (np.ndarray): ``[Q, 18, 2]`` int joints (x, y) on the canvas.
        canvases (np.ndarray): ``[Q]`` int, the canvas of each skeleton in ``stack``.
        stack (np.ndarray): ``[P * size, size]`` float32, C-contiguous, drawn in place.
    """
    size = stack.shape[1]
    starts = joints[:, LIMB_ARRAY[:, 0]]  # [Q, 17, 2]
    ends = joints[:, LIMB_ARRAY[:, 1]]
    inside = ((starts >= 0) & (starts < size) & (ends >= 0) & (ends < size)).all(axis=2)
    for pair, limb in zip(*np.nonzero(~inside)):
        canvas = stack[canvases[pair] * size:(canvases[pair] + 1) * size]
        cv2.line(canvas, tuple(starts[pair, limb].tolist()), tuple(ends[pair, limb].tolist()),
                 LIMB_INTENSITY[limb])
    pair, limb = np.nonzero(inside)  # [S] segments
    starts = starts[inside]  # [S, 2]
    extent = ends[inside] - starts + size - 1  # [S, 2] >= 0
    line = extent[:, 0] * (2 * size - 1) + extent[:, 1]  # [S] in the table
    offsets, counts = line_table(size)
    counts = counts[line]  # [S] pixels of each line
    origin = (canvases[pair] * size + starts[:, 1]) * size + starts[:, 0]  # [S] on the stack
    # pixel i of the whole list is pixel i - start of its line: one gather from the table
    first = np.cumsum(counts) - counts
    pixels = offsets[np.repeat(line * size - first, counts) + np.arange(counts.sum())]
    np.maximum.at(stack.reshape(-1), pixels + np.repeat(origin, counts),
                  np.repeat(LIMB_VALUES[limb], counts))


@TRANSFORMS.register_module()
class GenerateInteractionPattern(BaseTransform):
    """Add ``interaction_patterns`` ``[P, 3, size, size]`` for the pairs of a sample.

    Required keys: ``pair_boxes_h``, ``pair_boxes_o``, ``pair_keypoints`` ``[P, 17, 3]``,
    ``pair_has_pose`` ``[P]``. Added key: ``interaction_patterns``.

    Args:
        size (int): canvas side of the pattern. Defaults to 64.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size

    def transform(self, results: dict) -> dict:
        results['interaction_patterns'] = interaction_patterns(
            results['pair_boxes_h'], results['pair_boxes_o'], results['pair_keypoints'],
            results['pair_has_pose'], self.size)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(size={self.size})'
