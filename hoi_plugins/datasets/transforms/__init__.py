from .coco_to_openpose import ConvertCOCO17ToOpenPose18  # noqa: F401
from .joint_heatmap_paf import GenerateJointHeatmapPAF  # noqa: F401
from .strided_clip_sampling import SampleStridedClips  # noqa: F401
from .gaze_transforms import (GenerateGazeTarget, LoadFlowFrames,  # noqa: F401
                              LoadGazeForFrames, SlidingWindowSampleFrames)
