from .loading import LoadImageFromFile, RawFrameDecode  # noqa: F401
from .coco_to_openpose import ConvertCOCO17ToOpenPose18  # noqa: F401
from .joint_heatmap_paf import GenerateJointHeatmapPAF  # noqa: F401
from .load_skeleton_frames import LoadSkeletonFrames  # noqa: F401
from .strided_clip_sampling import SampleStridedClips  # noqa: F401
from .gaze_transforms import (GenerateGazeTarget, LoadFlowFrames,  # noqa: F401
                              LoadGazeForFrames, SlidingWindowSampleFrames)
from .interaction_pattern import GenerateInteractionPattern  # noqa: F401
from .pack_hoi_inputs import PackHOIInputs  # noqa: F401
from .pair_detections import PairDetections  # noqa: F401
from .sample_hoi_pairs import SampleHOIPairs  # noqa: F401
from .hotspots_transforms import (LoadInactiveImages, PackHotspotsInputs,  # noqa: F401
                                  PointsToHeatmap, SampleClipWindow)
from .load_pair_predictions import LoadPairPredictions  # noqa: F401
