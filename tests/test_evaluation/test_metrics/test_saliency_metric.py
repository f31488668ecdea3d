"""SaliencyMetric: the annotated action's map, one map per key, the jitter, the baseline, dumps."""
import numpy as np
import pytest

from hoi_plugins.evaluation.functional.saliency import center_bias_heatmaps, saliency_scores
from hoi_plugins.evaluation.metrics.saliency_metric import SaliencyMetric


def _gt(row: int) -> np.ndarray:
    gt = np.zeros((28, 28), np.float32)
    gt[row:row + 3, 3:6] = 1
    return gt


def test_scores_the_map_of_the_annotated_action_and_dumps(tmp_path):
    """The map of ``gt_label`` is scored (the other actions' maps are wrong on purpose), and
    PRED.npz / PRED_gt.npz are written."""
    gt = _gt(3)
    maps = np.zeros((3, 28, 28), np.float32)
    maps[0], maps[1], maps[2] = _gt(20), gt, _gt(10)
    metric = SaliencyMetric(dump_path=str(tmp_path / 'pred.npz'))
    metric.process({}, [dict(pred_heatmaps=maps, gt_label=1, gt_heatmap=gt, key='img/1'),
                        dict(pred_heatmaps=maps, gt_label=2, gt_heatmap=_gt(10), key='img/2')])
    results = metric.compute_metrics(metric.results)
    direct = saliency_scores(np.stack([gt, _gt(10)]), np.stack([gt, _gt(10)]))
    assert results['KLD'] == pytest.approx(direct['KLD'].mean(), rel=1e-5)
    assert results['AUC-J'] == pytest.approx(direct['AUC-J'].mean(), rel=1e-9)
    assert results['AUC-J_count'] == 2
    with np.load(tmp_path / 'pred.npz') as dump:
        assert list(dump['keys']) == ['img/1', 'img/2']
        np.testing.assert_array_equal(dump['heatmaps'], np.stack([gt, _gt(10)]))
    assert (tmp_path / 'pred_gt.npz').is_file()


def test_one_map_per_key_the_last_item(tmp_path):
    """Rule (official: utils/evaluation.py L114 ``dict(zip(keys, heatmaps))`` and L158, one
    score per key): of two items with the key 'img/1' the last one is scored, once."""
    metric = SaliencyMetric(dump_path=str(tmp_path / 'pred.npz'))
    first, last, other = _gt(3), _gt(20), _gt(10)
    metric.process({}, [dict(pred_heatmaps=first[None], gt_label=0, gt_heatmap=first,
                             key='img/1'),
                        dict(pred_heatmaps=other[None], gt_label=0, gt_heatmap=other,
                             key='img/2'),
                        dict(pred_heatmaps=first[None], gt_label=0, gt_heatmap=last,
                             key='img/1')])
    results = metric.compute_metrics(metric.results)
    direct = saliency_scores(np.stack([first, other]), np.stack([last, other]))
    assert results['KLD_count'] == 2
    assert results['KLD'] == pytest.approx(direct['KLD'].mean(), rel=1e-5)
    with np.load(tmp_path / 'pred.npz') as dump:
        assert list(dump['keys']) == ['img/1', 'img/2']  # the first position of each key


def test_jitter_is_on_by_default_and_optional():
    """Rule (official: utils/evaluation.py L66, ``AUC_Judd(..., jitter=True)``): seed 0 by
    default; ``jitter_seed=None`` keeps the ties of a flat (all-zero) prediction."""
    gt = _gt(3)
    flat = np.zeros((1, 28, 28), np.float32)
    scores = {}
    for seed in (0, None):
        kwargs = {} if seed == 0 else dict(jitter_seed=None)
        metric = SaliencyMetric(**kwargs)
        metric.process({}, [dict(pred_heatmaps=flat, gt_label=0, gt_heatmap=gt, key='a')])
        scores[seed] = metric.compute_metrics(metric.results)['AUC-J']
    for seed in (0, None):
        assert scores[seed] == pytest.approx(
            saliency_scores(flat, gt[None], jitter_seed=seed)['AUC-J'][0])
    assert scores[0] != pytest.approx(scores[None])


def test_center_baseline_is_scored_on_the_same_ground_truth():
    gts = [_gt(3), _gt(12)]
    metric = SaliencyMetric(center_baseline=True)
    metric.process({}, [dict(pred_heatmaps=g[None], gt_label=0, gt_heatmap=g, key=str(i))
                        for i, g in enumerate(gts)])
    results = metric.compute_metrics(metric.results)
    center = saliency_scores(center_bias_heatmaps(2), np.stack(gts))
    for name in ('KLD', 'SIM', 'AUC-J'):
        assert results[f'center_{name}'] == pytest.approx(center[name].mean(), rel=1e-6)
    assert results['KLD'] < results['center_KLD']
