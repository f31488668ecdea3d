"""Conversion of model outputs (tensors on any device, lists, arrays) to numpy arrays."""
from typing import Any

import numpy as np
import torch


def to_numpy(value: Any) -> np.ndarray:
    """A detached CPU numpy copy of a tensor, or ``np.asarray`` of anything else."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)
