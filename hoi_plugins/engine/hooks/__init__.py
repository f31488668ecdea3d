from .atomic_checkpoint_hook import AtomicCheckpointHook
from .direct_optimization_epsilon_hook import DirectOptimizationEpsilonHook
from .prediction_visualization_hook import PredictionVisualizationHook
from .random_state_hook import RandomStateHook

__all__ = [
    'AtomicCheckpointHook', 'DirectOptimizationEpsilonHook', 'PredictionVisualizationHook',
    'RandomStateHook'
]
