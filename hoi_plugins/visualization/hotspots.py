"""Drawing interaction hotspots: one overlay per action and a grid of all actions."""
from typing import List, Sequence, Tuple

import numpy as np

from hoi_plugins.visualization.heatmap import normalize_map, overlay_heatmap, put_lines


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
    overlays = [put_lines(overlay_heatmap(image, normalize_map(heatmap)), [name])
                for heatmap, name in zip(heatmaps, names)]
    columns = min(columns, len(overlays))
    rows = -(-len(overlays) // columns)
    blank = np.zeros_like(image)
    cells = overlays + [blank] * (rows * columns - len(overlays))
    grid = np.concatenate([np.concatenate(cells[r * columns:(r + 1) * columns], axis=1)
                           for r in range(rows)], axis=0)
    return overlays, grid
