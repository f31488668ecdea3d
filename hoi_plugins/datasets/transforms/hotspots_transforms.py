"""Transforms of the Interaction Hotspots pipelines: clip windows, inactive images, heatmaps."""
import os.path as osp
from typing import Dict, Optional, Sequence

import cv2
import mmcv
import numpy as np
import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample
from mmcv.transforms import BaseTransform

from hoi_plugins.registry import TRANSFORMS
from .loading import decode_image


@TRANSFORMS.register_module()
class SampleClipWindow(BaseTransform):
    """A window of at most ``max_len`` consecutive frames of a clip (variable length).

    Shorter clips are kept whole; longer ones give a random window in training and the central
    one in testing, as the official ``VideoInteractions.sample``. Reads ``total_frames``,
    ``start_index`` and ``frame_interval``; writes ``frame_inds`` (frame numbers), ``clip_len``,
    ``num_clips`` and ``length``.

    Args:
        max_len (int): longest window. Defaults to 8.
        test_mode (bool): central window instead of a random one. Defaults to False.
    """

    def __init__(self, max_len: int = 8, test_mode: bool = False) -> None:
        self.max_len = max_len
        self.test_mode = test_mode

    def transform(self, results: Dict) -> Dict:
        total = int(results['total_frames'])
        if total < 1:
            raise ValueError(f'clip {results.get("frame_dir", "")} has no frames '
                             '(field "total_frames" is 0)')
        length = min(total, self.max_len)
        if total <= self.max_len:
            start = 0
        elif self.test_mode:
            start = total // 2 - self.max_len // 2
        else:
            start = np.random.randint(0, total - self.max_len)
        steps = start + np.arange(length)
        results['frame_inds'] = results.get('start_index', 0) + \
            results.get('frame_interval', 1) * steps
        results.update(clip_len=length, num_clips=1, length=length)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(max_len={self.max_len}, test_mode={self.test_mode})'


def _read_rgb(path: str) -> np.ndarray:
    if not osp.isfile(path):
        raise FileNotFoundError(f'cannot read image {path}')
    with open(path, 'rb') as file:
        return decode_image(file.read(), path, channel_order='rgb')


@TRANSFORMS.register_module()
class LoadInactiveImages(BaseTransform):
    """Load inactive images (RGB) resized to ``size`` x ``size``, optionally cropped and flipped.

    For each ``out_key: path_key`` of ``sources`` whose path is present, reads the image, crops
    ``<out_key>_box`` (``[x1, y1, x2, y2]``) when given, resizes it and stores it under
    ``out_key``. With ``box_jitter`` (training on EPIC) the box is expanded by a random 0.5-1.5
    of its size and shifted by up to 20% of it, as the official ``CropPerturb``.

    The resize is PIL's bilinear by default, as the official loader (``TF.resize`` of a PIL
    image, ``utils/util.py`` L137 ``PairedTransform.val_transform``), which averages over the
    source pixels when it shrinks; ``backend='cv2'`` samples without that smoothing.

    Args:
        sources (dict): output key -> path field.
            Defaults to ``dict(inactive='inactive_path', negative='negative_path')``.
        size (int): output side. Defaults to 224.
        flip_ratio (float): probability of a horizontal flip (shared by all images of the
            item, and by ``gt_heatmap``). Defaults to 0.
        box_jitter (bool): random expansion and shift of crop boxes. Defaults to False.
        backend (str): ``mmcv.imresize`` backend, ``'pillow'`` (official) or ``'cv2'``.
            Defaults to ``'pillow'``.
    """

    def __init__(self, sources: Optional[Dict[str, str]] = None, size: int = 224,
                 flip_ratio: float = 0.0, box_jitter: bool = False,
                 backend: str = 'pillow') -> None:
        if backend not in ('pillow', 'cv2'):
            raise ValueError(f'backend must be "pillow" or "cv2", got "{backend}"')
        self.sources = sources or dict(inactive='inactive_path', negative='negative_path')
        self.size = size
        self.flip_ratio = flip_ratio
        self.box_jitter = box_jitter
        self.backend = backend

    def _crop(self, image: np.ndarray, box: Sequence[float]) -> np.ndarray:
        height, width = image.shape[:2]
        x1, y1, x2, y2 = box
        if self.box_jitter:
            expand = np.random.uniform(0.5, 1.5)
            dx, dy = int((x2 - x1) * expand) // 2, int((y2 - y1) * expand) // 2
            x1, y1 = max(x1 - min(dx, x1), 0), max(y1 - min(dy, y1), 0)
            x2, y2 = min(x2 + min(dx, width - x2), width - 1), min(y2 + min(dy, height - y2),
                                                                   height - 1)
            shift_x = np.random.uniform(-0.2, 0.2) * (x2 - x1)
            shift_y = np.random.uniform(-0.2, 0.2) * (y2 - y1)
            x1, x2, y1, y2 = x1 + shift_x, x2 + shift_x, y1 + shift_y, y2 + shift_y
        x1, y1 = int(np.clip(x1, 0, width - 1)), int(np.clip(y1, 0, height - 1))
        x2, y2 = int(np.clip(x2, x1 + 1, width)), int(np.clip(y2, y1 + 1, height))
        return image[y1:y2, x1:x2]

    def transform(self, results: Dict) -> Dict:
        flip = np.random.rand() < self.flip_ratio
        for out_key, path_key in self.sources.items():
            if path_key not in results:
                continue
            image = _read_rgb(results[path_key])
            if results.get(f'{out_key}_box') is not None:
                image = self._crop(image, results[f'{out_key}_box'])
            results[f'{out_key}_ori_shape'] = image.shape[:2]
            image = mmcv.imresize(np.ascontiguousarray(image), (self.size, self.size),
                                  interpolation='bilinear', backend=self.backend)
            results[out_key] = np.ascontiguousarray(image[:, ::-1] if flip else image)
        if flip and 'gt_heatmap' in results:
            results['gt_heatmap'] = np.ascontiguousarray(results['gt_heatmap'][:, ::-1])
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(sources={self.sources}, size={self.size}, '
                f'flip_ratio={self.flip_ratio}, box_jitter={self.box_jitter}, '
                f'backend={self.backend!r})')


@TRANSFORMS.register_module()
class PointsToHeatmap(BaseTransform):
    """Ground-truth heatmap from annotated points, as the official ``compute_heatmap``.

    A 1 is added at ``(row, col) = (int(x), int(y))`` of each point (indices out of range are
    clipped into the map; Python's negative indexing is kept, as in the official code), the map
    is blurred by ``cv2.GaussianBlur`` with the odd kernel ``int(sqrt(H * W) / k_ratio)``
    (sigma from the kernel size) and normalised to sum 1; ``transpose_heatmap`` (EPIC)
    transposes it. With ``out_size`` it is then resized bilinearly (``align_corners=False``)
    and normalised again, as the official test transform does for 224x224 inputs.

    Args:
        k_ratio (float): image size over kernel size. Defaults to 3.0.
        out_size (int, optional): side of the output map. Defaults to 224.
    """

    def __init__(self, k_ratio: float = 3.0, out_size: Optional[int] = 224) -> None:
        self.k_ratio = k_ratio
        self.out_size = out_size

    def transform(self, results: Dict) -> Dict:
        rows, cols = results['shape']
        heatmap = np.zeros((rows, cols), dtype=np.float32)
        for x, y in np.asarray(results['points']).reshape(-1, 2):
            row, col = int(x), int(y)
            if not (-rows <= row < rows and -cols <= col < cols):
                row, col = min(max(row, 0), rows - 1), min(max(col, 0), cols - 1)
            heatmap[row, col] += 1.0
        kernel = int(np.sqrt(rows * cols) / self.k_ratio)
        kernel += 1 - kernel % 2
        heatmap = cv2.GaussianBlur(heatmap, (kernel, kernel), 0)
        if heatmap.sum() > 0:
            heatmap /= heatmap.sum()
        if results.get('transpose_heatmap', False):
            heatmap = np.ascontiguousarray(heatmap.T)
        if self.out_size is not None:
            heatmap = F.interpolate(torch.from_numpy(heatmap)[None, None],
                                    size=(self.out_size, self.out_size), mode='bilinear',
                                    align_corners=False)[0, 0].numpy()
            if heatmap.sum() != 0:
                heatmap = heatmap / heatmap.sum()
        results['gt_heatmap'] = heatmap
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(k_ratio={self.k_ratio}, out_size={self.out_size})'


@TRANSFORMS.register_module()
class PackHotspotsInputs(BaseTransform):
    """Pack ``imgs`` (clip frames), ``inactive``/``negative`` images and labels.

    ``inputs`` is a dict with ``clip`` (``[T, 3, H, W]`` uint8), ``inactive`` and ``negative``
    (``[3, H, W]`` uint8) where present; the data sample carries ``gt_label``, ``gt_heatmap``
    (``[H, W]`` float32) when present, and the metainfo ``key``.
    """

    def transform(self, results: Dict) -> Dict:
        inputs = {}
        if 'imgs' in results:
            frames = np.stack(results['imgs'])  # [T, H, W, 3]
            inputs['clip'] = torch.from_numpy(frames).permute(0, 3, 1, 2).contiguous()
        for key in ('inactive', 'negative'):
            if key in results:
                inputs[key] = torch.from_numpy(results[key].copy()).permute(2, 0, 1).contiguous()
        if not inputs:
            raise KeyError('nothing to pack: the pipeline produced no "imgs", "inactive" or '
                           '"negative"')
        sample = ActionDataSample().set_gt_label(int(results['label']))
        if 'gt_heatmap' in results:
            sample.gt_heatmap = torch.from_numpy(np.asarray(results['gt_heatmap'], np.float32))
        sample.set_metainfo(dict(key=results.get('key', '')))
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'
