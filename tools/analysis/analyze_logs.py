"""Loss and metric curves (PNG) and training time from mmengine's ``vis_data/scalars.json``.

    python tools/analysis/analyze_logs.py plot_curve work_dirs/*/ --keys loss acc/top1 \
        [--legend A B] [--title T] --out curves.png
    python tools/analysis/analyze_logs.py cal_train_time work_dirs/RUN/

A path is a ``scalars.json`` or a work dir (its newest ``*/vis_data/scalars.json``). Each line of
the file is one logging step: training lines carry ``lr`` (and ``loss*``, ``time``,
``data_time``), validation lines the metrics; ``step`` is the iteration of a training line and
the epoch (or iteration) of a validation line. ``time`` and ``data_time`` are read from the
training lines.
"""
import argparse
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

TIMING_KEYS = ('time', 'data_time')
BOOKKEEPING_KEYS = ('step', 'epoch', 'iter', 'lr', 'memory') + TIMING_KEYS


def scalars_file(path: str) -> Path:
    """``path`` itself, or the newest ``vis_data/scalars.json`` under the work dir ``path``."""
    candidate = Path(path)
    if candidate.is_file():
        return candidate
    found = sorted(candidate.glob('**/vis_data/scalars.json'), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f'{path}: no scalars.json and no */vis_data/scalars.json under it '
                         '(written by mmengine\'s LocalVisBackend during tools/train.py)')
    return found[-1]


def read_scalars(path: Path) -> List[dict]:
    """The logged steps of a ``scalars.json``, one dict per line."""
    records = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f'{path}: line {number} is not JSON ({error.msg})') from None
    return records


def is_train(record: dict) -> bool:
    """Training lines carry the learning rate; validation lines do not."""
    return 'lr' in record


def curve(records: Sequence[dict], key: str) -> Tuple[np.ndarray, np.ndarray]:
    """``(steps, values)`` of ``key``; timing keys come from the training lines only."""
    rows = [r for r in records if key in r and (key not in TIMING_KEYS or is_train(r))]
    return (np.array([r['step'] for r in rows], dtype=np.float64),
            np.array([r[key] for r in rows], dtype=np.float64))


def default_keys(records: Sequence[dict]) -> List[str]:
    """The losses of the training lines and the metrics of the validation lines."""
    keys: Dict[str, None] = {}
    for record in records:
        for key in record:
            if key not in BOOKKEEPING_KEYS and (not is_train(record) or key.startswith('loss')):
                keys[key] = None
    return list(keys)


def plot_curve(runs: Dict[str, List[dict]], keys: Sequence[str], out: str,
               title: Optional[str] = None) -> None:
    """One panel per key, one line per run, saved as an image."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(len(keys), 1, figsize=(8, 3 * len(keys)), squeeze=False)
    for axis, key in zip(axes[:, 0], keys):
        plotted = False
        for legend, records in runs.items():
            steps, values = curve(records, key)
            if len(steps):
                axis.plot(steps, values, marker='o' if len(steps) < 30 else None, label=legend)
                plotted = True
        if not plotted:
            logged = sorted({k for records in runs.values() for r in records for k in r})
            raise SystemExit(f'no run logged "{key}" (logged: {", ".join(logged)})')
        axis.set_xlabel('iteration' if key.startswith('loss') or key in TIMING_KEYS else 'step')
        axis.set_ylabel(key)
        axis.grid(alpha=0.3)
        axis.legend()
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    plt.close(figure)


def train_time(records: Sequence[dict]) -> Dict[str, float]:
    """Mean seconds per iteration, and the slowest / fastest epoch where epochs are logged."""
    rows = [r for r in records if is_train(r) and 'time' in r]
    if not rows:
        raise SystemExit('no training line with "time"')
    summary = dict(mean_iter_time=float(np.mean([r['time'] for r in rows])))
    epochs: Dict[int, List[float]] = {}
    for row in rows:
        if 'epoch' in row:
            epochs.setdefault(int(row['epoch']), []).append(row['time'])
    if epochs:
        means = {epoch: float(np.mean(times)) for epoch, times in epochs.items()}
        slowest, fastest = max(means, key=means.get), min(means, key=means.get)
        summary.update(slowest_epoch=slowest, slowest_epoch_time=means[slowest],
                       fastest_epoch=fastest, fastest_epoch_time=means[fastest])
    return summary


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    plot = commands.add_parser('plot_curve', help='plot loss/metric curves to an image')
    plot.add_argument('paths', nargs='+', help='scalars.json files or work dirs')
    plot.add_argument('--keys', nargs='+', help='what to plot (default: losses and metrics)')
    plot.add_argument('--legend', nargs='+', help='one name per path (default: the paths)')
    plot.add_argument('--title', help='figure title')
    plot.add_argument('--out', required=True, help='image file, e.g. curves.png')
    timing = commands.add_parser('cal_train_time', help='seconds per training iteration')
    timing.add_argument('paths', nargs='+', help='scalars.json files or work dirs')
    args = parser.parse_args(argv)

    files = [scalars_file(path) for path in args.paths]
    if args.command == 'cal_train_time':
        for path in files:
            summary = train_time(read_scalars(path))
            print(f'{path}: ' + ', '.join(f'{k} {v:.4g}' for k, v in summary.items()))
        return
    legends = args.legend or args.paths
    if len(legends) != len(files):
        raise SystemExit(f'--legend has {len(legends)} names for {len(files)} paths')
    runs = {legend: read_scalars(path) for legend, path in zip(legends, files)}
    keys = args.keys or default_keys([r for records in runs.values() for r in records])
    plot_curve(runs, keys, args.out, args.title)
    print(f'{", ".join(keys)} of {len(runs)} run(s) -> {args.out}')


if __name__ == '__main__':
    main()
