"""Read a metric of the latest ``tools/test.py`` run from the JSON file mmengine writes.

``tools/test.py`` (mmengine's ``LoggerHook``) writes the test metrics of a run to
``WORK_DIR/<timestamp>/<timestamp>.json``. The quickstart steps read them from there, not from
the logs, and fail when a method does not beat its baseline::

    python tools/quickstart/metric.py WORK_DIR KEY                 # print the value
    python tools/quickstart/metric.py WORK_DIR KEY --above 0.25    # and exit 1 unless > 0.25
    python tools/quickstart/metric.py WORK_DIR KEY --below 6.64    # and exit 1 unless < 6.64
"""
import argparse
import json
import sys
from pathlib import Path
from typing import Optional


def latest_test_metrics(work_dir: Path, key: str) -> dict:
    """The newest ``<timestamp>/<timestamp>.json`` under ``work_dir`` that holds ``key``."""
    runs = sorted((path for path in work_dir.glob('*/*.json') if path.stem == path.parent.name),
                  key=lambda path: path.stat().st_mtime, reverse=True)
    for path in runs:
        metrics = first_json_object(path.read_text())
        if key in metrics:
            return metrics
    found = ', '.join(str(path) for path in runs) or 'none'
    raise SystemExit(f'{work_dir}: no test metrics file holds "{key}" (files: {found})')


def first_json_object(text: str) -> dict:
    """The JSON object at the start of ``text``.

    Under ``dist_test.sh`` every rank's ``LoggerHook`` writes the same file at once, which can
    leave the tail of a longer write after the object (e.g. a second ``}``): it is ignored.
    """
    text = text.strip()
    if not text:
        return {}
    metrics, _ = json.JSONDecoder().raw_decode(text)
    return metrics if isinstance(metrics, dict) else {}


def check(value: float, above: Optional[float], below: Optional[float]) -> Optional[str]:
    """The reason the value fails its bound, or None."""
    if above is not None and not value > above:
        return f'{value} is not above {above}'
    if below is not None and not value < below:
        return f'{value} is not below {below}'
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir', type=Path, help='the --work-dir of tools/test.py')
    parser.add_argument('key', help='metric name, e.g. acc/top1')
    parser.add_argument('--above', type=float, help='fail unless the value is above this')
    parser.add_argument('--below', type=float, help='fail unless the value is below this')
    args = parser.parse_args()
    value = float(latest_test_metrics(args.work_dir, args.key)[args.key])
    print(value)
    failure = check(value, args.above, args.below)
    if failure:
        sys.exit(f'{args.work_dir}: {args.key}: {failure}')


if __name__ == '__main__':
    main()
