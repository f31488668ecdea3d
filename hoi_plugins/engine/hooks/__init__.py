from .atomic_checkpoint_hook import AtomicCheckpointHook
from .clip_visualization_hook import ClipVisualizationHook
from .direct_optimization_epsilon_hook import DirectOptimizationEpsilonHook
from .random_state_hook import RandomStateHook

__all__ = [
    'AtomicCheckpointHook', 'ClipVisualizationHook', 'DirectOptimizationEpsilonHook',
    'RandomStateHook'
]
