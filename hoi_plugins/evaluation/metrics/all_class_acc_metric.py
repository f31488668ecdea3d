"""Accuracy with the mean class accuracy over every class of the task (Gaze-Attention's Acc)."""
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
from mmaction.evaluation import AccMetric

from hoi_plugins.registry import METRICS


def all_class_mean_accuracy(preds: np.ndarray, labels: np.ndarray, num_classes: int) -> float:
    """Mean over classes ``0 .. num_classes - 1`` of the share of a class's clips predicted right.

    A class without any clip counts 0, as in the official Gaze-Attention ``get_accuracy``
    (``utils.py``). mmaction2's ``mean_class_accuracy`` averages over the classes that occur in
    the labels or the predictions instead.

    Args:
        preds (np.ndarray): predicted class of every clip, [N] int.
        labels (np.ndarray): true class of every clip, [N] int.
        num_classes (int): number of classes of the task.

    Returns:
        float: the mean class accuracy in [0, 1].
    """
    outside = labels[(labels < 0) | (labels >= num_classes)]
    if outside.size:
        raise ValueError(f'labels {sorted(set(outside.tolist()))} are outside '
                         f'0..{num_classes - 1} (num_classes={num_classes})')
    counts = np.bincount(labels, minlength=num_classes)  # [num_classes]
    hits = np.bincount(labels[preds == labels], minlength=num_classes)  # [num_classes]
    per_class = np.divide(hits, counts, out=np.zeros(num_classes), where=counts > 0)
    return float(per_class.mean())


@METRICS.register_module()
class AllClassAccMetric(AccMetric):
    """mmaction2's ``AccMetric`` whose ``mean1`` averages over all ``num_classes`` classes.

    ``acc/mean1`` is :func:`all_class_mean_accuracy` of the top-1 predictions (a class without
    test clip counts 0); every other metric is mmaction2's. On a test set where every class
    occurs, and no prediction falls on an absent class, it equals mmaction2's ``AccMetric``.

    Args:
        num_classes (int): number of classes of the task.
        metric_list (str | tuple[str]): metrics of ``AccMetric``. Defaults to
            ('top_k_accuracy', 'mean_class_accuracy').
        metric_options (dict, optional): options of ``AccMetric``. Defaults to
            ``dict(top_k_accuracy=dict(topk=(1, 5)))``.
        collect_device (str): device for collecting results across ranks. Defaults to 'cpu'.
        prefix (str, optional): prefix of the metric names. Defaults to None ('acc').
    """

    def __init__(self, num_classes: int,
                 metric_list: Union[str, Sequence[str]] = ('top_k_accuracy',
                                                           'mean_class_accuracy'),
                 metric_options: Optional[dict] = dict(top_k_accuracy=dict(topk=(1, 5))),
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(metric_list=metric_list if isinstance(metric_list, str)
                         else tuple(metric_list), collect_device=collect_device,
                         metric_options=metric_options, prefix=prefix)
        self.num_classes = num_classes

    def calculate(self, preds: List[np.ndarray], labels: List[int]) -> Dict[str, float]:
        """mmaction2's metrics of the scores ``preds`` ([num_classes] each) and ``labels``,
        with ``mean1`` over all ``num_classes`` classes."""
        metrics = super().calculate(preds, labels)
        if 'mean_class_accuracy' in self.metrics:
            top1 = np.array([np.argmax(pred) for pred in preds], dtype=np.int64)
            metrics['mean1'] = all_class_mean_accuracy(
                top1, np.asarray(labels, dtype=np.int64), self.num_classes)
        return metrics
