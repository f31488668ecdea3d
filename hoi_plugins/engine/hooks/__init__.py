from .clip_visualization_hook import ClipVisualizationHook
from .direct_optimization_epsilon_hook import DirectOptimizationEpsilonHook

__all__ = ['ClipVisualizationHook', 'DirectOptimizationEpsilonHook']
