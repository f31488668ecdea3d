from .gaze_attention import gaze_attention_inference  # noqa: F401
from .inferencers import (BaseHOIInferencer, GazeAttentionInferencer,  # noqa: F401
                          HotspotsInferencer, IntegralActionInferencer, TINInferencer)
from .integral_action import video_people, video_poses  # noqa: F401
from .pose import init_pose_model, topdown_poses  # noqa: F401
from .tin import detections_from_model, poses_from_model, top_triplets  # noqa: F401
