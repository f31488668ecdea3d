from .pose_driven_integration import PoseDrivenIntegration

__all__ = ['PoseDrivenIntegration']
