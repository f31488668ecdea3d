"""Test-time post-processing of HOI pair scores."""
from .non_interaction_suppression import (NonInteractionSuppression,
                                          low_grade_instance_suppression)
from .vcoco_lis_nis import (TIN_VCOCO_CLASSES, VCOCONonInteractionSuppression,
                            official_prior_table)

__all__ = [
    'NonInteractionSuppression', 'low_grade_instance_suppression', 'TIN_VCOCO_CLASSES',
    'VCOCONonInteractionSuppression', 'official_prior_table'
]
