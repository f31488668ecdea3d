"""KLD / SIM / AUC-Judd of predicted interaction hotspots against annotated heatmaps."""
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from hoi_plugins.evaluation.functional.arrays import to_numpy
from hoi_plugins.evaluation.functional.saliency import (DEFAULT_JITTER_SEED, EVAL_SIZE, GT_SIZE,
                                                        center_bias_heatmaps, check_heatmaps,
                                                        format_summary, resize_heatmaps,
                                                        saliency_scores, summarize_scores)
from hoi_plugins.formats.hotspots_heatmaps import last_entry_per_key, save_heatmaps
from hoi_plugins.registry import METRICS


@METRICS.register_module()
class SaliencyMetric(BaseMetric):
    """The Interaction Hotspots protocol: KLD, SIM and AUC-J of the annotated action's map.

    Each data sample brings ``pred_heatmaps`` (``[num_actions, h, w]``, one map per action),
    ``gt_label`` (the annotated action), ``gt_heatmap`` (``[H, W]``) and the metainfo ``key``
    that names the (image, action) pair. As the official evaluator, one map is scored per key
    (the last item of a key, at its first position; the count merged is logged). Scores follow
    :mod:`hoi_plugins.evaluation.functional.saliency`.

    Args:
        eval_size (int): resolution of the scored maps. Defaults to 28.
        jitter_seed (int, optional): seed of AUC-J's tie-breaking jitter (the official
            evaluator always jitters); None turns the jitter off. Defaults to 0.
        center_baseline (bool): also score the official center-bias baseline on the same
            ground truth, as ``center_KLD``, ``center_SIM``, ``center_AUC-J``. Defaults to False.
        dump_path (str, optional): write the predicted map of the annotated action of every
            item to this ``.npz`` (``keys``, ``heatmaps``), the input of
            ``tools/analysis/eval_hotspots.py``; the ground truth goes beside it as
            ``<name>_gt.npz``. Defaults to None.
        collect_device (str): device for collecting results across ranks. Defaults to 'cpu'.
        prefix (str, optional): metric name prefix. Defaults to None (``'hotspots'``).
    """
    default_prefix: Optional[str] = 'hotspots'

    def __init__(self, eval_size: int = EVAL_SIZE,
                 jitter_seed: Optional[int] = DEFAULT_JITTER_SEED,
                 center_baseline: bool = False, dump_path: Optional[str] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.eval_size = eval_size
        self.jitter_seed = jitter_seed
        self.center_baseline = center_baseline
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
        kept, merged = last_entry_per_key([r['key'] for r in results])
        logger = MMLogger.get_current_instance()
        if merged:
            logger.warning(f'{merged} of {len(results)} items repeat an (image, action) key: '
                           'scoring the last item of each key, as the official evaluator')
        results = [results[i] for i in kept]
        keys = [r['key'] for r in results]
        pred = np.stack([r['pred'] for r in results])
        gt = np.stack([r['gt'] for r in results])
        if self.dump_path is not None:
            save_heatmaps(self.dump_path, keys, pred)
            dump = Path(self.dump_path)
            save_heatmaps(str(dump.with_name(f'{dump.stem}_gt.npz')), keys, gt)
        summary = summarize_scores(saliency_scores(pred, gt, self.eval_size, self.jitter_seed))
        logger.info('\n' + format_summary(summary))
        metrics = {}
        for name, stats in summary.items():
            metrics[name] = stats['mean']
            metrics[f'{name}_stderr'] = stats['stderr']
            metrics[f'{name}_count'] = stats['count']
        if self.center_baseline:
            center = summarize_scores(saliency_scores(center_bias_heatmaps(len(gt)), gt,
                                                      self.eval_size, self.jitter_seed))
            logger.info('center-bias baseline:\n' + format_summary(center))
            metrics.update({f'center_{name}': stats['mean'] for name, stats in center.items()})
        return metrics
