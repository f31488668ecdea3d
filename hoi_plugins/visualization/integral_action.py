"""Drawing IntegralAction results: skeletons, pose maps and the top-k actions on frames."""
from typing import Sequence, Tuple

import cv2
import numpy as np

from hoi_plugins.visualization.heatmap import normalize_map, overlay_heatmap, put_lines


def draw_skeletons(frame: np.ndarray, keypoint: np.ndarray, keypoint_score: np.ndarray,
                   limbs: Sequence[Tuple[int, int]], lines: Sequence[str],
                   score_thr: float = 0.1) -> np.ndarray:
    """A copy of ``frame`` with every person's limbs and joints, and text lines.

    Args:
        frame (np.ndarray): BGR uint8 ``[H, W, 3]``.
        keypoint (np.ndarray): ``[M, V, 2]`` joint coordinates in frame pixels.
        keypoint_score (np.ndarray): ``[M, V]`` joint scores.
        limbs (Sequence[tuple[int, int]]): joint pairs to connect.
        lines (Sequence[str]): text lines (e.g. the top-5 actions).
        score_thr (float): joints scored at or below it are not drawn. Defaults to 0.1.
    """
    canvas = frame.copy()
    for person, scores in zip(keypoint, keypoint_score):
        for a, b in limbs:
            if scores[a] > score_thr and scores[b] > score_thr:
                cv2.line(canvas, tuple(int(v) for v in person[a]),
                         tuple(int(v) for v in person[b]), (0, 255, 0), 2, cv2.LINE_AA)
        for joint, score in zip(person, scores):
            if score > score_thr:
                cv2.circle(canvas, tuple(int(v) for v in joint), 3, (0, 0, 255), -1)
    return put_lines(canvas, lines, max(frame.shape[0] / 360, 0.5))


def draw_pose_maps(frame: np.ndarray, pose_maps: np.ndarray, lines: Sequence[str]) -> np.ndarray:
    """``frame`` with the maximum over the pose-map channels ``[C, h, w]`` and text lines."""
    return put_lines(overlay_heatmap(frame, normalize_map(pose_maps.max(0))), lines,
                     max(frame.shape[0] / 360, 0.5))
