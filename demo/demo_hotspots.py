"""Interaction hotspots of object images: one heatmap per action, drawn and as JSON.

    python demo/demo_hotspots.py CONFIG CHECKPOINT IMAGE_OR_FOLDER [LABELS] \
        (--out-dir DIR | --out-filename GRID.jpg) [--device cpu]

A thin wrapper around :class:`hoi_plugins.apis.HotspotsInferencer`. With ``--out-dir`` it
writes, per image, ``DIR/<image>_<action>.jpg`` (the action's heatmap, scaled by its max, over
the image), ``DIR/<image>_grid.jpg`` (all actions) and ``DIR/<image>.json`` (each action's
score and heatmap peak); ``--out-filename`` writes the grid of one image and its JSON.
"""
from typing import List, Optional

from hoi_plugins.apis import HotspotsInferencer
from hoi_plugins.apis.demo_cli import demo_parser, parse_demo_args, run_demo


def main(argv: Optional[List[str]] = None) -> dict:
    parser = demo_parser(__doc__.split('\n')[0], 'an image or a folder of images',
                         'output grid image')
    args = parse_demo_args(parser, argv)
    inferencer = HotspotsInferencer(args.config, args.checkpoint, args.device,
                                    label_names=args.labels)
    result = run_demo(inferencer, args, drawing='_grid')
    for prediction in result['predictions']:
        best = max(prediction['actions'], key=lambda action: action['score'])
        print(f'{prediction["image"]}: most likely {best["name"]} ({best["score"]:.3f})')
    return result


if __name__ == '__main__':
    main()
