from .pose_driven_integration import PoseDrivenIntegration
from .anticipation_module import AnticipationModule

__all__ = ['PoseDrivenIntegration', 'AnticipationModule']
