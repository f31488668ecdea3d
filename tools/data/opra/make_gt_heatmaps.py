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
import json
from pathlib import Path

import numpy as np

from hoi_plugins.datasets.transforms.hotspots_transforms import PointsToHeatmap
from hoi_plugins.formats.hotspots_heatmaps import (heatmap_key, last_entry_per_key,
                                                   save_heatmaps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('ann_file', help='the official annotations.json')
    parser.add_argument('--split', default='test', choices=['train', 'test'])
    parser.add_argument('--transpose', action='store_true', help='EPIC-Kitchens maps')
    parser.add_argument('--out', required=True, help='output .npz')
    args = parser.parse_args()
    entries = json.loads(Path(args.ann_file).read_text())[f'{args.split}_images']
    for index, entry in enumerate(entries):
        missing = [f for f in ('image', 'verb', 'points', 'shape') if f not in entry]
        if missing:
            raise KeyError(f'{args.ann_file}: {args.split}_images[{index}] has no field '
                           f'"{missing[0]}"')
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
    main()
