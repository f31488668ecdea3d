"""Gaze-Attention on a video file: action scores, predicted gaze and Grad-CAM per frame."""
from typing import Dict, List, Optional, Tuple

import cv2
import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.config import ConfigDict
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope
from rich.progress import track

from hoi_plugins.apis.gaze_attention import gaze_attention_inference
from hoi_plugins.formats.egtea_gaze import parse_begaze_file
from hoi_plugins.registry import INFERENCERS
from hoi_plugins.visualization.gaze_attention import draw_gaze_attention_frame
from hoi_plugins.visualization.heatmap import upscale_to

from .base_inferencer import VIDEO_SUFFIXES, BaseHOIInferencer, read_video, video_pipeline

GROUND_TRUTH_STEPS = ('LoadGazeForFrames', 'GenerateGazeTarget')


class FarnebackFlow(BaseTransform):
    """Append Farneback optical flow (u, v) to each frame of each window, encoded as the
    flow images of the datasets (``128 + flow * 127.5 / bound``, clipped to [0, 255]); it
    stands for ``LoadFlowFrames`` when a two-stream model reads a video file.

    Required keys: ``imgs`` (RGB), ``clip_len``. Modified key: ``imgs`` (each [H, W, 5]).

    Args:
        bound (float): flow magnitude mapped to the ends of [0, 255]. Defaults to 20.
    """

    def __init__(self, bound: float = 20.0) -> None:
        self.bound = bound

    def transform(self, results: Dict) -> Dict:
        clip_len = results['clip_len']
        imgs = results['imgs']
        out = []
        for start in range(0, len(imgs), clip_len):
            window = imgs[start:start + clip_len]
            gray = [cv2.cvtColor(np.ascontiguousarray(f), cv2.COLOR_RGB2GRAY) for f in window]
            fields = [cv2.calcOpticalFlowFarneback(a, b, None, 0.5, 3, 15, 3, 5, 1.2, 0)
                      for a, b in zip(gray[:-1], gray[1:])] or [
                          np.zeros(gray[0].shape + (2, ), np.float32)]
            fields.append(fields[-1])  # the last frame repeats the previous flow
            for frame, field in zip(window, fields):
                flow = 128 + np.clip(field, -self.bound, self.bound) * 127.5 / self.bound
                out.append(np.concatenate([frame, flow.astype(frame.dtype)], axis=-1))
        results['imgs'] = out
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(bound={self.bound})'


@INFERENCERS.register_module(name=['gaze-attention', 'gaze_attention'])
class GazeAttentionInferencer(BaseHOIInferencer):
    """Gaze-Attention on video files, through the config's test pipeline read by mmaction2's
    ``OpenCVInit`` / ``OpenCVDecode`` (the official sliding windows, logits averaged over
    them; Farneback flow computed on the fly for two-stream models).

    The drawing has every frame of the video at its frame rate, enlarged to a short side of at
    least 240: the predicted gaze (left) and the Grad-CAM of the top-1 action on the last block
    (right) over the part of the frame the model saw, the top-5 actions and, given a BeGaze
    file (``gaze_file``), the recorded gaze as a green circle. A frame after the last full
    window shows the last window's maps.

    Args:
        model, weights, device, label_names, show_progress: see :class:`BaseHOIInferencer`.
        resize_short_side (int, optional): short side the frames are resized to before the
            pipeline's crop when it has no ``Resize`` (dataset frames are stored at a fixed
            size). Defaults to the crop size (the whole short side is seen).
    """

    input_suffixes = VIDEO_SUFFIXES
    visualize_kwargs = {'wait_time', 'gaze_file', 'gaze_offset'}

    def __init__(self, model, weights: Optional[str] = None, device: Optional[str] = None,
                 label_names=None, resize_short_side: Optional[int] = None,
                 show_progress: bool = True) -> None:
        self.resize_short_side = resize_short_side
        super().__init__(model, weights, device, label_names, show_progress)

    def _init_pipeline(self, cfg: ConfigDict) -> Compose:
        """The test pipeline for a video file, without its final packing step (kept in
        ``self.pack``, so that the window indices and crop geometry stay readable)."""
        steps = video_pipeline(list(cfg.test_dataloader.dataset.pipeline), GROUND_TRUTH_STEPS,
                               self.resize_short_side)
        with DefaultScope.overwrite_default_scope('hoi_plugins'):
            transforms = Compose([FarnebackFlow() if s['type'] == 'LoadFlowFrames' else s
                                  for s in steps[:-1]])
            self.pack = Compose([steps[-1]])
        return transforms

    def preprocess(self, inputs: List[str], batch_size: int = 1, **kwargs):
        """One video per batch (videos have different numbers of windows)."""
        for path in inputs:
            if not isinstance(path, str):
                raise TypeError(f'GazeAttentionInferencer takes video files, got '
                                f'{type(path).__name__}')
            open_video, *transforms = self.pipeline.transforms  # OpenCVInit first
            results = open_video(dict(filename=path, start_index=0, modality='RGB', label=-1))
            fps = float(results['video_reader'].fps or 30.0)
            results = Compose(transforms)(results)
            scale = np.tile(np.asarray(results.get('scale_factor', (1.0, 1.0))), 2)
            crop = np.asarray(results.get('crop_bbox', (0, 0) + tuple(
                results['img_shape'][::-1])), np.float64)
            meta = dict(video=path, total_frames=int(results['total_frames']),
                        fps=fps,
                        frame_inds=results['frame_inds'].reshape(results['num_clips'], -1),
                        region=(crop / scale).tolist())
            yield dict(self.collate_fn([self.pack(results)]), meta=[meta])

    def forward(self, inputs: dict, **kwargs) -> List[dict]:
        """Per video: ``scores`` (softmax of the window-averaged logits), ``gaze`` and
        ``grad_cam`` ``[num_windows, t, h, w]`` (numpy), and the video's ``meta``."""
        meta = inputs.pop('meta')
        windows = self.model.data_preprocessor(inputs, False)['inputs']  # [1, W, C, T, H, W]
        result = gaze_attention_inference(self.model, windows[0])
        out = dict(meta[0], scores=torch.softmax(result['scores'], 0).cpu().numpy(),
                   grad_cam=result['grad_cam'].cpu().numpy(),
                   gaze=result['gaze'].cpu().numpy() if 'gaze' in result else None)
        return [out]

    @staticmethod
    def frame_windows(frame_inds: np.ndarray, total: int) -> List[Tuple[int, int]]:
        """(window, offset in the window) drawn for each frame: the first window holding it,
        else (frames after the last window) the last position before it."""
        cover: Dict[int, Tuple[int, int]] = {}
        for window, inds in enumerate(frame_inds):
            for offset, index in enumerate(inds):
                cover.setdefault(int(index), (window, offset))
        out, last = [], (0, 0)
        for index in range(total):
            last = cover.get(index, last)
            out.append(last)
        return out

    def visualize(self, inputs: List[str], preds: List[dict], show: bool = False,
                  wait_time: int = 0, gaze_file: Optional[str] = None,
                  gaze_offset: int = 0) -> List[Dict[str, np.ndarray]]:
        drawn = []
        gaze_rows = parse_begaze_file(gaze_file) if gaze_file else None
        for pred in preds:
            frames, _ = read_video(pred['video'])
            top5 = self.top_k(pred['scores'])
            clip_len = pred['frame_inds'].shape[1]
            steps = pred['grad_cam'].shape[1]
            x1, y1, x2, y2 = pred['region']
            out = []
            for index, (window, offset) in enumerate(track(
                    self.frame_windows(pred['frame_inds'], len(frames)),
                    description='drawing frames', disable=not self.show_progress)):
                frame = upscale_to(frames[index])
                zoom = frame.shape[0] / frames.shape[1]
                region = tuple(int(round(v * zoom)) for v in (x1, y1, x2, y2))
                step = min(offset * steps // clip_len, steps - 1)
                point = None
                row = index + gaze_offset
                if gaze_rows is not None and row < len(gaze_rows) and gaze_rows[row, 2] == 1:
                    point = gaze_rows[row, :2] * frame.shape[1::-1]
                gaze = None if pred['gaze'] is None else pred['gaze'][window, step]
                out.append(draw_gaze_attention_frame(frame, gaze, pred['grad_cam'][window, step],
                                                     top5, point, region))
            drawn.append({'': np.stack(out)})
            if show:
                self.show_drawing(drawn[-1], wait_time)
        return drawn

    def pred_to_dict(self, pred: dict) -> dict:
        out = self.video_scores_dict(pred, pred['total_frames'])
        out['window_starts'] = pred['frame_inds'][:, 0].tolist()
        if pred['gaze'] is not None:  # argmax of each window step, (x, y) in the grid
            flat = pred['gaze'].reshape(*pred['gaze'].shape[:2], -1).argmax(-1)
            width = pred['gaze'].shape[-1]
            out['gaze_peaks'] = np.stack([flat % width, flat // width], -1).tolist()
        return out
