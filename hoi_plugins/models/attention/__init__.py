from .direct_optimization import DirectOptimizationEstimator
from .gumbel_argmax_sampler import GumbelArgmaxSampler

__all__ = ['DirectOptimizationEstimator', 'GumbelArgmaxSampler']
