"""Score heatmaps with the Interaction Hotspots protocol (KLD, SIM, AUC-Judd).

    python tools/analysis/eval_hotspots.py --gt GT.npz --pred PRED.npz [--out RESULT.json]
    python tools/analysis/eval_hotspots.py --gt GT.npz --baseline center [--out RESULT.json]

Each ``.npz`` holds ``keys`` (N strings) and ``heatmaps`` (N x H x W, float, non-negative); the
two files may differ in H and W, and their items are matched by key. ``RESULT.json`` is
``{"KLD": {"mean", "stderr", "count", "total"}, "SIM": {...}, "AUC-J": {...}}``.
"""
import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from hoi_plugins.evaluation.functional.saliency import (center_bias_heatmaps, check_heatmaps,
                                                        format_summary, saliency_scores,
                                                        summarize_scores)
from hoi_plugins.utils.cli import debug_parser, load_npz_file, run_cli

BASELINES = ('center', )


def load_heatmaps(path: str) -> Tuple[List[str], np.ndarray]:
    """Keys and heatmaps of an ``.npz`` file; errors name the file, the item and the field."""
    data = load_npz_file(path, ('keys', 'heatmaps'), 'keys (N strings) and heatmaps (N x H x W)')
    keys = [str(k) for k in data['keys'].reshape(-1)]
    heatmaps = data['heatmaps']
    if len(keys) != len(heatmaps):
        raise ValueError(f'{path}: {len(keys)} keys but {len(heatmaps)} heatmaps')
    seen = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise ValueError(f'{path}: key "{key}" (index {index}) appears twice')
        seen.add(key)
    return keys, check_heatmaps(heatmaps, path, keys)


def match_predictions(gt_keys: List[str], pred_keys: List[str], pred: np.ndarray,
                      pred_path: str, gt_path: str) -> np.ndarray:
    """The predicted maps in the order of ``gt_keys``; any key mismatch is an error."""
    index = {key: i for i, key in enumerate(pred_keys)}
    missing = [key for key in gt_keys if key not in index]
    if missing:
        raise KeyError(f'{pred_path}: no heatmap for {len(missing)} key(s) of {gt_path}, '
                       f'first "{missing[0]}"')
    gt_set = set(gt_keys)
    extra = [key for key in pred_keys if key not in gt_set]
    if extra:
        raise KeyError(f'{pred_path}: {len(extra)} key(s) not in {gt_path}, first "{extra[0]}"')
    return pred[[index[key] for key in gt_keys]]


def evaluate_files(gt_path: str, pred_path: Optional[str] = None,
                   baseline: Optional[str] = None,
                   jitter_seed: Optional[int] = None) -> Dict[str, dict]:
    """Summary (mean, stderr, count, total per metric) of a predictions file or a baseline."""
    if (pred_path is None) == (baseline is None):
        raise ValueError('give exactly one of a predictions file and a baseline')
    gt_keys, gt = load_heatmaps(gt_path)
    if baseline is not None:
        if baseline not in BASELINES:
            raise ValueError(f'unknown baseline "{baseline}"; available: {", ".join(BASELINES)}')
        pred = center_bias_heatmaps(len(gt_keys))
    else:
        pred_keys, pred = load_heatmaps(pred_path)
        pred = match_predictions(gt_keys, pred_keys, pred, pred_path, gt_path)
    rng = None if jitter_seed is None else np.random.default_rng(jitter_seed)
    return summarize_scores(saliency_scores(pred, gt, rng=rng))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                     parents=[debug_parser()])
    parser.add_argument('--gt', required=True, help='ground truth .npz (keys, heatmaps)')
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--pred', help='predictions .npz (keys, heatmaps)')
    source.add_argument('--baseline', choices=BASELINES,
                        help='score a baseline of the official code instead of predictions')
    parser.add_argument('--out', help='write the summary to this JSON file')
    parser.add_argument('--jitter-seed', type=int, default=None,
                        help="enable AUC-J's random tie-breaking jitter with this seed "
                        '(the official code always jitters; default: off)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    summary = evaluate_files(args.gt, args.pred, args.baseline, args.jitter_seed)
    print(format_summary(summary))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli(main))
