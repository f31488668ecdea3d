"""Test-time post-processing of HOI pair scores."""
from .non_interaction_suppression import (NonInteractionSuppression,
                                          low_grade_instance_suppression)

__all__ = ['NonInteractionSuppression', 'low_grade_instance_suppression']
