from .gaze_attention_head import GazeAttentionHead
from .gaze_prediction_head import GazePredictionHead
from .interactiveness_head import InteractivenessHead
from .lstm_action_head import LSTMActionHead
from .tin_hoi_head import TINHOIHead

__all__ = ['GazeAttentionHead', 'GazePredictionHead', 'InteractivenessHead', 'LSTMActionHead',
           'TINHOIHead']
