from .direct_optimization_epsilon_hook import DirectOptimizationEpsilonHook

__all__ = ['DirectOptimizationEpsilonHook']
