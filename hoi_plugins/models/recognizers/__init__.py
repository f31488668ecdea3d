from .gaze_attention_recognizer import GazeAttentionRecognizer
from .integral_action_recognizer import IntegralActionRecognizer

__all__ = ['GazeAttentionRecognizer', 'IntegralActionRecognizer']
