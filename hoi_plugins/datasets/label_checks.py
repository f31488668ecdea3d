"""Label range checks that datasets run when they read their annotation file."""
from typing import Callable, Optional, Sequence

import numpy as np


def check_labels(data_list: Sequence[dict], num_classes: Optional[int], ann_file: str,
                 item_name: Callable[[int], str] = lambda index: f'item {index}',
                 key: str = 'label') -> None:
    """Raise ``ValueError`` naming the file and item of the first label outside the classes.

    A label of ``num_classes`` or -1 would otherwise surface mid-training as a loss's
    ``IndexError: Target ... is out of bounds`` with no file or line.

    Args:
        data_list (Sequence[dict]): the items read from ``ann_file``; ``item[key]`` is an int or
            a sequence of ints (multi-label).
        num_classes (int, optional): labels must lie in ``[0, num_classes)``; None checks only
            that they are not negative.
        ann_file (str): the annotation file, for the message.
        item_name (Callable[[int], str]): where item ``i`` is in the file, e.g.
            ``lambda i: f'line {i + 1}'``. Defaults to ``item i``.
        key (str): the label field. Defaults to ``'label'``.
    """
    for index, info in enumerate(data_list):
        labels = np.atleast_1d(np.asarray(info[key])).reshape(-1)
        bad = labels[(labels < 0) | (labels >= (num_classes or np.inf))]
        if bad.size:
            allowed = f'0..{num_classes - 1}' if num_classes else 'not negative'
            raise ValueError(f'{ann_file}: {item_name(index)}: {key} {bad[0]} is out of range '
                             f'({allowed}; num_classes={num_classes})')
