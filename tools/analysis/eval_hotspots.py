"""Score heatmaps with the Interaction Hotspots protocol (KLD, SIM, AUC-Judd).

    python tools/analysis/eval_hotspots.py --gt GT.npz --pred PRED.npz [--out RESULT.json]
    python tools/analysis/eval_hotspots.py --gt GT.npz --baseline center [--out RESULT.json]
        [--jitter-seed S | --no-jitter]

Each ``.npz`` holds ``keys`` (N strings) and ``heatmaps`` (N x H x W, float, non-negative); the
two files may differ in H and W, and their items are matched by key. A key given more than once
keeps its last map (at its first position), as the official evaluator; the count merged is
printed. AUC-J breaks ties with the official jitter, seeded (``--jitter-seed``, default 0; the
official evaluator draws it unseeded); ``--no-jitter`` keeps ties. ``RESULT.json`` is
``{"KLD": {"mean", "stderr", "count", "total"}, "SIM": {...}, "AUC-J": {...}}``.
"""
import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from hoi_plugins.evaluation.functional.saliency import (DEFAULT_JITTER_SEED,
                                                        center_bias_heatmaps, check_heatmaps,
                                                        format_summary, saliency_scores,
                                                        summarize_scores)
from hoi_plugins.formats.hotspots_heatmaps import last_entry_per_key, load_heatmaps
from hoi_plugins.utils.cli import debug_parser, run_cli

BASELINES = ('center', )


def load_unique_heatmaps(path: str) -> Tuple[List[str], np.ndarray]:
    """Checked keys and heatmaps of a file, one per key (the last), saying how many merged."""
    keys, heatmaps = load_heatmaps(path)
    heatmaps = check_heatmaps(heatmaps, path, keys)
    kept, merged = last_entry_per_key(keys)
    if merged:
        print(f'{path}: {merged} of {len(keys)} heatmaps repeat a key; kept the last of each '
              f'key ({len(kept)} keys), as the official evaluator')
    return [keys[i] for i in kept], heatmaps[kept]


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
                   jitter_seed: Optional[int] = DEFAULT_JITTER_SEED) -> Dict[str, dict]:
    """Summary (mean, stderr, count, total per metric) of a predictions file or a baseline."""
    if (pred_path is None) == (baseline is None):
        raise ValueError('give exactly one of a predictions file and a baseline')
    gt_keys, gt = load_unique_heatmaps(gt_path)
    if baseline is not None:
        if baseline not in BASELINES:
            raise ValueError(f'unknown baseline "{baseline}"; available: {", ".join(BASELINES)}')
        pred = center_bias_heatmaps(len(gt_keys))
    else:
        pred_keys, pred = load_unique_heatmaps(pred_path)
        pred = match_predictions(gt_keys, pred_keys, pred, pred_path, gt_path)
    return summarize_scores(saliency_scores(pred, gt, jitter_seed=jitter_seed))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                     parents=[debug_parser()])
    parser.add_argument('--gt', required=True, help='ground truth .npz (keys, heatmaps)')
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--pred', help='predictions .npz (keys, heatmaps)')
    source.add_argument('--baseline', choices=BASELINES,
                        help='score a baseline of the official code instead of predictions')
    parser.add_argument('--out', help='write the summary to this JSON file')
    jitter = parser.add_mutually_exclusive_group()
    jitter.add_argument('--jitter-seed', type=int, default=DEFAULT_JITTER_SEED,
                        help="seed of AUC-J's tie-breaking jitter (the official evaluator "
                        f'always jitters, unseeded; default: {DEFAULT_JITTER_SEED})')
    jitter.add_argument('--no-jitter', action='store_true',
                        help='no AUC-J jitter: tied saliency values count together')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    summary = evaluate_files(args.gt, args.pred, args.baseline,
                             None if args.no_jitter else args.jitter_seed)
    print(format_summary(summary))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli(main))
