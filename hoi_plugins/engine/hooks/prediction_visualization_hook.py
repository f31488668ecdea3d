"""``--show-dir`` for the four methods: each test sample's predictions drawn as the demos do."""
import os.path as osp
import re
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from hoi_plugins.apis.tin import top_triplets
from hoi_plugins.registry import HOOKS
from hoi_plugins.visualization import (draw_gaze_attention_frame, draw_hoi_triplets,
                                       draw_hotspots, draw_pose_maps, put_lines, upscale_to,
                                       write_image, write_video)


def _uint8(frames: torch.Tensor) -> np.ndarray:
    """A tensor of 0-255 values as uint8 numpy."""
    return frames.detach().float().clamp(0, 255).byte().cpu().numpy()


@HOOKS.register_module()
class PredictionVisualizationHook(Hook):
    """Draw the predictions of every ``interval``-th test sample, whatever the method.

    - HOI detection (``pred_pairs``, TIN): the top-5 triplets on the image, ``<name>.jpg``.
    - Hotspots (``pred_heatmaps``): each action's heatmap over the inactive image, as a grid,
      ``<name>.jpg``.
    - Gaze-Attention (``pred_gaze``): the predicted gaze over every frame of the sample's
      windows with the top-5 actions, ``<name>.mp4`` (Grad-CAM needs gradients: see
      ``demo/demo_gaze_attention.py``).
    - IntegralAction and other recognizers (``pred_score``): the frames of the sample's clips
      with the model's pose input (the maximum of its joint heatmaps and limb fields) when it
      has one, and the top-5 actions, ``<name>.mp4``.

    Args:
        enable (bool): whether to draw. Defaults to False.
        interval (int): draw every ``interval``-th sample. Defaults to 1.
        show (bool): show each drawing in a window. Defaults to False.
        wait_time (float): seconds each shown drawing stays. Defaults to 0.
        out_dir (str, optional): where to write; defaults to ``<log_dir>/vis``.
        fps (float): frame rate of the written clips. Defaults to 8.
    """

    priority = 'NORMAL'

    def __init__(self, enable: bool = False, interval: int = 1, show: bool = False,
                 wait_time: float = 0., out_dir: Optional[str] = None, fps: float = 8.0,
                 **kwargs) -> None:
        self.enable = enable
        self.interval = interval
        self.show = show
        self.wait_time = wait_time
        self.out_dir = out_dir
        self.fps = fps
        self._count = 0

    def after_test_iter(self, runner: Runner, batch_idx: int, data_batch: dict,
                        outputs: Sequence) -> None:
        if not self.enable:
            return
        out_dir = self.out_dir or osp.join(runner.log_dir, 'vis')
        classes = list(getattr(runner.test_dataloader.dataset, 'metainfo', {}).get(
            'classes', None) or [])
        for index, sample in enumerate(outputs):
            self._count += 1
            if (self._count - 1) % self.interval:
                continue
            inputs = data_batch['inputs']
            item = {k: v[index] for k, v in inputs.items()} if isinstance(inputs, dict) \
                else inputs[index]
            drawn = self.draw(item, sample, classes)
            name = self.sample_name(sample, self._count - 1)
            if drawn.ndim == 4:
                write_video(osp.join(out_dir, f'{name}.mp4'), drawn, self.fps)
            else:
                write_image(osp.join(out_dir, f'{name}.jpg'), drawn)
            if self.show:
                for frame in (drawn if drawn.ndim == 4 else [drawn]):
                    cv2.imshow('prediction', frame)
                    cv2.waitKey(max(int(self.wait_time * 1000), 1))

    @staticmethod
    def sample_name(sample, index: int) -> str:
        """The image's file stem, else the sample's key, else its index (file-name safe)."""
        for key in ('img_path', 'filename', 'frame_dir', 'key'):
            value = sample.metainfo.get(key) if hasattr(sample, 'metainfo') else None
            if value:
                stem = osp.splitext(value)[0] if key == 'img_path' else value
                stem = osp.basename(stem) if key == 'img_path' else stem
                return f'{index:06d}_' + re.sub(r'[^\w.-]+', '_', str(stem)).strip('_')
        return f'{index:06d}'

    @staticmethod
    def top5(sample, classes: List[str]) -> List[Tuple[str, float]]:
        """The five best (class name, score) of ``pred_score``."""
        scores = sample.pred_score.detach().float().cpu().numpy()
        order = np.argsort(-scores, kind='stable')[:5]
        return [(classes[k] if k < len(classes) else str(k), float(scores[k])) for k in order]

    def draw(self, inputs, sample, classes: List[str]) -> np.ndarray:
        """A BGR image ``[H, W, 3]`` or clip ``[T, H, W, 3]`` of one sample's predictions."""
        if 'pred_pairs' in sample:
            image = cv2.imread(sample.img_path) if osp.isfile(sample.get('img_path', '')) \
                else np.ascontiguousarray(_uint8(inputs).transpose(1, 2, 0))
            pred = {k: v.numpy() for k, v in sample.pred_pairs.items()}
            return draw_hoi_triplets(image, top_triplets(pred, 5))
        if 'pred_heatmaps' in sample:
            image = np.ascontiguousarray(_uint8(inputs['inactive']).transpose(1, 2, 0)[..., ::-1])
            maps = sample.pred_heatmaps.detach().float().cpu().numpy()
            names = [classes[k] if k < len(classes) else str(k) for k in range(len(maps))]
            return draw_hotspots(upscale_to(image), maps, names)[1]
        if 'pred_gaze' in sample:
            return self._draw_gaze(inputs, sample, self.top5(sample, classes))
        if 'pred_score' in sample:
            return self._draw_clips(inputs, self.top5(sample, classes))
        raise ValueError('PredictionVisualizationHook draws samples with pred_pairs, '
                         'pred_heatmaps, pred_gaze or pred_score; this one has '
                         f'{sorted(sample.keys())}')

    @staticmethod
    def _draw_gaze(inputs: torch.Tensor, sample, labels: List[Tuple[str, float]]
                   ) -> np.ndarray:
        """Windows ``[W, C, T, H, W]`` (RGB first) with the gaze ``[W, t, h, w]`` of each."""
        windows = _uint8(inputs[:, :3]).transpose(0, 2, 3, 4, 1)  # [W, T, H, W, 3] RGB
        gaze = sample.pred_gaze.detach().float().cpu().numpy()  # [W, t, h, w]
        frames = []
        for window, maps in zip(windows, gaze):
            for offset, frame in enumerate(window):
                step = min(offset * maps.shape[0] // len(window), maps.shape[0] - 1)
                frame = upscale_to(np.ascontiguousarray(frame[..., ::-1]))
                frames.append(draw_gaze_attention_frame(frame, maps[step], None, labels))
        return np.stack(frames)

    @staticmethod
    def _draw_clips(inputs, labels: List[Tuple[str, float]]) -> np.ndarray:
        """Frames of clip inputs (``NCTHW``, ``CTHW`` or ``NCHW`` / a dict with ``imgs`` and
        ``heatmap_imgs``) with the pose maps when present and the text lines."""
        lines = [f'{name}: {score:.2f}' for name, score in labels]
        pose_maps = None
        if isinstance(inputs, dict):
            pose_maps = inputs.get('heatmap_imgs')
            inputs = inputs['imgs']
        if inputs.dim() == 5:  # [N, C, T, H, W] -> [N * T, C, H, W]
            inputs = inputs.transpose(1, 2).flatten(0, 1)
        elif inputs.dim() == 4 and inputs.shape[0] in (1, 2, 3) and inputs.shape[1] > 3:
            inputs = inputs.transpose(0, 1)  # [C, T, H, W] -> [T, C, H, W]
        frames = _uint8(inputs[:, :3]).transpose(0, 2, 3, 1)  # [T, H, W, 3] RGB
        maps: Dict[int, np.ndarray] = {}
        if pose_maps is not None:
            pose_maps = pose_maps.detach().float().cpu().numpy()
            if pose_maps.ndim == 5:  # [N, C, T, h, w]
                pose_maps = pose_maps.transpose(0, 2, 1, 3, 4).reshape(-1, *pose_maps.shape[
                    1:2], *pose_maps.shape[3:])
            maps = dict(enumerate(pose_maps))
        out = []
        for t, frame in enumerate(frames):
            frame = upscale_to(np.ascontiguousarray(frame[..., ::-1]))
            out.append(draw_pose_maps(frame, maps[t], lines) if t in maps
                       else put_lines(frame.copy(), lines, max(frame.shape[0] / 360, 0.5)))
        return np.stack(out)

