"""Interaction Hotspots heatmap keys and ``.npz`` heatmap files.

An annotated heatmap is named by its image and verb, ``<image parts>/<verb>`` (the official
``tuple(entry['image']) + (str(entry['verb']),)`` joined by ``/``). The official code keeps one
heatmap per key: its ``HeatmapLoader`` maps each key to the last entry that has it, and its
``Evaluator`` scores one map per key (a dict filled in order: first position, last value).

A heatmaps file (``.npz``) holds ``keys`` (N strings) and ``heatmaps`` (N x H x W float32); the
metric and ``tools/data/opra/make_gt_heatmaps.py`` write it, ``tools/analysis/eval_hotspots.py``
reads it.
"""
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np

from hoi_plugins.utils.cli import load_npz_file


def heatmap_key(image: Sequence[object], verb: int) -> str:
    """``<image parts>/<verb>``: the key of an annotated (image, verb) heatmap."""
    return '/'.join(map(str, image)) + f'/{int(verb)}'


def last_entry_per_key(keys: Sequence[str]) -> Tuple[List[int], int]:
    """Indices of the entries to keep, one per key, and the number of entries merged away.

    Each key keeps the position of its first entry and the index of its last one, as the
    official lookup (``data/hotspot_dataset.py`` ``HeatmapLoader``: ``{key: idx}`` over all
    entries) and evaluator (``utils/evaluation.py`` ``dict(zip(keys, heatmaps))``).

    Args:
        keys (Sequence[str]): one key per entry, in file order.

    Returns:
        tuple: the kept indices ``(M,)`` in first-occurrence order, and ``len(keys) - M``.
    """
    last = {}
    for index, key in enumerate(keys):
        last[key] = index  # a dict keeps the first insertion's position
    kept = list(last.values())
    return kept, len(keys) - len(kept)


def save_heatmaps(path: str, keys: Sequence[str], heatmaps: np.ndarray) -> None:
    """Write ``keys`` (N strings) and ``heatmaps`` (N x H x W float32) to an ``.npz`` file."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=np.asarray(keys, dtype=str),
                        heatmaps=np.asarray(heatmaps, dtype=np.float32))


def load_heatmaps(path: str) -> Tuple[List[str], np.ndarray]:
    """Keys and heatmaps of an ``.npz`` file, as stored; errors name the file and the field."""
    data = load_npz_file(path, ('keys', 'heatmaps'), 'keys (N strings) and heatmaps (N x H x W)')
    keys = [str(k) for k in data['keys'].reshape(-1)]
    heatmaps = data['heatmaps']
    if len(keys) != len(heatmaps):
        raise ValueError(f'{path}: {len(keys)} keys but {len(heatmaps)} heatmaps')
    return keys, heatmaps
