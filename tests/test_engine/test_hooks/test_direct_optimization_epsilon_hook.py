"""Epsilon annealing of the direct-optimization estimator (official schedule)."""
import math
from types import SimpleNamespace

import pytest
from mmengine.logging import MessageHub

from hoi_plugins.engine.hooks import DirectOptimizationEpsilonHook
from hoi_plugins.models.attention import DirectOptimizationEstimator


def test_official_schedule_and_resume():
    """official: main.py L201-202 (after step i, every 100 steps: eps = max(0.1,
    1000 exp(-1e-3 i))); steps 1..100 use 1000, steps 101..200 use 1000 exp(-0.1)."""
    hook = DirectOptimizationEpsilonHook()
    assert hook.epsilon(0) == hook.epsilon(99) == 1000.0
    assert hook.epsilon(100) == pytest.approx(1000 * math.exp(-0.1))
    assert hook.epsilon(250) == pytest.approx(1000 * math.exp(-0.2))
    assert hook.epsilon(10000) == 0.1  # 1000 * exp(-10) < 0.1

    estimator = DirectOptimizationEstimator()
    runner = SimpleNamespace(model=SimpleNamespace(estimator=estimator), iter=300,
                             message_hub=MessageHub.get_instance('eps_hook_test'))
    hook.before_train(runner)  # a run resumed at iteration 300
    assert estimator.eps == pytest.approx(1000 * math.exp(-0.3))
    runner.iter = 399
    hook.after_train_iter(runner, batch_idx=0)
    assert estimator.eps == pytest.approx(1000 * math.exp(-0.4))
