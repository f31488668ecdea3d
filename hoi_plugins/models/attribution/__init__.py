"""Attribution maps of a recognizer's decision: IntCAM interaction hotspots."""
from .intcam import hotspot_maps, interaction_hotspots

__all__ = ['hotspot_maps', 'interaction_hotspots']
