"""KLD, SIM and AUC-Judd of heatmaps, as the Interaction Hotspots evaluation computes them.

The rules of the official ``utils/evaluation.py`` + ``eval.py`` (Tushar-N/interaction-hotspots),
applied to a whole batch of maps at once:

* ground truth: resized to 224x224 (bilinear, ``align_corners=False``) and divided by its sum
  (+1e-12), as ``eval.py`` stores it; then ground truth and prediction are resized to the
  evaluation resolution (28x28) when their width differs from it;
* prediction: divided by its max (+1e-12), then ``cv2.GaussianBlur(pred, (5, 5), 0)``;
* KLD and SIM: both maps divided by their sum (+1e-12); an all-zero ground truth is uniform;
  ``KLD = sum(gt * log(gt / (pred + 1e-12) + 1e-12))``, ``SIM = sum(min(pred, gt))``;
* AUC-Judd: fixations = ``gt / gt.max() + 1e-12 > 0.5`` (none for an all-zero ground truth: the
  score is undefined and the map is skipped); a jitter of up to 1e-7 on the prediction breaks
  ties (``AUC_Judd(..., jitter=True)``, the official default; here seeded, see ``auc_judd``),
  min-max normalisation; thresholds are the prediction at the fixations in decreasing order,
  ``tp = k / n_fix``, ``fp = (#(S >= thr) - k) / (n_pixels - n_fix)``, plus (0, 0) and (1, 1),
  trapezoid area. One sort per map and one search over all maps replace the official loop
  over thresholds;
* summary: ``mean``, ``std / sqrt(n)`` over the maps with a defined score, ``n`` and the total.
"""
from functools import lru_cache
from typing import Dict, Optional, Sequence

import cv2
import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-12
JITTER = 1e-7
DEFAULT_JITTER_SEED = 0
GT_SIZE = 224
EVAL_SIZE = 28
_CV_MAX_CHANNELS = 512
_RESIZE_CHUNK = 512


def check_heatmaps(heatmaps: np.ndarray, source: str,
                   keys: Optional[Sequence[str]] = None) -> np.ndarray:
    """Return ``heatmaps`` as float32 ``(N, H, W)`` or raise naming the source and the item.

    Args:
        heatmaps (np.ndarray): maps ``(N, H, W)``.
        source (str): the file or object the maps come from, used in error messages.
        keys (Sequence[str], optional): the item names, used in error messages.
            Defaults to None (items are named by index).
    """
    heatmaps = np.asarray(heatmaps)
    if heatmaps.ndim != 3:
        raise ValueError(f'{source}: field "heatmaps" must be N x H x W, got shape '
                         f'{heatmaps.shape}')
    if not np.issubdtype(heatmaps.dtype, np.number):
        raise ValueError(f'{source}: field "heatmaps" must be numeric, got {heatmaps.dtype}')
    heatmaps = heatmaps.astype(np.float32, copy=False)
    bad = ~np.isfinite(heatmaps).all(axis=(1, 2))
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        name = f'"{keys[index]}"' if keys is not None else f'#{index}'
        raise ValueError(f'{source}: heatmap of item {name} (index {index}) holds NaN or '
                         f'inf ({int(bad.sum())} such maps)')
    negative = (heatmaps < 0).any(axis=(1, 2))
    if negative.any():
        index = int(np.flatnonzero(negative)[0])
        name = f'"{keys[index]}"' if keys is not None else f'#{index}'
        raise ValueError(f'{source}: heatmap of item {name} (index {index}) has negative '
                         'values; heatmaps must be non-negative')
    return heatmaps


@lru_cache(maxsize=32)
def resize_matrix(in_size: int, out_size: int) -> np.ndarray:
    """``(out_size, in_size)`` weights of 1-D linear resizing with ``align_corners=False``.

    ``R @ x`` equals ``F.interpolate(x, out_size, mode='linear', align_corners=False)``, so
    ``R_h @ X @ R_w.T`` is the bilinear resize of a map ``X`` (no antialias).
    """
    eye = torch.eye(in_size, dtype=torch.float64)[None]
    return F.interpolate(eye, size=out_size, mode='linear', align_corners=False)[0].T.numpy()


def resize_heatmaps(heatmaps: np.ndarray, size: int) -> np.ndarray:
    """``F.interpolate(..., size, mode='bilinear', align_corners=False)`` of ``(N, H, W)``.

    Done by torch in float32 as the official code does, so that tied values stay tied.
    """
    if heatmaps.shape[1:] == (size, size):
        return heatmaps
    chunks = np.split(heatmaps, range(_RESIZE_CHUNK, len(heatmaps), _RESIZE_CHUNK))
    out = [F.interpolate(torch.from_numpy(np.ascontiguousarray(chunk, np.float32))[:, None],
                         (size, size), mode='bilinear', align_corners=False)[:, 0].numpy()
           for chunk in chunks]
    return np.concatenate(out) if out else np.zeros((0, size, size), np.float32)


def gaussian_blur_5x5(maps: np.ndarray) -> np.ndarray:
    """``cv2.GaussianBlur(m, (5, 5), 0)`` of every map of ``(N, H, W)``, bit for bit.

    The maps go through OpenCV as the channels of one image (at most 512 at a time).
    """
    chunks = np.split(maps, range(_CV_MAX_CHANNELS, len(maps), _CV_MAX_CHANNELS))
    out = [cv2.GaussianBlur(np.ascontiguousarray(chunk.transpose(1, 2, 0)), (5, 5), 0)
           .reshape(chunk.shape[1], chunk.shape[2], -1).transpose(2, 0, 1) for chunk in chunks]
    return np.concatenate(out) if out else maps


def prepare_ground_truth(gt: np.ndarray, size: int = EVAL_SIZE) -> np.ndarray:
    """Ground truth as ``eval.py`` stores it (224x224, sum 1), then at the evaluation size.

    Both resizes are linear, so they run as one pair of matrix products and the sum at 224x224
    comes from the same matrices, without building the 224x224 maps.
    """
    rows = resize_matrix(gt.shape[1], GT_SIZE)
    cols = resize_matrix(gt.shape[2], GT_SIZE)
    total = np.einsum('h,nhw,w->n', rows.sum(0), gt, cols.sum(0), optimize=True)
    if size != GT_SIZE:
        rows, cols = resize_matrix(GT_SIZE, size) @ rows, resize_matrix(GT_SIZE, size) @ cols
    gt = np.einsum('oh,nhw,pw->nop', rows.astype(np.float32), gt.astype(np.float32, copy=False),
                   cols.astype(np.float32), optimize=True)
    return gt / (total[:, None, None] + EPS).astype(np.float32)


def prepare_prediction(pred: np.ndarray, size: int = EVAL_SIZE) -> np.ndarray:
    """Prediction at the evaluation size, divided by its max, blurred 5x5 (float32)."""
    pred = pred.astype(np.float32, copy=False)
    if pred.shape[-1] != size:
        pred = resize_heatmaps(pred, size)
    pred = pred / (pred.max(axis=(1, 2), keepdims=True) + np.float32(EPS))
    return gaussian_blur_5x5(pred)


def _normalise(maps: np.ndarray) -> np.ndarray:
    """Divide each map by its sum (+1e-12), in float32 as the official code."""
    maps = maps.astype(np.float32, copy=False)
    return maps / (maps.sum(axis=(1, 2), keepdims=True, dtype=np.float64) + EPS).astype(
        np.float32)


def _uniform_if_empty(gt: np.ndarray) -> np.ndarray:
    empty = gt.sum(axis=(1, 2)) == 0
    if empty.any():
        gt = gt.copy()
        gt[empty] = 1.0 / np.prod(gt.shape[1:])
    return gt


def _kld_of_distributions(pred: np.ndarray, gt: np.ndarray) -> np.ndarray:
    return np.sum(gt * np.log(gt / (pred + np.float32(EPS)) + np.float32(EPS)), axis=(1, 2),
                  dtype=np.float64)


def _sim_of_distributions(pred: np.ndarray, gt: np.ndarray) -> np.ndarray:
    return np.minimum(pred, gt).sum(axis=(1, 2), dtype=np.float64)


def kld(pred: np.ndarray, gt: np.ndarray) -> np.ndarray:
    """KL divergence ``KL(gt || pred)`` per map of two ``(N, H, W)`` arrays -> ``(N,)``.

    Both are normalised to sum 1; an all-zero ground truth is taken as uniform.
    """
    return _kld_of_distributions(_normalise(pred), _normalise(_uniform_if_empty(gt)))


def sim(pred: np.ndarray, gt: np.ndarray) -> np.ndarray:
    """Histogram intersection per map of two ``(N, H, W)`` arrays -> ``(N,)``."""
    return _sim_of_distributions(_normalise(pred), _normalise(_uniform_if_empty(gt)))


def fixation_maps(gt: np.ndarray) -> np.ndarray:
    """AUC-J fixations: ``gt / max + 1e-12 > 0.5``; no fixation where ``gt`` is all zero."""
    peak = gt.max(axis=(1, 2), keepdims=True)
    scaled = np.where(peak > 0, gt / np.where(peak > 0, peak, 1) + gt.dtype.type(EPS), gt)
    return scaled > 0.5


def auc_judd(saliency: np.ndarray, fixations: np.ndarray,
             jitter: Optional[np.random.RandomState] = None) -> np.ndarray:
    """AUC-Judd per map of ``(N, H, W)`` saliency and boolean fixations -> ``(N,)``.

    Maps without fixations score NaN (undefined). ``jitter`` adds the official tie-breaking
    noise ``jitter.rand(H, W) * 1e-7`` to each map with fixations, in order (the official
    ``AUC_Judd`` returns NaN before it draws): with ``np.random.RandomState(s)`` the scores are
    those of the official evaluator run after ``np.random.seed(s)``. Without it ties are kept
    and count together.
    """
    num = saliency.shape[0]
    sal = saliency.reshape(num, -1)
    fix = fixations.reshape(num, -1).astype(bool)
    num_fix = fix.sum(axis=1)
    if jitter is not None:
        # one draw for all maps: the same stream as one rand(H, W) per map
        noise = jitter.rand(int((num_fix > 0).sum()), sal.shape[1]) * JITTER
        sal = sal.copy()
        # in the map's precision, as the official in-place ``saliency_map += ...``
        sal[num_fix > 0] = (sal[num_fix > 0] + noise).astype(sal.dtype)
    # Min-max in the map's own precision, as the official code, so ties stay ties.
    low, high = sal.min(axis=1, keepdims=True), sal.max(axis=1, keepdims=True)
    sal = (sal - low) / ((high - low).astype(np.float64) + EPS).astype(sal.dtype)
    num_pixels = sal.shape[1]
    rows = np.arange(num)
    # #(S >= thr) per row with one global search: rows offset by 2 (values are in [0, 1]) make
    # the row-wise ascending sorts one sorted array; exact in float64 for float32 maps.
    offset = 2.0 * rows
    flat = (np.sort(sal, axis=1).astype(np.float64) + offset[:, None]).ravel()
    fix_row = np.repeat(rows, num_fix)
    # thresholds: the fixation values of each row, searched in ascending order (fast), then
    # walked in decreasing order (rank k = 1, 2, ... from the largest)
    query = fix_row * 2.0 + sal[fix].astype(np.float64)
    query = query[np.argsort(query, kind='stable')]
    first = np.repeat(np.cumsum(num_fix) - num_fix, num_fix)
    rank = num_fix[fix_row] - (np.arange(len(query)) - first)
    below = np.searchsorted(flat, query, side='left') - fix_row * num_pixels
    query, rank, below, fix_row = query[::-1], rank[::-1], below[::-1], fix_row[::-1]
    with np.errstate(divide='ignore', invalid='ignore'):
        tp = rank / num_fix[fix_row]
        fp = (num_pixels - below - rank) / (num_pixels - num_fix)[fix_row]
    # trapezoids from (0, 0) through the thresholds' points to (1, 1)
    starts = rank == 1
    prev_tp = np.where(starts, 0.0, np.roll(tp, 1))
    prev_fp = np.where(starts, 0.0, np.roll(fp, 1))
    with np.errstate(invalid='ignore'):  # maps whose pixels are all fixations: NaN
        area = np.bincount(fix_row, (fp - prev_fp) * (tp + prev_tp) / 2, minlength=num)
        ends = np.flatnonzero(rank == num_fix[fix_row])  # each row's last threshold
        closing = np.zeros(num)
        closing[fix_row[ends]] = (1 - fp[ends]) * (1 + tp[ends]) / 2
        has_fix = num_fix > 0
    return np.where(has_fix, area + closing, np.nan)


def saliency_scores(pred: np.ndarray, gt: np.ndarray, size: int = EVAL_SIZE,
                    jitter_seed: Optional[int] = DEFAULT_JITTER_SEED) -> Dict[str, np.ndarray]:
    """Per-map KLD, SIM and AUC-J of raw predictions against raw ground truth.

    Args:
        pred (np.ndarray): predicted heatmaps ``(N, H, W)``, any non-negative scale.
        gt (np.ndarray): ground-truth heatmaps ``(N, H', W')``, any size.
        size (int): evaluation resolution. Defaults to 28.
        jitter_seed (int, optional): seed of AUC-J's tie-breaking jitter (the official
            evaluator always jitters, unseeded); None turns the jitter off. Defaults to 0.

    Returns:
        dict: ``{'KLD', 'SIM', 'AUC-J'}`` -> ``(N,)`` float64, NaN where undefined.
    """
    if len(pred) != len(gt):
        raise ValueError(f'{len(pred)} predicted maps for {len(gt)} ground-truth maps')
    gt = prepare_ground_truth(gt, size)
    pred = prepare_prediction(pred, size)
    jitter = None if jitter_seed is None else np.random.RandomState(jitter_seed)
    pred_dist, gt_dist = _normalise(pred), _normalise(_uniform_if_empty(gt))
    return {'KLD': _kld_of_distributions(pred_dist, gt_dist),
            'SIM': _sim_of_distributions(pred_dist, gt_dist),
            'AUC-J': auc_judd(pred, fixation_maps(gt), jitter)}


def summarize_scores(scores: Dict[str, np.ndarray]) -> Dict[str, dict]:
    """``mean``, ``stderr = std / sqrt(count)``, ``count`` (defined scores) and ``total``."""
    summary = {}
    for name, values in scores.items():
        values = np.asarray(values, dtype=np.float64)
        defined = values[~np.isnan(values)]
        count = int(defined.size)
        summary[name] = dict(
            mean=float(defined.mean()) if count else float('nan'),
            stderr=float(defined.std() / np.sqrt(count)) if count else float('nan'),
            count=count, total=int(values.size))
    return summary


def format_summary(summary: Dict[str, dict]) -> str:
    """One line per metric as the official evaluator prints it: ``KLD: 1.431 ± 0.024 (n/N)``."""
    return '\n'.join(f'{name}: {s["mean"]:.3f} ± {s["stderr"]:.3f} ({s["count"]}/{s["total"]})'
                     for name, s in summary.items())


def center_bias_heatmaps(num: int) -> np.ndarray:
    """The official center-bias baseline: ``(num, 224, 224)`` Gaussian of FWHM 56 at the center.

    ``Baselines.gaussian`` convolves a 225x225 one-hot at (112, 112) with a 112x112 Gaussian
    (FWHM 225 // 4, centred on tap 56) with padding 55; the result is that kernel, flipped, on
    rows and columns 56..167 and zero elsewhere, which is what is built here directly.
    """
    size, kernel_size, pad = 225, 225 // 2, 225 // 2 // 2 - 1
    coords = np.arange(kernel_size, dtype=np.float64)
    center, fwhm = kernel_size // 2, size // 4
    gauss = np.exp(-4 * np.log(2) * ((coords[None] - center) ** 2 + (coords[:, None] - center)
                                     ** 2) / fwhm ** 2).astype(np.float32)
    out_size = size + 2 * pad - kernel_size + 1  # 224
    impulse = size // 2 + pad  # the one-hot's index in the padded input
    heatmap = np.zeros((out_size, out_size), np.float32)
    low = impulse - kernel_size + 1
    heatmap[low:impulse + 1, low:impulse + 1] = gauss[::-1, ::-1]
    return np.broadcast_to(heatmap, (num, ) + heatmap.shape)
