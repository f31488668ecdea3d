"""KLD / SIM / AUC-Judd against hand-computed cases; each test names the official rule it pins."""
import math

import numpy as np
import pytest

from hoi_plugins.evaluation.functional.saliency import (auc_judd, center_bias_heatmaps,
                                                        check_heatmaps, fixation_maps, kld,
                                                        prepare_ground_truth,
                                                        prepare_prediction, saliency_scores,
                                                        sim, summarize_scores)


def test_uniform_maps_score_perfect_kld_sim_and_undefined_auc():
    """Rule: uniform maps agree perfectly (KLD 0, SIM 1); a uniform ground truth makes every
    pixel a fixation, so AUC-J has no negatives and is undefined (NaN, not counted)."""
    scores = saliency_scores(np.ones((1, 28, 28)), np.ones((1, 28, 28)))
    assert scores['KLD'][0] == pytest.approx(0.0, abs=1e-6)
    assert scores['SIM'][0] == pytest.approx(1.0, abs=1e-6)
    assert np.isnan(scores['AUC-J'][0])


def test_one_pixel_ground_truth_through_the_resizes():
    """Rule: ground truth at 224 is normalised then resized bilinearly (align_corners False) to
    28: a one-pixel peak at (100, 60) lands a quarter on (12, 7) only (src = 8d + 3.5). Against
    a uniform prediction: KLD = log(784), SIM = 1/784, AUC-J = 0.5 (all saliency tied, no
    jitter)."""
    gt = np.zeros((1, 224, 224), np.float32)
    gt[0, 100, 60] = 1
    prepared = prepare_ground_truth(gt)
    expected = np.zeros((28, 28))
    expected[12, 7] = 0.25
    np.testing.assert_allclose(prepared[0], expected, atol=1e-7)
    scores = saliency_scores(np.ones((1, 28, 28)), gt, jitter_seed=None)
    assert scores['KLD'][0] == pytest.approx(math.log(784), rel=1e-6)
    assert scores['SIM'][0] == pytest.approx(1 / 784, rel=1e-5)
    assert scores['AUC-J'][0] == pytest.approx(0.5)


def test_empty_ground_truth_is_uniform_for_kld_sim_and_skipped_by_auc():
    """Rule: an all-zero ground truth becomes uniform for KLD and SIM; it has no fixations, so
    AUC-J is undefined and the summary counts it out (count 1 of total 2)."""
    pred = np.ones((2, 28, 28))
    gt = np.zeros((2, 28, 28))
    gt[1, 5, 5] = 1.0
    scores = saliency_scores(pred, gt)
    assert scores['KLD'][0] == pytest.approx(0.0, abs=1e-6)
    assert scores['SIM'][0] == pytest.approx(1.0, abs=1e-6)
    assert np.isnan(scores['AUC-J'][0]) and not np.isnan(scores['AUC-J'][1])
    summary = summarize_scores(scores)
    assert (summary['AUC-J']['count'], summary['AUC-J']['total']) == (1, 2)
    assert (summary['KLD']['count'], summary['KLD']['total']) == (2, 2)


def test_maps_of_different_sizes_are_scored_at_28():
    """Rule: prediction and ground truth are each resized to 28x28 (bilinear, align_corners
    False). A 56x56 map of 2x2 blocks resizes exactly to its 28x28 block values, a 224x224 map
    of 8x8 blocks too, so the scores equal those of the 28x28 maps."""
    rng = np.random.default_rng(0)
    pred28 = rng.random((3, 28, 28)).astype(np.float32)
    gt28 = (rng.random((3, 28, 28)) ** 6).astype(np.float32)
    pred56 = np.stack([np.kron(p, np.ones((2, 2), np.float32)) for p in pred28])
    gt224 = np.stack([np.kron(g, np.ones((8, 8), np.float32)) for g in gt28])
    big = saliency_scores(pred56, gt224, jitter_seed=None)
    pred, gt = prepare_prediction(pred28), gt28 / gt28.sum(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(big['KLD'], kld(pred, gt), rtol=1e-5)
    np.testing.assert_allclose(big['SIM'], sim(pred, gt), rtol=1e-5)
    np.testing.assert_allclose(big['AUC-J'], auc_judd(pred, fixation_maps(gt)), rtol=1e-5)


def test_prediction_is_max_normalised_then_blurred_5x5():
    """Rule: prediction / max(+1e-12), then cv2.GaussianBlur((5, 5), 0), whose 5-tap kernel is
    [1, 4, 6, 4, 1] / 16: a peak of height 7 becomes the outer product of that kernel."""
    pred = np.zeros((1, 28, 28), np.float32)
    pred[0, 14, 14] = 7.0
    out = prepare_prediction(pred)[0]
    taps = np.array([1, 4, 6, 4, 1]) / 16
    np.testing.assert_allclose(out[12:17, 12:17], np.outer(taps, taps), atol=1e-7)
    assert out.sum() == pytest.approx(1.0, abs=1e-6)


def test_kld_and_sim_formulas():
    """Rule: KLD = sum(gt * log(gt / (pred + eps) + eps)) and SIM = sum(min(pred, gt)) after
    normalising both to sum 1: gt on one pixel, pred spread over four -> log 4 and 1/4."""
    gt = np.zeros((1, 2, 2))
    gt[0, 0, 0] = 3.0
    pred = np.full((1, 2, 2), 5.0)
    assert kld(pred, gt)[0] == pytest.approx(math.log(4))
    assert sim(pred, gt)[0] == pytest.approx(0.25)


def test_auc_judd_worked_example():
    """Rule: thresholds are the (min-max normalised) saliency at the fixations, decreasing;
    tp = k/n_fix, fp = (#(S >= thr) - k)/(n - n_fix), plus (0,0) and (1,1), trapezoid area.
    S = [.8, .2, .6, .4], fixations at 0 and 3: points (0,0) (0,.5) (.5,1) (1,1) -> 0.875."""
    sal = np.array([[[0.8, 0.2, 0.6, 0.4]]])
    fix = np.array([[[True, False, False, True]]])
    assert auc_judd(sal, fix)[0] == pytest.approx(0.875)


def test_auc_judd_ties_without_jitter():
    """Rule: without the jitter a threshold counts every tied pixel (S >= thr). All tied, one
    fixation of four: one point (1, 1) -> 0.5. Two tied fixations over two tied negatives give
    the official curve (0,0) (.5,.5) (0,1) (1,1) -> 0.75."""
    assert auc_judd(np.ones((1, 2, 2)), np.array([[[True, False], [False, False]]]))[0] == 0.5
    sal = np.array([[[1.0, 1.0, 0.0, 0.0]]])
    fix = np.array([[[True, True, False, False]]])
    assert auc_judd(sal, fix)[0] == pytest.approx(0.75)


def test_auc_judd_jitter_is_small_and_keeps_untied_scores():
    """Rule: the official jitter (up to 1e-7) only breaks ties; untied maps keep their score."""
    sal = np.array([[[0.8, 0.2, 0.6, 0.4]]], np.float32)
    fix = np.array([[[True, False, False, True]]])
    jittered = auc_judd(sal, fix, jitter=np.random.RandomState(0))[0]
    assert jittered == pytest.approx(0.875)


def test_auc_judd_jitter_is_the_official_random_stream_over_maps_with_fixations():
    """Rule (official: utils/evaluation.py L76-77, after the NaN return of L70-71): each map
    with fixations gets ``np.random.rand(H, W) * 1e-7`` in turn; a map without fixations
    draws nothing. A flat map (zeros: the jitter survives float32) with one fixation of four
    pixels scores 1 - k / 6, k = the negatives whose jitter is >= the fixation's (one point
    (k / 3, 1)); tied (no jitter) it would be 0.5 (k = 3)."""
    sal = np.zeros((2, 1, 4), np.float32)
    fix = np.zeros((2, 1, 4), bool)
    fix[1, 0, 0] = True  # map 0 has no fixation: NaN, and no draw
    seed = 1
    draws = np.random.RandomState(seed).rand(2, 4)
    k = int((draws[0, 1:] >= draws[0, 0]).sum())
    assert k != int((draws[1, 1:] >= draws[1, 0]).sum()) and k != 3  # the case decides
    scores = auc_judd(sal, fix, jitter=np.random.RandomState(seed))
    assert np.isnan(scores[0])
    assert scores[1] == pytest.approx(1 - k / 6)
    assert auc_judd(sal, fix)[1] == pytest.approx(0.5)


def test_saliency_scores_jitter_by_default_with_seed_0():
    """Rule (official: utils/evaluation.py L66, ``jitter=True`` by default): the protocol
    jitters AUC-J unless ``jitter_seed=None``; the seed makes it reproducible. On a tied
    prediction (flat but for one pixel) the jitter changes the score."""
    rng = np.random.default_rng(0)
    gt = (rng.random((4, 28, 28)) ** 8).astype(np.float32)
    pred = np.zeros((4, 28, 28), np.float32)
    pred[:, 3, 3] = 1
    default = saliency_scores(pred, gt)['AUC-J']
    np.testing.assert_array_equal(default, saliency_scores(pred, gt, jitter_seed=0)['AUC-J'])
    assert not np.allclose(default, saliency_scores(pred, gt, jitter_seed=None)['AUC-J'])
    assert not np.allclose(default, saliency_scores(pred, gt, jitter_seed=1)['AUC-J'])


def test_fixations_at_half_of_the_max():
    """Rule: fixations are gt / max + 1e-12 > 0.5 in the map's float32 precision, where the
    1e-12 vanishes, so exactly half of the max is not a fixation; an all-zero map has none."""
    gt = np.array([[[0.2, 1.0, 0.5, 0.6]], [[0.0, 0.0, 0.0, 0.0]]], np.float32)
    np.testing.assert_array_equal(fixation_maps(gt)[:, 0],
                                  [[False, True, False, True], [False, False, False, False]])


def test_summary_is_mean_and_standard_error_over_defined_scores():
    """Rule: mean ± std / sqrt(n) over the defined scores, with the count n and the total."""
    summary = summarize_scores({'KLD': np.array([1.0, 3.0, np.nan])})['KLD']
    assert summary == dict(mean=2.0, stderr=pytest.approx(1 / math.sqrt(2)), count=2, total=3)


def test_center_bias_baseline_is_the_official_gaussian():
    """Rule: Baselines.gaussian: 224x224, peak at (111, 111) (the 112-tap Gaussian is centred at
    tap 56 and the padding is 55), value 1 there and FWHM 56: half height 28 pixels away."""
    maps = center_bias_heatmaps(2)
    assert maps.shape == (2, 224, 224)
    assert np.unravel_index(maps[0].argmax(), (224, 224)) == (111, 111)
    assert maps[0, 111, 111] == pytest.approx(1.0)
    assert maps[0, 111, 111 + 28] == pytest.approx(0.5, rel=1e-5)


def test_nan_heatmap_names_the_source_and_item():
    maps = np.ones((2, 4, 4))
    maps[1, 0, 0] = np.nan
    with pytest.raises(ValueError, match=r'pred.npz: heatmap of item "b" \(index 1\)'):
        check_heatmaps(maps, 'pred.npz', ['a', 'b'])
