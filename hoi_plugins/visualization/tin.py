"""Draw HOI triplets (human box, object box, "verb object", score) on an image."""
from typing import List

import cv2
import numpy as np

_COLORS = ((0, 200, 255), (80, 220, 80), (255, 120, 60), (200, 80, 255), (60, 60, 255))


def draw_hoi_triplets(image: np.ndarray, triplets: List[dict]) -> np.ndarray:
    """A copy of ``image`` (BGR) with each triplet's boxes, a line between them and a label."""
    canvas = image.copy()
    for index, triplet in enumerate(triplets):
        color = _COLORS[index % len(_COLORS)]
        h = np.round(triplet['box_h']).astype(int)
        o = np.round(triplet['box_o']).astype(int)
        cv2.rectangle(canvas, tuple(h[:2]), tuple(h[2:]), color, 2)
        cv2.rectangle(canvas, tuple(o[:2]), tuple(o[2:]), color, 1)
        cv2.line(canvas, tuple((h[:2] + h[2:]) // 2), tuple((o[:2] + o[2:]) // 2), color, 1)
        label = f'{triplet["verb"]} {triplet["object"]} {triplet["score"]:.2f}'
        cv2.putText(canvas, label, (int(h[0]), max(10, int(h[1]) - 3 - 12 * index)),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.4, color, 1, cv2.LINE_AA)
    return canvas
