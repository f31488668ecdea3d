from .direct_optimization_epsilon_hook import DirectOptimizationEpsilonHook
from .prediction_visualization_hook import PredictionVisualizationHook

__all__ = ['DirectOptimizationEpsilonHook', 'PredictionVisualizationHook']
