from .gaze_attention import draw_gaze_attention_frame  # noqa: F401
from .heatmap import (READABLE_SHORT_SIDE, normalize_map, overlay_heatmap,  # noqa: F401
                      put_lines, upscale_to)
from .hotspots import draw_hotspots  # noqa: F401
from .integral_action import draw_pose_maps, draw_skeletons  # noqa: F401
from .tin import draw_hoi_triplets  # noqa: F401
from .writers import write_image, write_json, write_video  # noqa: F401
