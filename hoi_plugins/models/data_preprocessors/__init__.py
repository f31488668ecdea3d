from .hotspots_data_preprocessor import HotspotsDataPreprocessor

__all__ = ['HotspotsDataPreprocessor']
