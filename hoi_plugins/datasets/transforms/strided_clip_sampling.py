"""Clip sampling of IntegralAction, picking the keypoints of the sampled frames too."""
from typing import Dict

import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class SampleStridedClips(BaseTransform):
    """Sample clips of ``clip_len`` frames ``frame_interval`` apart, with their keypoints.

    Training takes one clip at a random start in ``[0, total - (clip_len - 1) * interval)``;
    testing takes ``num_clips`` clips starting at ``int((total - 1 - (clip_len - 1) * interval)
    * t / (num_clips - 1))``, ``t = 0..num_clips-1`` (the official protocol; one test clip
    starts in the middle). A video shorter than one clip (the official code drops those; see
    ``PoseRGBDataset(min_frames=...)``) repeats its last frame.

    It does what mmaction2's ``SampleFrames`` + ``PoseDecode`` do together, because the
    official starts differ from ``SampleFrames``' and because the keypoint arrays are indexed
    from 0 while frame files are numbered from ``start_index``.

    Required keys: ``total_frames``; optional ``keypoint`` ``(M, T, V, 2)``,
    ``keypoint_score`` ``(M, T, V)``, ``start_index`` (default 0).
    Added / modified keys: ``frame_inds`` (file numbers, ``(num_clips * clip_len,)``),
    ``clip_len``, ``frame_interval``, ``num_clips``, ``keypoint``, ``keypoint_score``.

    Args:
        clip_len (int): frames per clip. Defaults to 8.
        frame_interval (int): distance between sampled frames. Defaults to 8.
        num_clips (int): clips per video in test mode (1 in training). Defaults to 10.
        test_mode (bool): evenly spaced clips instead of one random clip. Defaults to False.
    """

    def __init__(self, clip_len: int = 8, frame_interval: int = 8, num_clips: int = 10,
                 test_mode: bool = False) -> None:
        if clip_len < 1 or frame_interval < 1 or num_clips < 1:
            raise ValueError('clip_len, frame_interval and num_clips must be >= 1, got '
                             f'{clip_len}, {frame_interval}, {num_clips}')
        self.clip_len = clip_len
        self.frame_interval = frame_interval
        self.num_clips = num_clips if test_mode else 1
        self.test_mode = test_mode

    def clip_starts(self, total_frames: int) -> np.ndarray:
        """0-based start frame of each clip, ``(num_clips,)``."""
        room = total_frames - 1 - (self.clip_len - 1) * self.frame_interval
        if room <= 0:
            return np.zeros(self.num_clips, dtype=np.int64)
        if not self.test_mode:
            return np.random.randint(0, room + 1, size=1)
        if self.num_clips == 1:
            return np.array([room // 2])
        steps = np.arange(self.num_clips)
        return (room * steps // (self.num_clips - 1)).astype(np.int64)

    def transform(self, results: Dict) -> Dict:
        total = int(results['total_frames'])
        if total < 1:
            raise ValueError(f'{results.get("frame_dir", "?")}: total_frames is {total}')
        starts = self.clip_starts(total)
        offsets = np.arange(self.clip_len) * self.frame_interval
        frame_inds = np.minimum(starts[:, None] + offsets[None], total - 1).reshape(-1)
        # [num_clips * clip_len]
        if 'keypoint' in results:
            results['keypoint'] = results['keypoint'][:, frame_inds].astype(np.float32)
            # [M, num_clips * clip_len, V, 2]
            results['keypoint_score'] = results['keypoint_score'][:, frame_inds].astype(
                np.float32)
            # [M, num_clips * clip_len, V]
        results['frame_inds'] = frame_inds + results.get('start_index', 0)
        results['clip_len'] = self.clip_len
        results['frame_interval'] = self.frame_interval
        results['num_clips'] = self.num_clips
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'frame_interval={self.frame_interval}, num_clips={self.num_clips}, '
                f'test_mode={self.test_mode})')
