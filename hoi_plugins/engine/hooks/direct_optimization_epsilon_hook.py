"""Annealing of the direct-optimization epsilon of Gaze-Attention."""
import math

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from hoi_plugins.registry import HOOKS


@HOOKS.register_module()
class DirectOptimizationEpsilonHook(Hook):
    """Sets ``model.estimator.eps`` to ``max(eps_min, eps_start * exp(-anneal_rate * i))``.

    As in the official training loop the value changes only every ``interval`` iterations
    (``i`` = number of finished iterations, a multiple of ``interval``); before that it is
    ``eps_start``. A resumed run gets the value of its iteration.

    Args:
        eps_start (float): Initial epsilon. Defaults to 1000.0.
        anneal_rate (float): Exponential decay per iteration. Defaults to 1e-3.
        eps_min (float): Lower bound. Defaults to 0.1.
        interval (int): Iterations between updates. Defaults to 100.
    """

    priority = 'NORMAL'

    def __init__(self, eps_start: float = 1000.0, anneal_rate: float = 1e-3,
                 eps_min: float = 0.1, interval: int = 100) -> None:
        self.eps_start = eps_start
        self.anneal_rate = anneal_rate
        self.eps_min = eps_min
        self.interval = interval

    def epsilon(self, num_iters: int) -> float:
        """Epsilon after ``num_iters`` finished training iterations."""
        last_update = num_iters - num_iters % self.interval
        if last_update == 0:
            return self.eps_start
        return max(self.eps_min, self.eps_start * math.exp(-self.anneal_rate * last_update))

    @staticmethod
    def _estimator(runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        if not hasattr(model, 'estimator'):
            raise AttributeError(f'{type(model).__name__} has no `estimator`; '
                                 'DirectOptimizationEpsilonHook needs GazeAttentionRecognizer')
        return model.estimator

    def before_train(self, runner) -> None:
        self._estimator(runner).eps = self.epsilon(runner.iter)

    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        self._estimator(runner).eps = self.epsilon(runner.iter + 1)
        runner.message_hub.update_scalar('train/attention_eps', self._estimator(runner).eps)
