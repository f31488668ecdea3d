"""Gaze-specific transforms of Gaze-Attention; everything else is mmaction2's.

Gaze points travel as mmaction2 ``keypoint`` ([1, T, 1, 2] pixels, NaN where there is no
fixation), so mmaction2's crops, ``Resize`` and ``Flip`` move them with the frames;
:class:`GenerateGazeTarget` renders them into gaze maps after the last spatial transform.
RGB and flow frames are stacked as the channels of one image (3 + 2), so every spatial
transform applies the same crop/flip to both streams, as the official loader does.
"""
import os.path as osp
from typing import Dict, Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.fileio import FileClient

from hoi_plugins.formats.egtea_gaze import GAZE_TYPE_IDS, GAZE_TYPES
from hoi_plugins.registry import TRANSFORMS

from .loading import decode_image


@TRANSFORMS.register_module()
class SlidingWindowSampleFrames(BaseTransform):
    """Consecutive windows of ``clip_len`` frames every ``stride`` frames over the whole clip.

    The official test protocol: windows start at 0, stride, ... while they fit; with
    ``sparse_max_windows=M`` (``--test_sparse``) a clip longer than ``M * clip_len`` frames uses
    the stride ``total_frames // M`` instead. A clip shorter than ``clip_len`` gives one window
    whose frames loop (the official code has no window for it and fails). ``num_windows=1``
    keeps only the first window: with ``clip_len=24`` this is the official training sampler
    (which, by a slip, always starts at frame 1; mmaction2's ``SampleFrames`` gives the intended
    random start).

    Required keys: ``total_frames``, ``start_index``. Added keys: ``frame_inds``, ``clip_len``,
    ``frame_interval``, ``num_clips`` (the number of windows).

    Args:
        clip_len (int): frames per window. Defaults to 24.
        stride (int): frames between window starts. Defaults to 24.
        sparse_max_windows (int, optional): the ``--test_sparse`` bound. Defaults to None.
        num_windows (int, optional): keep only the first windows. Defaults to None.
    """

    def __init__(self, clip_len: int = 24, stride: int = 24,
                 sparse_max_windows: Optional[int] = None,
                 num_windows: Optional[int] = None) -> None:
        self.clip_len = clip_len
        self.stride = stride
        self.sparse_max_windows = sparse_max_windows
        self.num_windows = num_windows

    def transform(self, results: Dict) -> Dict:
        total = results['total_frames']
        stride = self.stride
        if self.sparse_max_windows and total > self.clip_len * self.sparse_max_windows:
            stride = total // self.sparse_max_windows
        starts = list(range(0, max(total - self.clip_len, 0) + 1, stride))
        if self.num_windows is not None:
            starts = starts[:self.num_windows]
        inds = (np.array(starts)[:, None] + np.arange(self.clip_len)[None]) % total
        results['frame_inds'] = inds.reshape(-1).astype(np.int64) + results['start_index']
        results['clip_len'] = self.clip_len
        results['frame_interval'] = 1
        results['num_clips'] = len(starts)
        return results


@TRANSFORMS.register_module()
class LoadFlowFrames(BaseTransform):
    """Append the u, v flow frames of ``frame_inds`` to the RGB frames as two more channels.

    Reads ``<flow_dir>/u/<filename_tmpl>`` and ``.../v/...`` (official layout); put it right
    after the RGB decoding. Clip frame ``frame_inds - results['start_index']`` (0-based) is flow
    file ``start_index`` + that, so the RGB frames may come from a frame folder
    (``start_index`` 1) or a video (0). Required keys: ``flow_dir``, ``filename_tmpl``,
    ``frame_inds``, ``imgs``; optional ``start_index`` (defaults to the flow's).
    Modified key: ``imgs`` (each [H, W, 3 + 2]).

    Args:
        directions (Sequence[str]): sub-folders of the horizontal and vertical flow.
            Defaults to ('u', 'v').
        start_index (int): number of the first flow file. Defaults to 1.
        io_backend (str): mmengine file backend. Defaults to 'disk'.
    """

    def __init__(self, directions: Sequence[str] = ('u', 'v'), start_index: int = 1,
                 io_backend: str = 'disk') -> None:
        self.directions = tuple(directions)
        self.start_index = start_index
        self.io_backend = io_backend
        self.file_client = None

    def transform(self, results: Dict) -> Dict:
        if self.file_client is None:
            self.file_client = FileClient(self.io_backend)
        offset = results.get('offset', 0) + self.start_index - results.get(
            'start_index', self.start_index)
        stacked = []
        for img, frame_idx in zip(results['imgs'], results['frame_inds'].reshape(-1)):
            planes = []
            for direction in self.directions:
                path = osp.join(results['flow_dir'], direction,
                                results['filename_tmpl'].format(int(frame_idx) + offset))
                plane = decode_image(self.file_client.get(path), path, flag='grayscale')
                if plane.shape != img.shape[:2]:
                    raise ValueError(f'{path}: flow frame size {plane.shape} differs from the '
                                     f'RGB frame size {img.shape[:2]}')
                planes.append(plane)
            stacked.append(np.concatenate([img, np.stack(planes, -1)], axis=-1))
        results['imgs'] = stacked
        return results


@TRANSFORMS.register_module()
class LoadGazeForFrames(BaseTransform):
    """Gaze of the sampled frames as an mmaction2 ``keypoint`` in pixels of the decoded frames.

    Put it after the frame decoding and before any crop/resize/flip. Frames whose gaze type is
    not in ``gaze_types`` get NaN (no gaze target). Required keys: ``gaze`` ([total_frames, 3]
    normalised x, y, type), ``frame_inds``, ``start_index``, ``img_shape``. Added keys:
    ``keypoint`` [1, num_frames, 1, 2], ``keypoint_score`` [1, num_frames, 1].

    Args:
        gaze_types (Sequence[str]): gaze types that count as gaze (see ``GAZE_TYPES``).
            Defaults to ('fixation',), the fixations the official gaze maps are made of.
    """

    def __init__(self, gaze_types: Sequence[str] = ('fixation',)) -> None:
        unknown = set(gaze_types) - set(GAZE_TYPES)
        if unknown:
            raise ValueError(f'unknown gaze types {sorted(unknown)}; valid: {GAZE_TYPES}')
        self.type_ids = [GAZE_TYPE_IDS[name] for name in gaze_types]

    def transform(self, results: Dict) -> Dict:
        if 'crop_bbox' in results or 'flip' in results:
            raise RuntimeError('LoadGazeForFrames must come before the spatial transforms')
        gaze = results['gaze']
        inds = results['frame_inds'].reshape(-1) - results['start_index'] + results.get('offset', 0)
        if inds.size and (inds.min() < 0 or inds.max() >= len(gaze)):
            raise IndexError(f'{results.get("gaze_source", "gaze")}: frame indices '
                             f'{inds.min()}..{inds.max()} outside the {len(gaze)} gaze rows')
        rows = gaze[inds]  # [num_frames, 3]
        height, width = results['img_shape']
        points = rows[:, :2] * np.array([width, height], dtype=np.float32)  # [num_frames, 2]
        points[~np.isin(rows[:, 2], self.type_ids)] = np.nan
        results['keypoint'] = points[None, :, None].astype(np.float32)
        results['keypoint_score'] = np.isfinite(points[None, :, None, 0]).astype(np.float32)
        return results


@TRANSFORMS.register_module()
class GenerateGazeTarget(BaseTransform):
    """Gaze maps of every ``stride``-th frame of each window: a Gaussian at the gaze point.

    The map of frame ``t`` has peak 1 at the (transformed) gaze point; pixel (row r, col c)
    covers [c, c + 1) x [r, r + 1) and takes the Gaussian at its centre (c + 0.5, r + 0.5),
    the convention of mmaction2's ``Flip`` (x -> width - x). As in the official loader a map
    is kept only if its mass inside the frame is at least ``min_mass`` (so a point outside the
    crop gives an empty map); it is all zeros for a frame without fixation.
    Required keys: ``keypoint``, ``img_shape``. Added key: ``gaze_maps``
    [num_frames // stride, H, W] float32.

    Args:
        stride (int): frames per gaze map (24 frames -> 3 maps). Defaults to 8.
        sigma (float): standard deviation of the Gaussian in output pixels. Defaults to 10.0.
        min_mass (float): the smallest in-frame mass of a kept map. Defaults to 1.0.
    """

    def __init__(self, stride: int = 8, sigma: float = 10.0, min_mass: float = 1.0) -> None:
        self.stride = stride
        self.sigma = sigma
        self.min_mass = min_mass

    def transform(self, results: Dict) -> Dict:
        height, width = results['img_shape']
        points = results['keypoint'][0, ::self.stride, 0]  # [num_maps, 2]
        ys = np.arange(height, dtype=np.float32) + 0.5
        xs = np.arange(width, dtype=np.float32) + 0.5
        maps = np.zeros((len(points), height, width), dtype=np.float32)
        for index, (x, y) in enumerate(points):
            if not (np.isfinite(x) and np.isfinite(y)):
                continue
            blob = np.exp(-((ys[:, None] - y)**2 + (xs[None] - x)**2) / (2 * self.sigma**2))
            if blob.sum() >= self.min_mass:
                maps[index] = blob
        results['gaze_maps'] = maps
        return results
