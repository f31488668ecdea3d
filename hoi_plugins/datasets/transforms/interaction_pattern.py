"""The TIN/iCAN interaction pattern of human-object pairs, vectorized over pairs.

Channel 0 is 1 inside the human box, channel 1 inside the object box, both after mapping the
pair's union box onto a ``size x size`` canvas that keeps its aspect ratio (iCAN ``bbox_trans``,
``Get_next_sp``); channel 2 is the pose map (TIN ``get_skeleton`` / ``draw_relation``): the 17
COCO joints mapped into the human's canvas box and joined by lines of graded intensity, or 0.05
inside the human box when the person has no pose.

Everything is float64 up to the drawing, as in the official code, and joints are rounded and
halved as Python 2 does it (the official code ran under Python 2). The lines of all skeletons on
their canvas take their pixels from a table of every ``cv2.line`` on the canvas (a line's pixels
depend only on its extent) in one gather; skeletons with joints off the canvas, which
``cv2.line`` clips, are drawn with ``cv2.line``. The helpers keep pairs on the last axis, so that
their many small operations run over contiguous memory.
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


def canvas_boxes(boxes: np.ndarray, size: int = 64) -> np.ndarray:
    """Human and object boxes on their pair's canvas (iCAN ``bbox_trans``), rounded.

    The official code has one branch per longer side of the pair's union (height when it is
    taller than wide, else width); both are one formula per axis, with the union's longer side
    as the scale, ``size - 1`` as the far end of the longer axis and the pair centred on the
    other. The arithmetic is the official one, operation by operation (``0 + x`` and
    ``a - size * b / c`` written as ``a + size * (-b) / c``, both exact). The official then
    sets the far end, on the longer axis, of the box that reaches further to ``size - 1``
    (``bbox_trans`` L167-170, L198-201): that end is ``size - 1`` already, up to a rounding
    error of ``size * ulp(extent) / extent``, so after rounding the step changes nothing and is
    left out.

    Args:
        boxes (np.ndarray): ``[2, 4, P]`` float64 human (0) and object (1) boxes x1, y1, x2, y2
            (pixels, +1 widths).
        size (int): canvas side. Defaults to 64.

    Returns:
        np.ndarray: ``[2, 4, P]`` the boxes on the canvas.
    """
    corners = boxes.reshape(2, 2, 2, -1)  # [box, corner (x1y1, x2y2), axis (x, y), P]
    origin = np.minimum(corners[0, 0], corners[1, 0])  # [2, P] union top-left
    extent = np.maximum(corners[0, 1], corners[1, 1]) - origin
    extent += 1  # [2, P] union width, height
    along = np.empty(extent.shape, bool)  # [2, P] the longer axis (x on ties)
    np.greater(extent[1], extent[0], out=along[1])
    np.logical_not(along[1], out=along[0])
    longer = np.maximum(extent[0], extent[1])  # [P]
    canvas = corners - origin
    canvas[:, 1] -= extent - 1  # -(extent - 1 - x2)
    canvas *= size
    canvas /= longer
    canvas[:, 1] += size * extent / longer - 1  # size * side / longer side - 1 (size - 1 along)
    reach = np.maximum(canvas[0, 1], canvas[1, 1])  # [2, P] far end of the pair
    canvas += np.where(along, 0, size / 2 - (reach + 1) / 2)  # centres the pair across
    return np.rint(canvas, out=canvas).reshape(2, 4, -1)


def fill_boxes(canvas: np.ndarray, pose_values: np.ndarray, out: np.ndarray) -> None:
    """Write the box channels: 1 in the human box (channel 0) and the object box (channel 1),
    ``pose_values`` in the human box on channel 2; 0 elsewhere.

    Each canvas row is either 0 or its box's row pattern, so the canvases are one gather of
    rows from a table of row patterns (every output value written once).

    Args:
        canvas (np.ndarray): ``[2, 4, P]`` integer-valued canvas boxes (``canvas_boxes``).
        pose_values (np.ndarray): ``[P]`` float32 value of channel 2 in the human box.
        out (np.ndarray): ``[P, 3, size, size]`` float32, C-contiguous, written in place.
    """
    num, size = out.shape[0], out.shape[2]
    grid = np.arange(size, dtype=np.float64)
    # [box, axis (columns, rows), P, size]: inclusive integer ranges
    inside = (grid >= canvas[:, :2, :, None]) & (grid <= canvas[:, 2:, :, None])
    table = np.zeros((3 * num + 1, size), np.float32)  # row 0 is 0; then [channel, P] rows
    rows = table[1:].reshape(3, num, size)
    rows[:2] = inside[:, 0]
    np.multiply(inside[0, 0], pose_values[:, None], out=rows[2])
    ids = np.arange(1, 3 * num + 1).reshape(3, num, 1)
    index = np.empty((num, 3, size), np.int64)
    np.multiply(inside[:, 1], ids[:2], out=index.transpose(1, 0, 2)[:2])
    np.multiply(inside[0, 1], ids[2], out=index[:, 2])
    # mode='clip': the indices are valid, and 'raise' would buffer the output
    np.take(table, index, axis=0, out=out, mode='clip')


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
    """Python 2's ``round``: halves away from zero (``np.rint`` rounds them to even)."""
    whole = np.trunc(values)
    return whole + np.trunc(2 * (values - whole))  # |2 * fraction| >= 1 from a half on


def pose_joints_on_canvas(boxes_h: np.ndarray, keypoints: np.ndarray, canvas_h: np.ndarray,
                          size: int = 64) -> np.ndarray:
    """Joints on the canvas, joint 17 the neck (official ``lib/ult/ult.py`` ``get_skeleton``
    L338-344 under Python 2: ``min(size - 1, int(round(...)))``, and the neck
    ``(joints[5] + joints[6]) / 2`` of an int32 array, which Python 2 floors).

    Args:
        boxes_h (np.ndarray): ``[4, Q]`` float64 human boxes.
        keypoints (np.ndarray): ``[2, 17, Q]`` float64 joints (x, y) in the image.
        canvas_h (np.ndarray): ``[4, Q]`` the human boxes on the canvas.
        size (int): canvas side. Defaults to 64.

    Returns:
        np.ndarray: ``[2, 18, Q]`` int64 joints (x, y) on the canvas.
    """
    box_origin = boxes_h[:2, None]  # [2, 1, Q]
    canvas_origin = canvas_h[:2, None]
    position = ((keypoints - box_origin) / (boxes_h[2:, None] - box_origin + 1)
                * (canvas_h[2:, None] - canvas_origin + 1) + canvas_origin)  # [2, 17, Q]
    joints = np.empty((2, 18, keypoints.shape[2]), np.int64)
    np.minimum(size - 1, round_half_away(position), out=joints[:, :17], casting='unsafe')
    np.floor_divide(joints[:, 5] + joints[:, 6], 2, out=joints[:, 17])
    return joints


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
    the limbs through it: the skeletons with every joint on their canvas take their pixels
    from ``line_table`` and are combined by a maximum; the others, whose lines ``cv2.line``
    clips at the canvas edge, are drawn with ``cv2.line``.

    Args:
        joints (np.ndarray): ``[2, 18, Q]`` int joints (x, y) on the canvas, at most
            ``size - 1`` (``pose_joints_on_canvas``).
        canvases (np.ndarray): ``[Q]`` int, the canvas of each skeleton in ``stack``.
        stack (np.ndarray): ``[C * size, size]`` float32, C-contiguous, drawn in place.
    """
    size = stack.shape[1]
    if joints.min() < 0:  # left of or above the canvas
        clipped = (joints < 0).any(axis=(0, 1))  # [Q]
        for points, canvas in zip(joints[:, :, clipped].transpose(2, 1, 0).tolist(),
                                  canvases[clipped]):
            for (a, b), value in zip(LIMBS, LIMB_INTENSITY):
                cv2.line(stack[canvas * size:(canvas + 1) * size], points[a], points[b], value)
        joints, canvases = joints[:, :, ~clipped], canvases[~clipped]
        if len(canvases) == 0:
            return
    x, y = joints[:, LIMB_ARRAY]  # [17 limbs, 2 ends, Q] each
    line = ((x[:, 1] - x[:, 0]) * (2 * size - 1) + (y[:, 1] - y[:, 0])
            + (size - 1) * 2 * size).ravel()  # [S] in the table
    origin = ((canvases * size + y[:, 0]) * size + x[:, 0]).ravel()  # [S] on the stack
    offsets, counts = line_table(size)
    counts = counts[line]  # [S] pixels of each line
    last = np.cumsum(counts)
    # pixel i of the whole list is pixel i - start of its line: one gather from the table
    pixels = (offsets[np.repeat(line * size + counts - last, counts) + np.arange(last[-1])]
              + np.repeat(origin, counts))
    np.maximum.at(stack.reshape(-1), pixels, np.repeat(np.repeat(LIMB_VALUES, len(canvases)),
                                                       counts))


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
    boxes = np.empty((2, 4, num))  # float64, pairs last
    boxes[0] = boxes_h.T
    boxes[1] = boxes_o.T
    canvas = canvas_boxes(boxes, size)
    if has_pose is None:
        has_pose = np.zeros(num, dtype=bool)
    patterns = np.empty((num, 3, size, size), dtype=np.float32)
    fill_boxes(canvas, np.where(has_pose, np.float32(0), np.float32(0.05)), patterns)
    posed = np.flatnonzero(has_pose)
    if len(posed) == 0:
        return patterns
    boxes_h, canvas_h = boxes[0], canvas[0]
    if len(posed) < num:
        keypoints, boxes_h, canvas_h = keypoints[posed], boxes_h[:, posed], canvas_h[:, posed]
    joints = pose_joints_on_canvas(boxes_h, keypoints[:, :, :2].transpose(2, 1, 0), canvas_h,
                                   size)
    draw_skeletons(joints, 3 * posed + 2, patterns.reshape(3 * num * size, size))
    return patterns


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
