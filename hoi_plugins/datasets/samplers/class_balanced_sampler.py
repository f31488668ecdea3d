"""Sampling with replacement, weighted by the inverse frequency of each item's label."""
import math
from collections import Counter
from typing import Iterator, Optional, Sized

import torch
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Sampler

from hoi_plugins.registry import DATA_SAMPLERS


@DATA_SAMPLERS.register_module()
class ClassBalancedSampler(Sampler):
    """Draws ``ceil(len(dataset) / world_size)`` items per rank and epoch, with replacement.

    An item of label ``k`` has weight ``min(N / count(k), max_weight)`` (``N`` items in all), as
    the official Interaction Hotspots training (``WeightedRandomSampler``, cap 100), so every
    label is drawn about equally often unless it is rarer than ``1 / max_weight``. Each rank draws
    from its own generator, seeded by ``seed``, the epoch and the rank.

    Args:
        dataset (Sized): a dataset whose ``get_data_info(i)`` has ``label_key``.
        max_weight (float): cap of the inverse frequency. Defaults to 100.
        label_key (str): the data-info field with the label. Defaults to ``'label'``.
        seed (int, optional): shared by all ranks; None draws one and syncs it. Defaults to None.
    """

    def __init__(self, dataset: Sized, max_weight: float = 100.0, label_key: str = 'label',
                 seed: Optional[int] = None) -> None:
        self.rank, self.world_size = get_dist_info()
        labels = []
        for index in range(len(dataset)):
            info = dataset.get_data_info(index)
            if label_key not in info:
                raise KeyError(f'{type(dataset).__name__} item {index} has no "{label_key}" to '
                               'balance the sampling by')
            labels.append(int(info[label_key]))
        counts = Counter(labels)
        self.weights = torch.tensor([min(len(labels) / counts[label], max_weight)
                                     for label in labels], dtype=torch.float64)  # [N]
        self.num_samples = math.ceil(len(labels) / self.world_size)
        self.seed = sync_random_seed() if seed is None else seed
        self.epoch = 0

    def __iter__(self) -> Iterator[int]:
        generator = torch.Generator()
        generator.manual_seed(self.seed + self.epoch * self.world_size + self.rank)
        draws = torch.multinomial(self.weights, self.num_samples, replacement=True,
                                  generator=generator)
        return iter(draws.tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Draw a different sample in each epoch (called by mmengine's loops)."""
        self.epoch = epoch
