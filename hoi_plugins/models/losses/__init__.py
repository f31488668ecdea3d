from .gaze_kl_loss import GazeKLLoss

__all__ = ['GazeKLLoss']
