from . import samplers, synthetic, transforms  # noqa: F401
from .egtea_gaze import EGTEAGazeDataset  # noqa: F401
from .pose_rgb import PoseRGBDataset  # noqa: F401
from .opra import OPRADataset  # noqa: F401
from .hico_det import HICODetDataset  # noqa: F401
from .vcoco import VCOCODataset  # noqa: F401
from .epic_hotspots import EPICHotspotsDataset  # noqa: F401
