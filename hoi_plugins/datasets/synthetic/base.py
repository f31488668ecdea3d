"""Entry point shared by all synthetic tasks."""
import inspect
import json
from pathlib import Path
from typing import List, Union

import numpy as np

from hoi_plugins.registry import SYNTHETIC_TASKS

VIDEO_FPS = 24.0  # of the clips written as MP4 files (``videos=True``)


def synthetic_task_names() -> List[str]:
    """Names of the registered synthetic tasks, sorted."""
    SYNTHETIC_TASKS.import_from_location()
    return sorted(SYNTHETIC_TASKS.module_dict)


def generate_synthetic(task: str, out_dir: Union[str, Path], seed: int = 0,
                       **options) -> dict:
    """Write the synthetic dataset ``task`` into ``out_dir``; same seed, same bytes.

    Args:
        task (str): a registered task name (see :func:`synthetic_task_names`).
        out_dir (str | Path): output folder, created if missing.
        seed (int): seed of the only random generator the task uses. Defaults to 0.
        **options: task-specific sizes (e.g. ``num_train``) and switches (``videos``: the
            clips also as MP4 files), passed to the task.

    Returns:
        dict: the task's summary (counts, classes, files), also written to
        ``out_dir/synthetic_info.json``.
    """
    names = synthetic_task_names()
    if task not in names:
        raise KeyError(f'unknown synthetic task "{task}"; available: {", ".join(names)}')
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    generator = SYNTHETIC_TASKS.get(task)
    accepted = list(inspect.signature(generator).parameters)[2:]  # after out_dir, rng
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise KeyError(f'synthetic task "{task}" has no option {", ".join(unknown)}; its '
                       f'options: {", ".join(accepted)}')
    summary = generator(out_dir, np.random.default_rng(seed), **options)
    summary = dict(task=task, seed=seed, options=options, **summary)
    (out_dir / 'synthetic_info.json').write_text(json.dumps(summary, indent=2))
    return summary
