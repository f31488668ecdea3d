"""Drawing of Gaze-Attention results: gaze and Grad-CAM panels, gaze points and top-k labels."""
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np

from hoi_plugins.visualization.heatmap import normalize_map, overlay_heatmap, put_lines


def _overlay_region(frame: np.ndarray, heatmap: Optional[np.ndarray],
                    region: Tuple[int, int, int, int]) -> np.ndarray:
    """A copy of ``frame`` with ``heatmap`` blended onto ``region`` (x1, y1, x2, y2)."""
    panel = frame.copy()
    if heatmap is not None:
        x1, y1, x2, y2 = region
        panel[y1:y2, x1:x2] = overlay_heatmap(np.ascontiguousarray(frame[y1:y2, x1:x2]),
                                              heatmap)
        cv2.rectangle(panel, (x1, y1), (x2 - 1, y2 - 1), (255, 255, 255), 1)
    return panel


def draw_gaze_attention_frame(frame: np.ndarray, gaze: Optional[np.ndarray],
                              grad_cam: Optional[np.ndarray],
                              labels: Sequence[Tuple[str, float]],
                              gaze_point: Optional[Tuple[float, float]] = None,
                              region: Optional[Tuple[int, int, int, int]] = None) -> np.ndarray:
    """Side by side: predicted gaze over the frame | Grad-CAM over the frame; top-k text.

    Args:
        frame (np.ndarray): BGR uint8 ``[H, W, 3]``.
        gaze (np.ndarray, optional): predicted gaze probability ``[h, w]`` of this frame.
        grad_cam (np.ndarray, optional): Grad-CAM ``[h, w]`` in [0, 1]; without it the frame
            has one panel.
        labels (Sequence[tuple[str, float]]): top-k (name, score), best first.
        gaze_point (tuple[float, float], optional): recorded gaze (x, y) in frame pixels.
        region (tuple[int, int, int, int], optional): the part of the frame the model saw
            (x1, y1, x2, y2), where the maps go. Defaults to the whole frame.

    Returns:
        np.ndarray: BGR uint8 ``[H, 2W, 3]`` (``[H, W, 3]`` without Grad-CAM).
    """
    region = region or (0, 0, frame.shape[1], frame.shape[0])
    panels = [_overlay_region(frame, None if gaze is None else normalize_map(gaze), region)]
    if grad_cam is not None:
        panels.append(_overlay_region(frame, grad_cam, region))
    if gaze_point is not None and np.isfinite(gaze_point).all():
        center = (int(gaze_point[0]), int(gaze_point[1]))
        for panel in panels:
            cv2.circle(panel, center, max(frame.shape[0] // 40, 3), (0, 255, 0), 2)
    canvas = np.concatenate(panels, axis=1)
    return put_lines(canvas, [f'{name}: {score:.2f}' for name, score in labels],
                     max(frame.shape[0] / 360, 0.5))
