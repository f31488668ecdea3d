"""A run stopped after a checkpoint and resumed equals the uninterrupted run, bit for bit."""
import random

import numpy as np
import pytest
import torch
from mmengine.hooks import Hook

from hoi_plugins.engine.hooks import AtomicCheckpointHook, RandomStateHook
from hoi_plugins.engine.hooks.random_state_hook import get_random_state, set_random_state
from hoi_plugins.utils import find_resumable_checkpoint, load_checkpoint_safely
from tests.test_engine.test_hooks.toy_runner import toy_runner


def draws() -> tuple:
    return random.random(), float(np.random.rand()), torch.rand(1).item()


def test_random_state_round_trips_through_a_weights_only_checkpoint(tmp_path):
    torch.save(dict(random_state=get_random_state()), tmp_path / 'state.pth')
    expected = draws()
    set_random_state(load_checkpoint_safely(str(tmp_path / 'state.pth'))['random_state'])
    assert draws() == expected


class StopAfterCheckpoint(Hook):
    """Ends the process's training right after the checkpoint of ``step`` (a kill, in-process)."""

    priority = 'LOWEST'

    def __init__(self, step: int, by_epoch: bool) -> None:
        self.step = step
        self.by_epoch = by_epoch

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        if not self.by_epoch and runner.iter + 1 == self.step:
            raise InterruptedError('stopped')

    def after_train_epoch(self, runner) -> None:
        if self.by_epoch and runner.epoch + 1 == self.step:
            raise InterruptedError('stopped')


def train_weights(work_dir, loop: dict, hooks: list, stop_at=None, resume=False):
    by_epoch = 'max_epochs' in loop
    checkpoint = AtomicCheckpointHook(interval=1 if by_epoch else 2, by_epoch=by_epoch)
    hooks = [hook() for hook in hooks] + ([StopAfterCheckpoint(stop_at, by_epoch)]
                                          if stop_at else [])
    runner = toy_runner(work_dir, checkpoint, custom_hooks=hooks, resume=resume,
                        load_from=find_resumable_checkpoint(str(work_dir)) if resume else None,
                        val=True, **loop)
    if stop_at:
        with pytest.raises(InterruptedError):
            runner.train()
        return None
    runner.train()
    return runner.model.state_dict()


LOOPS = {'iteration-based': (dict(max_iters=8), 4), 'epoch-based': (dict(max_epochs=3), 1)}


@pytest.mark.parametrize('loop', LOOPS)
def test_stopped_and_resumed_run_equals_the_uninterrupted_one(tmp_path, loop):
    schedule, stop_at = LOOPS[loop]
    expected = train_weights(tmp_path / 'straight', schedule, [RandomStateHook])
    train_weights(tmp_path / 'resumed', schedule, [RandomStateHook], stop_at=stop_at)
    actual = train_weights(tmp_path / 'resumed', schedule, [RandomStateHook], resume=True)
    for key in expected:
        assert torch.equal(expected[key], actual[key]), key


@pytest.mark.parametrize('loop', LOOPS)
def test_without_the_hook_the_resumed_run_differs(tmp_path, loop):
    """The toy run draws dropout masks and data noise: the state matters (the test can fail)."""
    schedule, stop_at = LOOPS[loop]
    expected = train_weights(tmp_path / 'straight', schedule, [])
    train_weights(tmp_path / 'resumed', schedule, [], stop_at=stop_at)
    actual = train_weights(tmp_path / 'resumed', schedule, [], resume=True)
    assert not all(torch.equal(expected[key], actual[key]) for key in expected)


def test_validation_does_not_change_training(tmp_path):
    """With the hook, training draws the same numbers whether or not it validates."""
    weights = []
    for val in (True, False):
        runner = toy_runner(tmp_path / str(val), AtomicCheckpointHook(interval=1), max_epochs=2,
                            custom_hooks=[RandomStateHook()], val=val)
        runner.train()
        weights.append(runner.model.state_dict())
    assert all(torch.equal(weights[0][key], weights[1][key]) for key in weights[0])
