from .anticipation_module import AnticipationModule
from .ican_attention import InstanceCentricAttention
from .pose_driven_integration import PoseDrivenIntegration

__all__ = ['AnticipationModule', 'InstanceCentricAttention', 'PoseDrivenIntegration']
