"""Heat-map overlays shared by every method's drawing (gaze, Grad-CAM, hotspots, pose maps)."""
import cv2
import numpy as np

READABLE_SHORT_SIDE = 240  # drawn frames smaller than this are enlarged to it


def overlay_heatmap(frame: np.ndarray, heatmap: np.ndarray, alpha: float = 0.5) -> np.ndarray:
    """Blend a map in [0, 1] onto a frame with the jet colour map.

    Args:
        frame (np.ndarray): BGR uint8 ``[H, W, 3]``.
        heatmap (np.ndarray): ``[h, w]`` in [0, 1] (any grid size; resized bilinearly).
        alpha (float): weight of the colour map. Defaults to 0.5.

    Returns:
        np.ndarray: BGR uint8 ``[H, W, 3]``.
    """
    resized = cv2.resize(heatmap.astype(np.float32), frame.shape[1::-1],
                         interpolation=cv2.INTER_LINEAR)
    colored = cv2.applyColorMap(np.uint8(255 * np.clip(resized, 0, 1)), cv2.COLORMAP_JET)
    return cv2.addWeighted(frame, 1 - alpha, colored, alpha, 0)


def normalize_map(heatmap: np.ndarray) -> np.ndarray:
    """A non-negative map divided by its maximum (all zeros stay zeros)."""
    return heatmap / max(float(heatmap.max()), 1e-12)


def put_lines(canvas: np.ndarray, lines, scale: float = 1.0) -> np.ndarray:
    """Write text lines (white on a black outline) at the top left of ``canvas``, in place."""
    for row, text in enumerate(lines):
        origin = (6, int((row + 1) * 20 * scale) + 4)
        cv2.putText(canvas, text, origin, cv2.FONT_HERSHEY_SIMPLEX, 0.5 * scale, (0, 0, 0),
                    3, cv2.LINE_AA)
        cv2.putText(canvas, text, origin, cv2.FONT_HERSHEY_SIMPLEX, 0.5 * scale,
                    (255, 255, 255), 1, cv2.LINE_AA)
    return canvas


def upscale_to(frame: np.ndarray, short_side: int = READABLE_SHORT_SIDE) -> np.ndarray:
    """``frame`` enlarged so that its short side is at least ``short_side`` (never shrunk)."""
    scale = short_side / min(frame.shape[:2])
    if scale <= 1:
        return frame
    size = (round(frame.shape[1] * scale), round(frame.shape[0] * scale))
    return cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)
