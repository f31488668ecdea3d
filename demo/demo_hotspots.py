"""Interaction hotspots of product/object images: one heatmap per action.

    python demo/demo_hotspots.py IMAGE_OR_FOLDER CONFIG CHECKPOINT --out DIR [--device cpu]

Writes, per image, ``DIR/<image>_<action>.jpg`` (the action's heatmap over the image) and
``DIR/<image>_grid.jpg`` (all actions).
"""
import argparse
from pathlib import Path

import cv2

from hoi_plugins.apis import inference_hotspots, init_hotspots_model
from hoi_plugins.visualization import draw_hotspots

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('input', help='an image or a folder of images')
    parser.add_argument('config', help='a hotspots config')
    parser.add_argument('checkpoint', help='a HotspotsRecognizer checkpoint')
    parser.add_argument('--out', required=True, help='output folder')
    parser.add_argument('--device', default='cpu')
    return parser.parse_args()


def input_size(cfg) -> int:
    """The inactive-image side of the config's test pipeline."""
    for step in cfg.test_dataloader.dataset.pipeline:
        if step['type'] == 'LoadInactiveImages':
            return int(step.get('size', 224))
    raise KeyError('the test pipeline of the config has no LoadInactiveImages step')


def main():
    args = parse_args()
    source = Path(args.input)
    images = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES) \
        if source.is_dir() else [source]
    if not images:
        raise FileNotFoundError(f'{source}: no images ({", ".join(IMAGE_SUFFIXES)})')
    model = init_hotspots_model(args.config, args.checkpoint, args.device)
    names = list(model.dataset_meta.get('classes', [])) or \
        [f'action_{k}' for k in range(model.num_classes)]
    size = input_size(model.cfg)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in images:
        image = cv2.imread(str(path))
        if image is None:
            raise FileNotFoundError(f'cannot read image {path}')
        heatmaps = inference_hotspots(model, image, size)
        overlays, grid = draw_hotspots(image, heatmaps, names)
        for name, overlay in zip(names, overlays):
            cv2.imwrite(str(out_dir / f'{path.stem}_{name.replace(" ", "_")}.jpg'), overlay)
        cv2.imwrite(str(out_dir / f'{path.stem}_grid.jpg'), grid)
        print(f'{path}: {len(overlays)} action heatmaps -> {out_dir}/{path.stem}_*.jpg')


if __name__ == '__main__':
    main()
