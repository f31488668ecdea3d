from .gaze_attention_head import GazeAttentionHead
from .gaze_prediction_head import GazePredictionHead
from .lstm_action_head import LSTMActionHead

__all__ = ['GazeAttentionHead', 'GazePredictionHead', 'LSTMActionHead']
