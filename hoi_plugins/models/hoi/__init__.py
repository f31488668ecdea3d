"""TIN and its parts: pair streams, interactiveness discriminator, NIS/LIS post-processing."""
from .ican_attention import InstanceCentricAttention
from .interactiveness_head import InteractivenessHead
from .non_interaction_suppression import NonInteractionSuppression
from .spatial_pose_encoder import SpatialPoseEncoder
from .tin import TIN
from .tin_hoi_head import TINHOIHead

__all__ = ['InstanceCentricAttention', 'InteractivenessHead', 'NonInteractionSuppression',
           'SpatialPoseEncoder', 'TIN', 'TINHOIHead']
