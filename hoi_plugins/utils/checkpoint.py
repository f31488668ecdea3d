"""Checkpoint loading that keeps torch's weights-only unpickler on, for every source.

Since torch 2.6, ``torch.load`` only unpickles tensors and plain containers unless told
otherwise, and every checkpoint mmengine writes (its ``message_hub`` holds ``HistoryBuffer``
objects with numpy arrays) fails to load. Instead of switching the safety off, we allow exactly
the types mmengine writes and refuse everything else with an error that names the file.

mmengine's ``CheckpointLoader`` keeps its scheme table (``http(s)://``, ``open-mmlab://``,
``torchvision://``, ``mmcls://``, ``pavi://``, ``s3://``, local files) and its loaders; only the
two calls its loaders read files with are replaced: ``torch.load`` and ``load_url`` (torch hub's
``load_state_dict_from_url``, which downloads, checks the hash when asked, caches, and would
otherwise unpickle everything).
"""
import functools
import io
import logging
import os
import os.path as osp
import pickle
import re
import types
import zipfile
from typing import Callable, List, Optional, Union
from urllib.parse import urlparse

import numpy as np
import torch
from mmengine.logging import print_log
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner import checkpoint as mmengine_checkpoint
from mmengine.runner.checkpoint import CheckpointLoader

FileOrBuffer = Union[str, os.PathLike, io.IOBase]


class CheckpointLoadError(RuntimeError):
    """A checkpoint that can not be loaded; the message names its file or URL."""


class UnsafeCheckpointError(CheckpointLoadError, pickle.UnpicklingError):
    """A checkpoint whose pickle needs objects outside the mmengine allow-list."""


class IncompleteCheckpointError(CheckpointLoadError, EOFError):
    """A checkpoint file that was cut short (a killed writer, a full disk)."""


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


def unpickler_reason(error: Exception) -> str:
    """The one line of torch's weights-only error that says which global was refused."""
    message = str(error)
    _, marker, reason = message.partition('WeightsUnpickler error:')
    if not marker:  # "Weights only load failed. <advice>\n\n<reason>\n\nCheck the ..."
        reason = message.partition('\n\n')[2]
    reason = reason.split('Check the documentation')[0]
    return next((line.strip() for line in reason.splitlines() if line.strip()), message)


def refused(source: str, error: Exception) -> UnsafeCheckpointError:
    """The error for a checkpoint whose pickle the allow-list refused."""
    return UnsafeCheckpointError(
        f'refused to load checkpoint {source}: its pickle needs an object that is not '
        f'a tensor or a type mmengine writes ({unpickler_reason(error)}). Load it only if '
        'you trust its source, e.g. torch.load(path, weights_only=False).')


def check_complete(filename: str) -> None:
    """Raise :class:`IncompleteCheckpointError` if ``filename`` was cut short.

    ``torch.save`` writes a zip archive whose directory is at the end, so a file cut anywhere
    (an empty file, a killed writer, a full disk) is a ``PK`` file that is not a readable zip.
    Files in torch's legacy (pre-1.6) format are left to the unpickler.
    """
    size = osp.getsize(filename)
    with open(filename, 'rb') as file:
        head = file.read(2)
    if size == 0 or (head == b'PK' and not zipfile.is_zipfile(filename)):
        raise IncompleteCheckpointError(
            f'checkpoint {filename} is truncated ({size} bytes, no complete zip directory): '
            'its writing was interrupted (killed run or full disk). Use an earlier checkpoint.')


def load_checkpoint_safely(filename: FileOrBuffer, map_location: Optional[object] = None,
                           **ignored) -> dict:
    """``torch.load`` with weights-only unpickling and the mmengine allow-list.

    It also stands in for ``torch.load`` inside mmengine's checkpoint loaders, so any
    ``weights_only`` they pass is ignored.

    Args:
        filename (str | file-like): a local checkpoint file, or a buffer holding one.
        map_location: as in :func:`torch.load`.

    Returns:
        dict: the checkpoint.

    Raises:
        FileNotFoundError: the file does not exist.
        IncompleteCheckpointError: the file is truncated.
        UnsafeCheckpointError: the pickle calls or builds anything outside the allow-list
            (for example ``os.system``).
    """
    if isinstance(filename, (str, os.PathLike)):
        filename = osp.expanduser(os.fspath(filename))
        if not osp.isfile(filename):
            raise FileNotFoundError(f'checkpoint {filename} can not be found')
        check_complete(filename)
        source = filename
    else:
        source = getattr(filename, 'name', 'from a byte stream')
    try:
        with torch.serialization.safe_globals(mmengine_checkpoint_types()):
            return torch.load(filename, map_location=map_location, weights_only=True)
    except EOFError:
        raise IncompleteCheckpointError(
            f'checkpoint {source} is truncated: the unpickler ran out of input') from None
    except pickle.UnpicklingError as error:
        raise refused(source, error) from None


def load_url_safely(url: str, model_dir: Optional[str] = None,
                    map_location: Optional[object] = None, progress: bool = True,
                    check_hash: bool = False, file_name: Optional[str] = None,
                    **ignored) -> dict:
    """mmengine's ``load_url`` with weights-only unpickling and the mmengine allow-list.

    Downloading, the hub cache and the hash check (``check_hash``: the file name's
    ``-<sha256 prefix>.``) are torch hub's own; only its unpickling is restricted.

    Args:
        url (str): the checkpoint's URL.
        model_dir (str, optional): the cache folder. Defaults to ``<torch hub>/checkpoints``.
        map_location: as in :func:`torch.load`.
        progress (bool): show a download progress bar.
        check_hash (bool): check the file name's hash prefix against the download.
        file_name (str, optional): the cached file's name. Defaults to the URL's.

    Raises:
        UnsafeCheckpointError: the pickle needs anything outside the allow-list; the message
            names the URL and the cached file (which stays, and is refused again next time).
    """
    try:
        with torch.serialization.safe_globals(mmengine_checkpoint_types()):
            return torch.hub.load_state_dict_from_url(
                url, model_dir=model_dir, map_location=map_location, progress=progress,
                check_hash=check_hash, file_name=file_name, weights_only=True)
    except pickle.UnpicklingError as error:
        cache = model_dir or osp.join(torch.hub.get_dir(), 'checkpoints')
        cached = osp.join(cache, file_name or osp.basename(urlparse(url).path))
        raise refused(f'{url} (downloaded to {cached})', error) from None


class WeightsOnlyTorch(types.ModuleType):
    """``torch`` as mmengine's checkpoint module sees it: ``torch.load`` is weights-only."""

    def __init__(self) -> None:
        super().__init__('torch', torch.__doc__)

    def __getattr__(self, name: str):
        return getattr(torch, name)

    load = staticmethod(load_checkpoint_safely)


def naming_source(loader: Callable) -> Callable:
    """Wrap a scheme's loader so that its load errors name the path the user gave.

    The wrapper keeps the loader's name, which mmengine logs ("Loads checkpoint by http
    backend").
    """

    @functools.wraps(loader)
    def load(filename: str, map_location: Optional[object] = None) -> dict:
        try:
            return loader(filename, map_location)
        except CheckpointLoadError as error:
            if filename in str(error):
                raise
            raise type(error)(f'{filename}: {error}') from None

    load.weights_only = True
    return load


def install_safe_checkpoint_loader() -> None:
    """Make every scheme of mmengine's ``CheckpointLoader`` load weights-only (idempotent)."""
    mmengine_checkpoint.torch = WeightsOnlyTorch()
    mmengine_checkpoint.load_url = load_url_safely
    for prefix, loader in list(CheckpointLoader._schemes.items()):
        if not getattr(loader, 'weights_only', False):
            CheckpointLoader.register_scheme(prefix, naming_source(loader), force=True)


def is_complete_checkpoint(filename: str) -> bool:
    """Whether ``filename`` exists and is not truncated (see :func:`check_complete`)."""
    try:
        check_complete(filename)
    except (OSError, IncompleteCheckpointError):
        return False
    return True


def find_resumable_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint ``--resume`` (auto) continues from: the latest complete one.

    That is the file named by ``work_dir/last_checkpoint`` when it exists and is complete;
    otherwise (a run killed or a disk filled by an older version) the complete
    ``epoch_N.pth`` / ``iter_N.pth`` with the largest ``N`` beside it or in ``work_dir``.
    Temporary files of an interrupted save are never picked.

    Args:
        work_dir (str): the run's work dir.

    Returns:
        str | None: the checkpoint, or None when there is nothing to resume from.
    """
    folder, last = work_dir, None
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as file:
            last = file.read().strip()
        if is_complete_checkpoint(last):
            return last
        folder = osp.dirname(last) or work_dir
        print_log(f'{pointer} names {last}, which is missing or truncated; looking for the '
                  f'latest complete checkpoint in {folder}', logger='current',
                  level=logging.WARNING)
    steps = []
    for name in os.listdir(folder) if osp.isdir(folder) else []:
        match = re.fullmatch(r'(?:epoch|iter)_(\d+)\.pth', name)
        path = osp.join(folder, name)
        if match and is_complete_checkpoint(path):
            steps.append((int(match.group(1)), path))
    return max(steps)[1] if steps else None
