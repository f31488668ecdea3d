"""HOI detectors: pair-based detectors scoring (human, object, verb) triplets."""
from .tin import TIN

__all__ = ['TIN']
