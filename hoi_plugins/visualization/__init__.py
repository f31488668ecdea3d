from .gaze_attention import (draw_gaze_attention_frame,  # noqa: F401
                             overlay_heatmap)
from .tin import draw_hoi_triplets  # noqa: F401
from .hotspots import draw_hotspots  # noqa: F401
