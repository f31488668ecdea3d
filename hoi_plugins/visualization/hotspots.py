"""Drawing interaction hotspots: one overlay per action and a grid of all actions."""
from typing import List, Sequence, Tuple

import cv2
import numpy as np

from hoi_plugins.visualization.gaze_attention import overlay_heatmap


def draw_hotspots(image: np.ndarray, heatmaps: np.ndarray, names: Sequence[str],
                  columns: int = 4) -> Tuple[List[np.ndarray], np.ndarray]:
    """Overlays of each action's heatmap on a BGR image, and a grid of them with their names.

    Args:
        image (np.ndarray): BGR uint8 ``[H, W, 3]``.
        heatmaps (np.ndarray): ``[K, h, w]`` non-negative maps (any size), one per action.
        names (Sequence[str]): the K action names.
        columns (int): grid columns. Defaults to 4.

    Returns:
        tuple: the K overlays ``[H, W, 3]`` (each map scaled by its max) and the grid image.
    """
    overlays = []
    for heatmap, name in zip(heatmaps, names):
        panel = overlay_heatmap(image, heatmap / max(float(heatmap.max()), 1e-12))
        cv2.putText(panel, name, (4, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 2)
        cv2.putText(panel, name, (4, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1)
        overlays.append(panel)
    columns = min(columns, len(overlays))
    rows = -(-len(overlays) // columns)
    blank = np.zeros_like(image)
    cells = overlays + [blank] * (rows * columns - len(overlays))
    grid = np.concatenate([np.concatenate(cells[r * columns:(r + 1) * columns], axis=1)
                           for r in range(rows)], axis=0)
    return overlays, grid
