"""Exact resume: the random state that drives training travels in each checkpoint."""
import random
from typing import Iterator, Optional

import numpy as np
import torch
from mmengine.hooks import Hook

from hoi_plugins.registry import HOOKS


def get_random_state() -> dict:
    """The state of Python's, numpy's and torch's (CPU and CUDA) global generators.

    Stored as tensors, ints and tuples only, so that checkpoints load weights-only.
    """
    kind, keys, pos, has_gauss, cached_gaussian = np.random.get_state()
    state = dict(
        python=random.getstate(),
        numpy=dict(kind=kind, keys=torch.from_numpy(keys.astype(np.int64)), pos=int(pos),
                   has_gauss=int(has_gauss), cached_gaussian=float(cached_gaussian)),
        torch=torch.get_rng_state())
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_random_state(state: dict) -> None:
    """Restore what :func:`get_random_state` returned."""
    random.setstate(state['python'])
    numpy_state = state['numpy']
    np.random.set_state((numpy_state['kind'], numpy_state['keys'].numpy().astype(np.uint32),
                         numpy_state['pos'], numpy_state['has_gauss'],
                         numpy_state['cached_gaussian']))
    torch.set_rng_state(state['torch'])
    if 'cuda' in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state['cuda'])


def train_sampler(runner) -> Optional[object]:
    """The train dataloader's sampler (or its batch sampler's), if it has a ``seed``."""
    loader = runner.train_loop.dataloader
    for sampler in (loader.sampler, getattr(loader.batch_sampler, 'sampler', None)):
        if hasattr(sampler, 'seed'):
            return sampler
    return None


class RestoreBeforeNext:
    """Iterator that restores a random state before its ``skip + 1``-th item.

    ``IterBasedTrainLoop`` resumes by drawing the ``skip`` batches already trained on; the state
    saved with the checkpoint is the one the uninterrupted run had before drawing the next.

    Args:
        iterator (Iterator): the loop's ``dataloader_iterator``.
        skip (int): batches drawn before the state applies.
        state (dict): from :func:`get_random_state`.
    """

    def __init__(self, iterator: Iterator, skip: int, state: dict) -> None:
        self.iterator = iterator
        self.skip = skip
        self.state = state

    def __iter__(self) -> 'RestoreBeforeNext':
        return self

    def __next__(self):
        if self.skip == 0 and self.state is not None:
            set_random_state(self.state)
            self.state = None
        self.skip -= 1
        return next(self.iterator)

    def __getattr__(self, name: str):
        return getattr(self.iterator, name)


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Saves the random state in each checkpoint and restores it when training resumes.

    A resumed run then draws the same data augmentation, dropout masks and Gumbel noise as the
    uninterrupted run, and ends with the same weights (on CPU, and on GPU with deterministic
    kernels). The checkpoint's ``random_state`` holds Python's, numpy's and torch's generator
    states and the train sampler's seed. The state is applied right before the first batch after
    the checkpoint is drawn: at the start of the next epoch (``EpochBasedTrainLoop``; checkpoints
    saved by epoch) or after the already trained batches are skipped (``IterBasedTrainLoop``).
    Validation runs with a copy of the state, so how often a run validates does not change its
    training. Data loader workers draw their seeds from torch's generator when the epoch's
    iterator is built, so they follow, except that ``IterBasedTrainLoop`` rebuilds its iterator
    while skipping: with ``num_workers > 0`` and more than one pass over the data before the
    checkpoint, its workers' seeds differ. Checkpoints are written by rank 0, so in distributed
    runs every rank resumes with rank 0's state.
    """

    priority = 'HIGHEST'

    def __init__(self) -> None:
        self.resumed_state: Optional[dict] = None
        self.training_state: Optional[dict] = None  # kept while validating

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        state = self.training_state or get_random_state()
        sampler = train_sampler(runner) if runner.train_loop is not None else None
        if sampler is not None:
            state = dict(state, sampler_seed=int(sampler.seed))
        checkpoint['random_state'] = state

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self.resumed_state = checkpoint.get('random_state')

    def before_train(self, runner) -> None:
        state, self.resumed_state = self.resumed_state, None
        if state is None or runner.iter == 0:  # not resuming (or ``load_from``)
            return
        sampler = train_sampler(runner)
        if sampler is not None and 'sampler_seed' in state:
            sampler.seed = state['sampler_seed']
        loop = runner.train_loop
        if hasattr(loop, 'dataloader_iterator'):
            loop.dataloader_iterator = RestoreBeforeNext(loop.dataloader_iterator, runner.iter,
                                                         state)
        else:
            self.resumed_state = state  # applied by the next before_train_epoch

    def before_train_epoch(self, runner) -> None:
        if self.resumed_state is not None:
            set_random_state(self.resumed_state)
            self.resumed_state = None

    def before_val(self, runner) -> None:
        self.training_state = get_random_state()

    def after_val(self, runner) -> None:
        if self.training_state is not None:
            set_random_state(self.training_state)
            self.training_state = None
