from .gaze_attention import gaze_attention_inference  # noqa: F401
from .tin import (detections_from_model, inference_tin, init_pose_model,  # noqa: F401
                  init_tin, poses_from_model, top_triplets)
from .hotspots import inference_hotspots, init_hotspots_model  # noqa: F401
