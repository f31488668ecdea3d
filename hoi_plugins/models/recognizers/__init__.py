from .gaze_attention_recognizer import GazeAttentionRecognizer
from .hotspots_recognizer import HotspotsRecognizer
from .integral_action_recognizer import IntegralActionRecognizer

__all__ = ['GazeAttentionRecognizer', 'HotspotsRecognizer', 'IntegralActionRecognizer']
