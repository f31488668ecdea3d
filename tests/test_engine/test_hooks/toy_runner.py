"""A tiny mmengine Runner (a linear model on 12 random points) for hook tests."""
from pathlib import Path
from typing import List, Optional

import uuid

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.model import BaseModel
from mmengine.registry import METRICS, MODELS
from mmengine.runner import Runner
from torch import nn
from torch.utils.data import Dataset


@MODELS.register_module(force=True)
class ToyModel(BaseModel):
    """``y = w x + b`` with dropout, so that training draws from torch's generator."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(2, 1)
        self.dropout = nn.Dropout(0.5)

    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        outputs = self.linear(self.dropout(torch.stack(list(inputs))))
        if mode == 'loss':
            return dict(loss=(outputs - 1).pow(2).mean())
        return outputs


class ToyDataset(Dataset):
    """12 fixed points; item ``i`` adds numpy noise, so that loading draws from numpy."""

    metainfo = dict(classes=('toy', ))

    def __len__(self) -> int:
        return 12

    def __getitem__(self, index: int) -> dict:
        point = torch.tensor([index / 12, 1 - index / 12]) + float(np.random.rand())
        return dict(inputs=point)


@METRICS.register_module(force=True)
class ToyZeroMetric(BaseMetric):
    """Always 0: validation here only has to draw its data (and random numbers)."""

    def process(self, data_batch, data_samples) -> None:
        self.results.append(0.0)

    def compute_metrics(self, results: list) -> dict:
        return dict(zero=0.0)


def toy_runner(work_dir: Path, checkpoint_hook, max_iters: Optional[int] = None,
               max_epochs: Optional[int] = None, custom_hooks: Optional[List] = None,
               resume: bool = False, load_from: Optional[str] = None, val: bool = False,
               seed: int = 0) -> Runner:
    """A Runner with batches of 3, SGD, iteration- or epoch-based, optionally validating."""
    by_epoch = max_epochs is not None
    train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=1) if by_epoch else \
        dict(by_epoch=False, max_iters=max_iters, val_interval=2)
    loader = dict(dataset=ToyDataset(), sampler=dict(type='DefaultSampler', shuffle=True),
                  batch_size=3, num_workers=0, collate_fn=dict(type='default_collate'))
    val = dict(val_dataloader=dict(loader, sampler=dict(type='DefaultSampler', shuffle=True)),
               val_cfg=dict(), val_evaluator=dict(type='ToyZeroMetric')) if val else {}
    return Runner(
        model=dict(type='ToyModel'), work_dir=str(work_dir), train_dataloader=loader,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)),
        train_cfg=train_cfg, default_hooks=dict(checkpoint=checkpoint_hook, logger=None),
        custom_hooks=custom_hooks, resume=resume, load_from=load_from,
        randomness=dict(seed=seed), default_scope='mmengine',
        experiment_name=f'toy_{uuid.uuid4().hex}', **val)
