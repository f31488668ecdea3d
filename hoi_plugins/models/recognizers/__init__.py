from .gaze_attention_recognizer import GazeAttentionRecognizer
from .integral_action_recognizer import IntegralActionRecognizer
from .hotspots_recognizer import HotspotsRecognizer
from .interaction_hotspots import hotspot_maps, interaction_hotspots

__all__ = ['GazeAttentionRecognizer', 'IntegralActionRecognizer', 'HotspotsRecognizer',
           'hotspot_maps', 'interaction_hotspots']
