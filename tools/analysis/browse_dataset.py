"""Draw what a config's pipeline feeds the model, item by item, as images (and videos).

    python tools/analysis/browse_dataset.py CONFIG OUT_DIR [--split train|val|test] \
        [--num-items 8] [--video] [--fps 8] [--cfg-options ...]

Every input stream of an item (an image, the frames of a clip, flow, pose heatmaps, the
inactive image of Interaction Hotspots, ...) becomes ``OUT_DIR/<index>_<stream>.png``: its
frames in a grid, titled with the item's label. Maps the sample carries (``gt_heatmap``,
``gaze_maps``) are drawn as streams of their own, and the human (blue) / object (red) boxes of
HOI pairs over the image. ``--video`` also writes each multi-frame stream as
``<index>_<stream>.mp4``. Works for every dataset of the project, the synthetic ones included.
"""
import argparse
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import cv2
import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.registry import DATASETS
from hoi_plugins.utils.run_config import merged_config
from hoi_plugins.visualization.writers import write_video

GRID_COLUMNS = 8
TITLE_HEIGHT = 18
MIN_SIDE = 96  # frames are enlarged to at least this size so that small crops stay readable
MAP_SUFFIXES = ('heatmap', 'maps')  # data sample fields drawn as streams of their own


def to_numpy(value) -> np.ndarray:
    return value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)


def as_frames(array: np.ndarray) -> np.ndarray:
    """``[F, C, H, W]`` frames of a ``[C, H, W]``, ``[T, C, H, W]``, ``[C, T, H, W]``,
    ``[N, C, T, H, W]`` array or of ``[H, W]`` / ``[T, H, W]`` maps."""
    if array.ndim == 2:
        return array[None, None]
    if array.ndim == 3:
        return array[None] if array.shape[0] <= 3 else array[:, None]
    if array.ndim == 4:
        if array.shape[1] > 3 and array.shape[0] <= 3:  # [C, T, H, W]
            return array.transpose(1, 0, 2, 3)
        return array
    if array.ndim == 5:  # [N, C, T, H, W] (FormatShape NCTHW)
        n, c, t, h, w = array.shape
        return array.transpose(0, 2, 1, 3, 4).reshape(n * t, c, h, w)
    raise ValueError(f'cannot draw an array of shape {array.shape}')


def to_bgr(frame: np.ndarray, rgb: bool) -> np.ndarray:
    """``[H, W, 3]`` uint8 of a ``[C, H, W]`` frame: 3 channels as colour, 2 (flow) as x/y,
    1 or more than 3 (maps, pose heatmaps) as the channel maximum in a colour map."""
    if frame.dtype != np.uint8:
        frame = frame.astype(np.float32)
        low, high = float(frame.min()), float(frame.max())
        frame = ((frame - low) / (high - low) * 255 if high > low else frame * 0).astype(np.uint8)
    if frame.shape[0] == 3:
        image = frame.transpose(1, 2, 0)
        return np.ascontiguousarray(image[..., ::-1] if rgb else image)
    if frame.shape[0] == 2:
        mean = frame.mean(axis=0).astype(np.uint8)
        return np.ascontiguousarray(np.stack([frame[0], frame[1], mean], axis=-1))
    return cv2.applyColorMap(frame.max(axis=0), cv2.COLORMAP_JET)


def enlarge(image: np.ndarray) -> np.ndarray:
    """``image`` scaled up (nearest) until its short side is at least ``MIN_SIDE``."""
    scale = int(np.ceil(MIN_SIDE / min(image.shape[:2])))
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST) \
        if scale > 1 else image


def grid(images: Sequence[np.ndarray], title: str) -> np.ndarray:
    """The images in rows of ``GRID_COLUMNS`` under a title strip."""
    height, width = images[0].shape[:2]
    columns = min(GRID_COLUMNS, len(images))
    rows = -(-len(images) // columns)
    canvas = np.zeros((TITLE_HEIGHT + rows * height, columns * width, 3), np.uint8)
    for index, image in enumerate(images):
        top, left = TITLE_HEIGHT + index // columns * height, index % columns * width
        canvas[top:top + height, left:left + width] = image
    cv2.putText(canvas, title, (2, TITLE_HEIGHT - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.45,
                (255, 255, 255), 1, cv2.LINE_AA)
    return canvas


def draw_pairs(image: np.ndarray, pairs) -> np.ndarray:
    """The object (red) and then the human (blue) boxes of HOI pairs on a copy of ``image``."""
    image = image.copy()
    for field, colour in (('boxes_o', (0, 0, 255)), ('boxes_h', (255, 0, 0))):
        if field in pairs:
            for x1, y1, x2, y2 in to_numpy(pairs.get(field)).reshape(-1, 4).astype(int):
                cv2.rectangle(image, (x1, y1), (x2, y2), colour, 1)
    return image


def item_streams(item: dict, rgb: bool) -> Dict[str, List[np.ndarray]]:
    """Named lists of ``[H, W, 3]`` uint8 frames of a packed item (``inputs``, ``data_samples``)."""
    inputs = item['inputs']
    named = dict(inputs) if isinstance(inputs, dict) else dict(inputs=inputs)
    sample = item['data_samples']
    for field in sample.keys():
        if field.endswith(MAP_SUFFIXES):
            named[field] = sample.get(field)
    streams = {}
    for name, value in named.items():
        frames = [to_bgr(frame, rgb) for frame in as_frames(to_numpy(value))]
        if name == 'inputs' and 'pairs' in sample and len(frames) == 1:
            frames = [draw_pairs(frames[0], sample.pairs)]
        streams[name] = [enlarge(frame) for frame in frames]
    return streams


def item_title(item: dict, index: int) -> str:
    """``#index`` with the label (or the number of HOI pairs) and the item's name."""
    sample = item['data_samples']
    parts = [f'#{index}']
    if 'gt_label' in sample:
        parts.append(f'label {to_numpy(sample.gt_label).reshape(-1).tolist()}')
    if 'pairs' in sample:
        parts.append(f'{len(sample.pairs)} pairs')
    for key in ('key', 'file_name', 'frame_dir'):
        if key in sample.metainfo:
            parts.append(Path(str(sample.metainfo[key])).name)
            break
    return ' '.join(parts)


def browse(cfg: Config, out_dir: str, split: str = 'train', num_items: int = 8,
           video: bool = False, fps: float = 8.0, channel_order: str = 'auto') -> List[Path]:
    """Draw the first ``num_items`` items of the split's dataset; returns the written files."""
    init_default_scope(cfg.get('default_scope', 'hoi_plugins'))
    dataset_cfg = cfg[f'{split}_dataloader'].dataset
    if channel_order == 'auto':  # mmcv's LoadImageFromFile reads BGR, mmaction2's decoders RGB
        types = [t.get('type') for t in dataset_cfg.get('pipeline', [])]
        channel_order = 'bgr' if 'LoadImageFromFile' in types else 'rgb'
    dataset = DATASETS.build(dataset_cfg)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(min(num_items, len(dataset))):
        item = dataset[index]
        title = item_title(item, index)
        for name, frames in item_streams(item, channel_order == 'rgb').items():
            path = out / f'{index:04d}_{name}.png'
            cv2.imwrite(str(path), grid(frames, f'{title} {name}'))
            written.append(path)
            if video and len(frames) > 1:
                written.append(out / f'{index:04d}_{name}.mp4')
                write_video(str(written[-1]), frames, fps)
    return written


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument('out_dir', help='folder for the drawings')
    parser.add_argument('--split', default='train', choices=['train', 'val', 'test'],
                        help='whose dataloader to draw')
    parser.add_argument('--num-items', type=int, default=8, help='how many items to draw')
    parser.add_argument('--video', action='store_true', help='also write clips as .mp4')
    parser.add_argument('--fps', type=float, default=8.0, help='frame rate of the videos')
    parser.add_argument('--channel-order', default='auto', choices=['auto', 'rgb', 'bgr'],
                        help="the images' channel order (auto: BGR after LoadImageFromFile)")
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, xxx=yyy pairs')
    args = parser.parse_args(argv)
    cfg = merged_config(args.config, args.cfg_options)
    written = browse(cfg, args.out_dir, args.split, args.num_items, args.video, args.fps,
                     args.channel_order)
    print(f'{len(written)} files -> {args.out_dir}')


if __name__ == '__main__':
    main()
