"""KLD / SIM / AUC-Judd of predicted interaction hotspots against annotated heatmaps."""
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from hoi_plugins.evaluation.functional.arrays import to_numpy
from hoi_plugins.evaluation.functional.saliency import (EVAL_SIZE, GT_SIZE, check_heatmaps,
                                                        format_summary, resize_heatmaps,
                                                        saliency_scores, summarize_scores)
from hoi_plugins.registry import METRICS


def save_heatmaps(path: str, keys: Sequence[str], heatmaps: np.ndarray) -> None:
    """Write ``keys`` (N strings) and ``heatmaps`` (N x H x W float32) to an ``.npz`` file."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=np.asarray(keys, dtype=str),
                        heatmaps=np.asarray(heatmaps, dtype=np.float32))


@METRICS.register_module()
class SaliencyMetric(BaseMetric):
    """The Interaction Hotspots protocol: KLD, SIM and AUC-J of the annotated action's map.

    Each data sample brings ``pred_heatmaps`` (``[num_actions, h, w]``, one map per action),
    ``gt_label`` (the annotated action), ``gt_heatmap`` (``[H, W]``) and the metainfo ``key``
    that names the (image, action) pair. Scores follow
    :mod:`hoi_plugins.evaluation.functional.saliency`.

    Args:
        eval_size (int): resolution of the scored maps. Defaults to 28.
        jitter_seed (int, optional): seed of AUC-J's tie-breaking jitter; None turns the jitter
            off. Defaults to None.
        dump_path (str, optional): write the predicted map of the annotated action of every
            item to this ``.npz`` (``keys``, ``heatmaps``), the input of
            ``tools/analysis/eval_hotspots.py``; the ground truth goes beside it as
            ``<name>_gt.npz``. Defaults to None.
        collect_device (str): device for collecting results across ranks. Defaults to 'cpu'.
        prefix (str, optional): metric name prefix. Defaults to None (``'hotspots'``).
    """
    default_prefix: Optional[str] = 'hotspots'

    def __init__(self, eval_size: int = EVAL_SIZE, jitter_seed: Optional[int] = None,
                 dump_path: Optional[str] = None, collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.eval_size = eval_size
        self.jitter_seed = jitter_seed
        self.dump_path = dump_path

    def process(self, data_batch: Any, data_samples: Sequence[Dict]) -> None:
        """Keep the annotated action's predicted map and the ground truth (at 224x224)."""
        for sample in data_samples:
            key = sample.get('key', sample.get('metainfo', {}).get('key'))
            if key is None:
                raise KeyError('a data sample has no metainfo "key" naming its image and action')
            label = int(to_numpy(sample['gt_label']).reshape(-1)[0])
            maps = to_numpy(sample['pred_heatmaps'])
            if not 0 <= label < len(maps):
                raise ValueError(f'item "{key}": action {label} outside the {len(maps)} '
                                 'predicted heatmaps')
            gt = check_heatmaps(to_numpy(sample['gt_heatmap'])[None], 'gt_heatmap', [key])
            pred = check_heatmaps(maps[label][None], 'pred_heatmaps', [key])
            self.results.append(dict(key=str(key), pred=pred[0],
                                     gt=resize_heatmaps(gt, GT_SIZE)[0]))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Mean and standard error of each score; counts of images with a defined score."""
        keys = [r['key'] for r in results]
        pred = np.stack([r['pred'] for r in results])
        gt = np.stack([r['gt'] for r in results])
        if self.dump_path is not None:
            save_heatmaps(self.dump_path, keys, pred)
            dump = Path(self.dump_path)
            save_heatmaps(str(dump.with_name(f'{dump.stem}_gt.npz')), keys, gt)
        rng = None if self.jitter_seed is None else np.random.default_rng(self.jitter_seed)
        summary = summarize_scores(saliency_scores(pred, gt, self.eval_size, rng))
        MMLogger.get_current_instance().info('\n' + format_summary(summary))
        metrics = {}
        for name, stats in summary.items():
            metrics[name] = stats['mean']
            metrics[f'{name}_stderr'] = stats['stderr']
            metrics[f'{name}_count'] = stats['count']
        return metrics
