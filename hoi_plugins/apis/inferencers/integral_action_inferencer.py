"""IntegralAction on a video file: poses from a file or an mmpose model, top-5 actions."""
import os.path as osp
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
from mmengine.config import ConfigDict
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope
from rich.progress import track

from hoi_plugins.apis.integral_action import video_poses
from hoi_plugins.apis.pose import init_pose_model
from hoi_plugins.formats.skeletons import (OPENPOSE18_LIMBS, coco17_to_openpose18,
                                           load_mmpose_predictions)
from hoi_plugins.registry import INFERENCERS
from hoi_plugins.visualization.heatmap import upscale_to
from hoi_plugins.visualization.integral_action import draw_skeletons

from .base_inferencer import VIDEO_SUFFIXES, BaseHOIInferencer, read_video, video_pipeline

POSE_LAYOUTS = ('coco17', 'openpose18')


@INFERENCERS.register_module(name=['integral-action', 'integral_action'])
class IntegralActionInferencer(BaseHOIInferencer):
    """IntegralAction on video files, through the config's test pipeline read by mmaction2's
    ``OpenCVInit`` / ``OpenCVDecode`` (its clips, crops and pose maps).

    Poses come from a pose file per video (``pose_file`` in ``__call__``: a file, or a folder
    of ``<video stem>.json``; what ``MMPoseInferencer(pred_out_dir=...)`` writes) or from an
    mmpose top-down model (``pose_model``) run on every frame without ``mmpose.apis``, on the
    person boxes of an mmdet detector (``det_model``) or, without one, the whole frame. COCO-17
    keypoints are converted to the OpenPose-18 layout of the Kinetics models
    (``pose_layout='openpose18'``: the poses are already in it).

    The drawing has every frame at the video's frame rate, enlarged to a short side of at least
    240, with the skeletons and the top-5 actions.

    Args:
        model, weights, device, label_names, show_progress: see :class:`BaseHOIInferencer`.
        pose_model (str | Config, optional): an mmpose top-down config. Defaults to None.
        pose_weights (str, optional): its checkpoint (path or URL). Defaults to None.
        det_model (str | Config, optional): an mmdet person detector config. Defaults to None.
        det_weights (str, optional): its checkpoint. Defaults to None.
        pose_layout (str): ``coco17`` or ``openpose18``. Defaults to 'coco17'.
        resize_short_side (int, optional): see :func:`video_pipeline`. Defaults to None.
    """

    input_suffixes = VIDEO_SUFFIXES
    preprocess_kwargs = {'pose_file'}
    visualize_kwargs = {'wait_time'}

    def __init__(self, model, weights: Optional[str] = None, device: Optional[str] = None,
                 label_names=None, pose_model=None, pose_weights: Optional[str] = None,
                 det_model=None, det_weights: Optional[str] = None,
                 pose_layout: str = 'coco17', resize_short_side: Optional[int] = None,
                 show_progress: bool = True) -> None:
        self.resize_short_side = resize_short_side
        if pose_layout not in POSE_LAYOUTS:
            raise ValueError(f'pose_layout must be one of {POSE_LAYOUTS}, got {pose_layout!r}')
        super().__init__(model, weights, device, label_names, show_progress)
        self.pose_layout = pose_layout
        device = str(next(self.model.parameters()).device)
        self.pose_model = None if pose_model is None else init_pose_model(
            pose_model, pose_weights, device)
        self.det_model = None
        if det_model is not None:
            from mmdet.apis import init_detector
            self.det_model = init_detector(det_model, det_weights, device=device)

    def _init_pipeline(self, cfg: ConfigDict) -> Compose:
        """The test pipeline reading a video file."""
        with DefaultScope.overwrite_default_scope('hoi_plugins'):
            return Compose(video_pipeline(list(cfg.test_dataloader.dataset.pipeline),
                                          resize_short_side=self.resize_short_side))

    def poses(self, video: str, pose_file: Optional[str]) -> Tuple[np.ndarray, np.ndarray]:
        """Skeletons ``(M, T, 18, 2)``, ``(M, T, 18)`` (OpenPose-18) of every frame."""
        if pose_file is not None and osp.isdir(pose_file):
            pose_file = osp.join(pose_file, f'{Path(video).stem}.json')
        if pose_file is not None:
            keypoint, score = load_mmpose_predictions(pose_file, to_openpose18=False)
        elif self.pose_model is not None:
            frames, _ = read_video(video)
            keypoint, score = video_poses(self.pose_model, frames, self.det_model,
                                          show_progress=self.show_progress)
        else:
            raise ValueError('IntegralActionInferencer needs poses: give pose_file or build it '
                             'with pose_model')
        if self.pose_layout == 'coco17':
            if keypoint.shape[2] != 17:
                raise ValueError(f'{pose_file or "the pose model"}: {keypoint.shape[2]} joints '
                                 "per person, pose_layout='coco17' needs 17")
            keypoint, score = coco17_to_openpose18(keypoint, score)
        return keypoint, score

    def preprocess(self, inputs: List[str], batch_size: int = 1,
                   pose_file: Optional[str] = None):
        if pose_file is not None and len(inputs) > 1 and not osp.isdir(pose_file):
            raise ValueError(f'{pose_file}: one pose file for {len(inputs)} videos; give a '
                             'folder of <video stem>.json')
        for chunk in self._get_chunk_data(iter(inputs), batch_size):
            data, meta = [], []
            for video in chunk:
                if not isinstance(video, str):
                    raise TypeError(f'IntegralActionInferencer takes video files, got '
                                    f'{type(video).__name__}')
                keypoint, score = self.poses(video, pose_file)
                open_video, *transforms = self.pipeline.transforms  # OpenCVInit first
                results = open_video(dict(filename=video, start_index=0, modality='RGB',
                                          label=-1, keypoint=keypoint, keypoint_score=score))
                if keypoint.shape[1] != results['total_frames']:
                    raise ValueError(f'{pose_file or "the pose model"}: poses for '
                                     f'{keypoint.shape[1]} frames, {video} has '
                                     f'{results["total_frames"]}')
                fps = float(results['video_reader'].fps or 30.0)
                data.append(Compose(transforms)(results))
                meta.append(dict(video=video, fps=fps,
                                 keypoint=keypoint, keypoint_score=score))
            yield dict(self.collate_fn(data), meta=meta)

    @torch.no_grad()
    def forward(self, inputs: dict, **kwargs) -> List[dict]:
        """Per video: ``data_sample``, class ``scores`` (numpy) and its ``meta``."""
        meta = inputs.pop('meta')
        return [dict(info, data_sample=sample, scores=sample.pred_score.cpu().numpy(),
                     pose_gate=float(sample.get('pose_gate', float('nan'))))
                for info, sample in zip(meta, self.model.test_step(inputs))]

    def visualize(self, inputs: List[str], preds: List[dict], show: bool = False,
                  wait_time: int = 0) -> List[Dict[str, np.ndarray]]:
        drawn = []
        for pred in preds:
            frames, _ = read_video(pred['video'])
            lines = [f'{name}: {score:.2f}' for name, score in self.top_k(pred['scores'])]
            out = []
            for t, frame in enumerate(track(frames, description='drawing frames',
                                            disable=not self.show_progress)):
                frame = upscale_to(frame)
                zoom = frame.shape[0] / frames.shape[1]
                out.append(draw_skeletons(frame, pred['keypoint'][:, t] * zoom,
                                          pred['keypoint_score'][:, t], OPENPOSE18_LIMBS, lines))
            drawn.append({'': np.stack(out)})
            if show:
                self.show_drawing(drawn[-1], wait_time)
        return drawn

    def pred_to_dict(self, pred: dict) -> dict:
        out = self.video_scores_dict(pred, pred['keypoint'].shape[1])
        if np.isfinite(pred['pose_gate']):
            out['pose_gate'] = pred['pose_gate']
        return out
