"""Checkpoint loading that keeps torch's weights-only unpickler on.

Since torch 2.6, ``torch.load`` only unpickles tensors and plain containers unless told
otherwise, and every checkpoint mmengine writes (its ``message_hub`` holds ``HistoryBuffer``
objects with numpy arrays) fails to load. Instead of switching the safety off, we allow exactly
the types mmengine writes and refuse everything else with an error that names the file.
"""
import os.path as osp
import pickle
from typing import List, Optional

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint whose pickle needs objects outside the mmengine allow-list."""


def statistics_method_names() -> set:
    """Names of ``HistoryBuffer``'s built-in and registered statistics methods."""
    return {'min', 'max', 'mean', 'current', *HistoryBuffer._statistics_methods}


def history_buffer_statistic(owner: type, name: str):
    """The only ``getattr`` a checkpoint may call: a statistics method of ``HistoryBuffer``.

    ``HistoryBuffer`` pickles its ``_statistics_methods`` (``min``, ``max``, ``mean``,
    ``current``, ...) as ``getattr(HistoryBuffer, name)``. Allowing ``builtins.getattr`` itself
    would let a pickle reach any attribute of an allowed object (``ndarray.tofile`` writes files),
    so the unpickler gets this narrower function under that name.
    """
    if owner is not HistoryBuffer or name not in statistics_method_names():
        raise pickle.UnpicklingError(
            f'getattr({getattr(owner, "__name__", owner)!r}, {name!r}) is not a '
            'HistoryBuffer statistics method')
    return getattr(owner, name)


def mmengine_checkpoint_types() -> List[object]:
    """The non-tensor globals found in checkpoints written by mmengine's Runner.

    ``meta.message_hub.log_scalars`` holds ``HistoryBuffer`` objects whose state is numpy arrays
    (``ndarray``, its ``dtype`` and the dtype's class) and the buffer's statistics methods, and
    runtime info may hold numpy scalars.
    """
    multiarray = np.core.multiarray
    dtypes = [np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
              np.uint8, np.bool_]
    return [
        HistoryBuffer, (history_buffer_statistic, 'builtins.getattr'), np.ndarray, np.dtype,
        multiarray._reconstruct, multiarray.scalar,
        *[type(np.dtype(dtype)) for dtype in dtypes]
    ]


def load_checkpoint_safely(filename: str, map_location: Optional[object] = None) -> dict:
    """``torch.load`` with weights-only unpickling and the mmengine allow-list.

    Args:
        filename (str): a local checkpoint file.
        map_location: as in :func:`torch.load`.

    Returns:
        dict: the checkpoint.

    Raises:
        FileNotFoundError: the file does not exist.
        UnsafeCheckpointError: the pickle calls or builds anything outside the allow-list
            (for example ``os.system``).
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} can not be found')
    if not hasattr(torch.serialization, 'safe_globals'):  # torch < 2.5 unpickles fully
        return torch.load(filename, map_location=map_location)
    try:
        with torch.serialization.safe_globals(mmengine_checkpoint_types()):
            return torch.load(filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        raise UnsafeCheckpointError(
            f'refused to load checkpoint {filename}: its pickle needs an object that is not '
            f'a tensor or a type mmengine writes ({unpickler_reason(error)}). Load it only if '
            'you trust its source, e.g. torch.load(path, weights_only=False).') from None


def unpickler_reason(error: Exception) -> str:
    """The one line of torch's weights-only error that says which global was refused."""
    message = str(error)
    _, marker, reason = message.partition('WeightsUnpickler error:')
    if not marker:  # "Weights only load failed. <advice>\n\n<reason>\n\nCheck the ..."
        reason = message.partition('\n\n')[2]
    reason = reason.split('Check the documentation')[0]
    return next((line.strip() for line in reason.splitlines() if line.strip()), message)


def install_safe_checkpoint_loader() -> None:
    """Make mmengine load local checkpoints (``load_from``, ``--resume``) safely."""
    CheckpointLoader.register_scheme(prefixes='', force=True)(load_checkpoint_safely)
