"""Drawing of Gaze-Attention results: heat-map overlays, gaze points and top-k labels."""
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np


def overlay_heatmap(frame: np.ndarray, heatmap: np.ndarray, alpha: float = 0.5) -> np.ndarray:
    """Blend a [h, w] map in [0, 1] (any grid size) onto a BGR uint8 frame with the jet map."""
    resized = cv2.resize(heatmap.astype(np.float32), frame.shape[1::-1],
                         interpolation=cv2.INTER_LINEAR)
    colored = cv2.applyColorMap(np.uint8(255 * np.clip(resized, 0, 1)), cv2.COLORMAP_JET)
    return cv2.addWeighted(frame, 1 - alpha, colored, alpha, 0)


def draw_gaze_attention_frame(frame: np.ndarray, gaze: Optional[np.ndarray],
                              grad_cam: np.ndarray, labels: Sequence[Tuple[str, float]],
                              gaze_point: Optional[Tuple[float, float]] = None) -> np.ndarray:
    """Side by side: predicted gaze over the frame | Grad-CAM over the frame; top-k text.

    Args:
        frame (np.ndarray): BGR uint8 [H, W, 3].
        gaze (np.ndarray, optional): predicted gaze probability [h, w] of this frame.
        grad_cam (np.ndarray): Grad-CAM [h, w] in [0, 1].
        labels (Sequence[tuple[str, float]]): top-k (name, score), best first.
        gaze_point (tuple[float, float], optional): recorded gaze (x, y) in frame pixels.
    """
    left = frame.copy() if gaze is None else overlay_heatmap(frame, gaze / max(gaze.max(), 1e-12))
    right = overlay_heatmap(frame, grad_cam)
    if gaze_point is not None and np.isfinite(gaze_point).all():
        center = (int(gaze_point[0]), int(gaze_point[1]))
        for panel in (left, right):
            cv2.circle(panel, center, max(frame.shape[0] // 40, 3), (0, 255, 0), 2)
    canvas = np.concatenate([left, right], axis=1)
    scale = max(frame.shape[0] / 480, 0.35)
    for rank, (name, score) in enumerate(labels):
        cv2.putText(canvas, f'{name}: {score:.2f}', (6, int((rank + 1) * 22 * scale) + 4),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.6 * scale, (255, 255, 255), 1, cv2.LINE_AA)
    return canvas
