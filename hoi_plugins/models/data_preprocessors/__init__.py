from .hotspots_data_preprocessor import HotspotsDataPreprocessor
from .pose_maps_data_preprocessor import PoseMapsDataPreprocessor

__all__ = ['HotspotsDataPreprocessor', 'PoseMapsDataPreprocessor']
