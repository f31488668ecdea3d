"""TIN on images: pairs of detected people and objects scored by the config's model."""
import os.path as osp
import warnings
from typing import Dict, Iterator, List, Optional, Union

import cv2
import numpy as np
import torch
from mmengine.config import Config, ConfigDict
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope

from hoi_plugins.apis.pose import init_pose_model
from hoi_plugins.apis.tin import detections_from_model, poses_from_model, top_triplets
from hoi_plugins.formats.detections import Detections, empty_detections, load_detections
from hoi_plugins.registry import INFERENCERS
from hoi_plugins.visualization.tin import draw_hoi_triplets

from .base_inferencer import BaseHOIInferencer


@INFERENCERS.register_module(name=['tin', 'hoi'])
class TINInferencer(BaseHOIInferencer):
    """HOI detection on images with TIN, through the config's test pipeline.

    Detections come from a detections file (``det_file``: our JSON list or the iCAN/TIN
    pickle; the file may hold other images too, each input is found by its file name) or from
    any mmdet detector with COCO classes (``det_model``); keypoints from the detections file or
    an mmpose top-down model (``pose_model``, COCO-17, run without ``mmpose.apis``).

    Args:
        model, weights, device, show_progress: see :class:`BaseHOIInferencer`.
        det_file (str, optional): a detections file. Defaults to None.
        det_model (str | Config, optional): an mmdet config. Defaults to None.
        det_weights (str, optional): its checkpoint. Defaults to None.
        det_score_thr (float): detector boxes kept above it. Defaults to 0.3.
        pose_model (str | Config, optional): an mmpose top-down config. Defaults to None.
        pose_weights (str, optional): its checkpoint. Defaults to None.

    Example:
        >>> inferencer = TINInferencer('configs/tin/tin_r18-16c_12e_hico-det-synthetic.py', 'tin.pth',
        ...                            det_file='test_detections.json')
        >>> inferencer('image.jpg', out_dir='out')['predictions'][0]['triplets'][0]
        {'box_h': [...], 'box_o': [...], 'verb': 'ride', 'object': 'bicycle', ...}
    """

    forward_kwargs = {'topk'}
    visualize_kwargs = {'wait_time'}

    def __init__(self, model: Union[str, dict, Config], weights: Optional[str] = None,
                 device: Optional[str] = None, det_file: Optional[str] = None,
                 det_model: Union[None, str, Config] = None, det_weights: Optional[str] = None,
                 det_score_thr: float = 0.3, pose_model: Union[None, str, Config] = None,
                 pose_weights: Optional[str] = None, show_progress: bool = True) -> None:
        if (det_file is None) == (det_model is None):
            raise ValueError('give either det_file (a detections file) or det_model (an '
                             'mmdet config)')
        super().__init__(model, weights, device, show_progress=show_progress)
        self.det_file = det_file
        self.det_score_thr = det_score_thr
        self.det_model = None
        if det_model is not None:
            from mmdet.apis import init_detector
            self.det_model = init_detector(det_model, det_weights, device=str(self.device))
        self.pose_model = None if pose_model is None else init_pose_model(
            pose_model, pose_weights, str(self.device))

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    def _init_pipeline(self, cfg: ConfigDict) -> Compose:
        """The config's test pipeline (``test_dataloader.dataset.pipeline``)."""
        with DefaultScope.overwrite_default_scope('hoi_plugins'):
            return Compose(list(cfg.test_dataloader.dataset.pipeline))

    def detections(self, inputs: List[str]) -> Iterator[Detections]:
        """The detections (with poses when a pose model is given) of each image path."""
        names = [osp.basename(path) for path in inputs]
        from_file = {}
        if self.det_file is not None:
            from_file = load_detections(self.det_file, names, skip_other_images=True)
        for path, name in zip(inputs, names):
            if self.det_model is not None:
                dets = detections_from_model(self.det_model, path, self.det_score_thr)
            else:
                dets = from_file.get(name, empty_detections())
                if len(dets['boxes']) == 0:
                    warnings.warn(f'{self.det_file} has no detections of {name}')
            if self.pose_model is not None:
                dets = poses_from_model(self.pose_model, path, dets)
            yield dets

    def preprocess(self, inputs: List[str], batch_size: int = 1, **kwargs) -> Iterator[list]:
        """Batches of the test pipeline's outputs for image paths and their detections."""
        for path in inputs:
            if not isinstance(path, str):
                raise TypeError('TINInferencer takes image paths (the detections file finds '
                                f'images by name), got {type(path).__name__}')
        data = (self.pipeline(dict(img_path=path, file_name=osp.basename(path), img_id=index,
                                   **{f'det_{k}': v for k, v in dets.items()}))
                for index, (path, dets) in enumerate(zip(inputs, self.detections(inputs))))
        yield from map(self.collate_fn, self._get_chunk_data(data, batch_size))

    @torch.no_grad()
    def forward(self, inputs: dict, topk: int = 5) -> List[dict]:
        """Per image: ``data_sample`` (with ``pred_pairs``), ``img_path`` and the ``topk``
        best ``triplets``."""
        out = []
        for sample in self.model.test_step(inputs):
            pred = {k: v.numpy() for k, v in sample.pred_pairs.items()}
            out.append(dict(data_sample=sample, img_path=sample.img_path,
                            triplets=top_triplets(pred, topk)))
        return out

    def visualize(self, inputs: List[str], preds: List[dict], show: bool = False,
                  wait_time: int = 0) -> List[Dict[str, np.ndarray]]:
        """Per image, ``{'': the image with the top triplets drawn}``."""
        drawn = []
        for pred in preds:
            image = cv2.imread(pred['img_path'])
            drawn.append({'': draw_hoi_triplets(image, pred['triplets'])})
            if show:
                self.show_drawing(drawn[-1], wait_time)
        return drawn

    def pred_to_dict(self, pred: dict) -> dict:
        return dict(image=pred['img_path'], triplets=pred['triplets'])
