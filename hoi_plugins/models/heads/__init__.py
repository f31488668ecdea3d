from .gaze_attention_head import GazeAttentionHead
from .gaze_prediction_head import GazePredictionHead

__all__ = ['GazeAttentionHead', 'GazePredictionHead']
