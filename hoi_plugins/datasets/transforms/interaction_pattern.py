"""The TIN/iCAN interaction pattern of human-object pairs, vectorized over pairs.

Channel 0 is 1 inside the human box, channel 1 inside the object box, both after mapping the
pair's union box onto a ``size x size`` canvas that keeps its aspect ratio (iCAN ``bbox_trans``,
``Get_next_sp``); channel 2 is the pose map (TIN ``get_skeleton`` / ``draw_relation``): the 17
COCO joints mapped into the human's canvas box and joined by lines of graded intensity, or 0.05
inside the human box when the person has no pose.

Everything is float64 up to the drawing, as in the official code, and joints are rounded as
Python 2's ``round`` rounds (halves away from zero; the official code ran under Python 2).
The lines of all pairs whose joints lie on the canvas are drawn with one ``cv2.polylines`` call
per limb on a stack of canvases (``cv2`` draws the same pixels wherever a segment lies); the
others (joints off the canvas, which ``cv2.line`` clips) one pair at a time.
"""
from typing import Optional, Tuple

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.registry import TRANSFORMS

# (joint, joint) of each limb; joint 17 is the neck (middle of the shoulders)
LIMBS = ((1, 3), (2, 4), (0, 1), (0, 2), (0, 17), (5, 17), (6, 17), (5, 7), (6, 8), (7, 9),
         (8, 10), (11, 17), (12, 17), (11, 13), (12, 14), (13, 15), (14, 16))
LIMB_INTENSITY = tuple(round(0.15 + 0.05 * i, 2) for i in range(len(LIMBS)))


def canvas_boxes(boxes_h: np.ndarray, boxes_o: np.ndarray,
                 size: int = 64) -> Tuple[np.ndarray, np.ndarray]:
    """Human and object boxes on the pair's canvas (iCAN ``bbox_trans``), rounded.

    Args:
        boxes_h (np.ndarray): ``[P, 4]`` human boxes x1, y1, x2, y2 (pixels, +1 widths).
        boxes_o (np.ndarray): ``[P, 4]`` object boxes.
        size (int): canvas side. Defaults to 64.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``[P, 4]`` human and object canvas boxes.
    """
    h = boxes_h.astype(np.float64).copy()
    o = boxes_o.astype(np.float64).copy()
    x0 = np.minimum(h[:, 0], o[:, 0])
    y0 = np.minimum(h[:, 1], o[:, 1])
    height = np.maximum(h[:, 3], o[:, 3]) - y0 + 1  # [P]
    width = np.maximum(h[:, 2], o[:, 2]) - x0 + 1  # [P]
    for box in (h, o):
        box[:, [0, 2]] -= x0[:, None]
        box[:, [1, 3]] -= y0[:, None]
    tall = height > width  # [P] the longer side spans the canvas
    side = np.where(tall, height, width)[:, None]  # [P, 1]
    short = np.where(tall, width, height)[:, None]
    for box in (h, o):
        # long axis: [0, size-1]; short axis: [0, size * short / long - 1]
        along = np.where(tall[:, None], box[:, [1, 3]], box[:, [0, 2]])  # [P, 2]
        across = np.where(tall[:, None], box[:, [0, 2]], box[:, [1, 3]])
        along = np.stack([size * along[:, 0] / side[:, 0],
                          (size - 1) - size * (side[:, 0] - 1 - along[:, 1]) / side[:, 0]], 1)
        across = np.stack([size * across[:, 0] / side[:, 0],
                           (size * short[:, 0] / side[:, 0] - 1)
                           - size * (short[:, 0] - 1 - across[:, 1]) / side[:, 0]], 1)
        box[:, [1, 3]] = np.where(tall[:, None], along, across)
        box[:, [0, 2]] = np.where(tall[:, None], across, along)
    # the union's far edge on the short axis, then the box reaching the far long edge snaps
    # to size - 1 and both are centred on the short axis
    far_short = np.where(tall, np.maximum(h[:, 2], o[:, 2]), np.maximum(h[:, 3], o[:, 3]))
    long_end = np.where(tall[:, None], np.stack([h[:, 3], o[:, 3]], 1),
                        np.stack([h[:, 2], o[:, 2]], 1))  # [P, 2]
    human_last = long_end[:, 0] > long_end[:, 1]
    end_col = np.where(tall, 3, 2)
    rows = np.arange(len(h))
    h[rows[human_last], end_col[human_last]] = size - 1
    o[rows[~human_last], end_col[~human_last]] = size - 1
    shift = size / 2 - (far_short + 1) / 2  # [P]
    for box in (h, o):
        box[tall, 0] += shift[tall]
        box[tall, 2] += shift[tall]
        box[~tall, 1] += shift[~tall]
        box[~tall, 3] += shift[~tall]
    return np.round(h), np.round(o)


def _box_masks(boxes: np.ndarray, size: int, out: np.ndarray) -> None:
    """Write 1 inside ``boxes`` (inclusive integer ranges), 0 elsewhere, into ``out``
    ``[P, size, size]``."""
    grid = np.arange(size)
    boxes = boxes.astype(np.int64)
    rows = (grid[None] >= boxes[:, 1:2]) & (grid[None] <= boxes[:, 3:4])  # [P, size]
    cols = (grid[None] >= boxes[:, 0:1]) & (grid[None] <= boxes[:, 2:3])  # [P, size]
    out[...] = rows[:, :, None] & cols[:, None, :]


def round_half_away(values: np.ndarray) -> np.ndarray:
    """Python 2's ``round``: halves away from zero (``np.round`` rounds them to even)."""
    magnitude = np.abs(values)
    whole = np.floor(magnitude)
    return np.sign(values) * (whole + (magnitude - whole >= 0.5))


def pose_joints_on_canvas(boxes_h: np.ndarray, keypoints: np.ndarray, canvas_h: np.ndarray,
                          size: int = 64) -> np.ndarray:
    """``[P, 18, 2]`` int joints on the canvas, joint 17 the neck (official ``ult.py``
    ``get_skeleton`` L331-346: ``min(size - 1, int(round(...)))`` under Python 2)."""
    width = boxes_h[:, 2] - boxes_h[:, 0] + 1  # [P]
    height = boxes_h[:, 3] - boxes_h[:, 1] + 1
    canvas_w = canvas_h[:, 2] - canvas_h[:, 0] + 1
    canvas_hgt = canvas_h[:, 3] - canvas_h[:, 1] + 1
    x = (keypoints[:, :, 0] - boxes_h[:, None, 0]) / width[:, None]  # [P, 17]
    y = (keypoints[:, :, 1] - boxes_h[:, None, 1]) / height[:, None]
    joints = np.stack([np.minimum(size - 1, round_half_away(x * canvas_w[:, None]
                                                            + canvas_h[:, None, 0])),
                       np.minimum(size - 1, round_half_away(y * canvas_hgt[:, None]
                                                            + canvas_h[:, None, 1]))],
                      axis=2).astype(np.int32)  # [P, 17, 2]
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
    # channel-major, so that each channel of all pairs is one contiguous image for cv2
    channels = np.zeros((3, num, size, size), dtype=np.float32)
    _box_masks(canvas_h, size, channels[0])
    _box_masks(canvas_o, size, channels[1])
    if has_pose is None:
        has_pose = np.zeros(num, dtype=bool)
    joints = np.zeros((num, 18, 2), np.int32)
    posed = np.flatnonzero(has_pose)
    if len(posed):
        joints[posed] = pose_joints_on_canvas(boxes_h[posed].astype(np.float64),
                                              keypoints[posed, :, :2].astype(np.float64),
                                              canvas_h[posed], size)  # [Q, 18, 2]
        draw_skeletons(joints, has_pose, channels[2].reshape(num * size, size))
    channels[2, ~has_pose] = 0.05 * channels[0, ~has_pose]
    return channels.transpose(1, 0, 2, 3)  # [P, 3, size, size]


def draw_skeletons(joints: np.ndarray, has_pose: np.ndarray, stack: np.ndarray) -> None:
    """Draw the pose maps (official ``ult.py`` ``draw_relation`` L315-329: one ``cv2.line``
    per limb, in ``LIMBS`` order, of value ``LIMB_INTENSITY``) of the posed pairs into
    ``stack``, their ``size x size`` canvases one below the other.

    Per limb, one ``cv2.polylines`` call draws the segments with both ends on their canvas
    (``cv2`` draws a segment's pixels wherever it lies), and ``cv2.line`` on the canvas itself
    the others, which it clips at the canvas edge; limb by limb, so that later limbs cover
    earlier ones as in the official loop.

    Args:
        joints (np.ndarray): ``[P, 18, 2]`` int joints (x, y) on the canvas.
        has_pose (np.ndarray): ``[P]`` bool.
        stack (np.ndarray): ``[P * size, size]`` float32, C-contiguous, drawn in place.
    """
    size = stack.shape[1]
    posed = np.flatnonzero(has_pose)
    limbs = np.array(LIMBS)  # [17, 2]
    joints = joints[posed]  # [Q, 18, 2]
    shifted = joints.copy()
    shifted[:, :, 1] += size * posed.astype(np.int32)[:, None]  # y on the stack
    segments = np.ascontiguousarray(shifted[:, limbs].transpose(1, 0, 2, 3))  # [17, Q, 2, 2]
    on_canvas = ((joints >= 0) & (joints < size)).all(axis=2)  # [Q, 18]
    inside = (on_canvas[:, limbs[:, 0]] & on_canvas[:, limbs[:, 1]]).T  # [17, Q]
    clipped = not inside.all()
    for limb, ((a, b), value) in enumerate(zip(LIMBS, LIMB_INTENSITY)):
        if not clipped:
            cv2.polylines(stack, segments[limb], False, value)
            continue
        if inside[limb].any():
            cv2.polylines(stack, np.ascontiguousarray(segments[limb][inside[limb]]), False,
                          value)
        for q in np.flatnonzero(~inside[limb]):
            canvas = stack[posed[q] * size:(posed[q] + 1) * size]
            cv2.line(canvas, (int(joints[q, a, 0]), int(joints[q, a, 1])),
                     (int(joints[q, b, 0]), int(joints[q, b, 1])), value)


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
