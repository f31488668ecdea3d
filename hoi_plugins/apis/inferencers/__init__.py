from .base_inferencer import BaseHOIInferencer, find_config  # noqa: F401
from .gaze_attention_inferencer import GazeAttentionInferencer  # noqa: F401
from .hotspots_inferencer import HotspotsInferencer  # noqa: F401
from .integral_action_inferencer import IntegralActionInferencer  # noqa: F401
from .tin_inferencer import TINInferencer  # noqa: F401
