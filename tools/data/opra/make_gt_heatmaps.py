"""Ground-truth heatmaps of an annotations.json split as ``GT.npz`` for the standalone evaluator.

    python tools/data/opra/make_gt_heatmaps.py data/opra/annotations.json --out GT.npz
    python tools/data/opra/make_gt_heatmaps.py data/epic_kitchens/annotations.json --transpose \
        --out GT.npz

Each ``<split>_images`` entry gives one map, drawn from its points as the official code does
(``PointsToHeatmap``: 224x224, sum 1; EPIC maps are transposed) under the key
``<image parts>/<verb>`` that ``OPRADataset`` / ``EPICHotspotsDataset`` give their items. An
(image, verb) given more than once keeps its last entry, as the official heatmap lookup.
"""
import argparse
import sys
from typing import Optional, Sequence

import numpy as np

from hoi_plugins.datasets.transforms.hotspots_transforms import PointsToHeatmap
from hoi_plugins.formats.hotspots_heatmaps import (heatmap_key, last_entry_per_key,
                                                   save_heatmaps)
from hoi_plugins.utils.cli import debug_parser, load_json_file, run_cli

EXPECTED = 'the annotations.json of the Interaction Hotspots release (a dict)'


def numbers(value) -> Optional[np.ndarray]:
    """``value`` as a float array, or None when it is not a regular array of numbers."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def check_entry(entry: dict, source: str) -> None:
    """Raise naming ``source`` unless ``shape`` is 2 sizes and ``points`` is [x, y] pairs."""
    for field in ('image', 'verb', 'points', 'shape'):
        if field not in entry:
            raise KeyError(f'{source} has no field "{field}"')
    shape, points = numbers(entry['shape']), numbers(entry['points'])
    if shape is None or shape.shape != (2, ) or (shape < 1).any():
        raise ValueError(f'{source}: "shape" must be [rows, cols] (2 positive sizes), got '
                         f'{entry["shape"]}')
    if points is None or points.size and (points.ndim != 2 or points.shape[1] != 2):
        raise ValueError(f'{source}: "points" must be a list of [x, y] pairs, got '
                         f'{str(entry["points"])[:60]}')


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                     parents=[debug_parser()])
    parser.add_argument('ann_file', help='the official annotations.json')
    parser.add_argument('--split', default='test', choices=['train', 'test'])
    parser.add_argument('--transpose', action='store_true', help='EPIC-Kitchens maps')
    parser.add_argument('--out', required=True, help='output .npz')
    args = parser.parse_args(argv)
    section = f'{args.split}_images'
    entries = load_json_file(args.ann_file, dict, EXPECTED).get(section)
    if not isinstance(entries, list):
        raise KeyError(f'{args.ann_file}: no list "{section}"; expected {EXPECTED}')
    for index, entry in enumerate(entries):
        check_entry(entry, f'{args.ann_file}: {section}[{index}]')
    keys = [heatmap_key(entry['image'], entry['verb']) for entry in entries]
    kept, merged = last_entry_per_key(keys)
    to_heatmap = PointsToHeatmap(out_size=224)
    maps = [to_heatmap.transform(dict(points=entries[i]['points'], shape=entries[i]['shape'],
                                      transpose_heatmap=args.transpose))['gt_heatmap']
            for i in kept]
    save_heatmaps(args.out, [keys[i] for i in kept], np.stack(maps))
    print(f'wrote {len(kept)} heatmaps to {args.out} ({merged} entries repeat an (image, verb) '
          'and were merged into its last entry)')


if __name__ == '__main__':
    sys.exit(run_cli(main))
