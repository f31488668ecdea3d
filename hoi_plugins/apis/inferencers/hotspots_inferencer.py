"""Interaction hotspots of object images: one IntCAM heatmap per action."""
from typing import Dict, List

import cv2
import numpy as np
from mmengine.config import ConfigDict
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope

from hoi_plugins.registry import INFERENCERS
from hoi_plugins.visualization.hotspots import draw_hotspots

from .base_inferencer import BaseHOIInferencer

# test-pipeline steps that make ground truth, which a user's image does not have
GROUND_TRUTH_STEPS = ('PointsToHeatmap', )


@INFERENCERS.register_module(name=['hotspots', 'interaction-hotspots'])
class HotspotsInferencer(BaseHOIInferencer):
    """Hotspot heatmaps of every action for images, through the config's test pipeline
    (``LoadInactiveImages`` reading the input path; ground-truth steps dropped) and the
    model's ``predict`` (IntCAM).

    Drawings per image: ``_grid`` (all actions) and ``_<action>`` (each action's map, scaled
    by its max, over the image). Predictions: per action its score and the ``peak`` (x, y)
    of its map in image pixels.

    Args:
        model, weights, device, label_names, show_progress: see :class:`BaseHOIInferencer`.

    Example:
        >>> inferencer = HotspotsInferencer('configs/hotspots/hotspots_r18-stage1_12e_synthetic.py', 'hs.pth')
        >>> inferencer('images/', out_dir='out')['predictions'][0]['actions'][0]
        {'name': 'hold', 'score': 0.31, 'peak': [120, 88]}
    """

    visualize_kwargs = {'wait_time'}

    def _init_pipeline(self, cfg: ConfigDict) -> Compose:
        steps = []
        for step in cfg.test_dataloader.dataset.pipeline:
            if step['type'] in GROUND_TRUTH_STEPS:
                continue
            if step['type'] == 'LoadInactiveImages':
                step = dict(step, sources=dict(inactive='img_path'))
            steps.append(step)
        with DefaultScope.overwrite_default_scope('hoi_plugins'):
            return Compose(steps)

    def preprocess(self, inputs: List[str], batch_size: int = 1, **kwargs):
        for path in inputs:
            if not isinstance(path, str):
                raise TypeError(f'HotspotsInferencer takes image paths, got '
                                f'{type(path).__name__}')
        for chunk in self._get_chunk_data(iter(inputs), batch_size):
            batch = self.collate_fn([self.pipeline(dict(img_path=path, label=-1))
                                     for path in chunk])
            yield dict(batch, img_paths=chunk)

    def forward(self, inputs: dict, **kwargs) -> List[dict]:
        """Per image: ``data_sample``, ``heatmaps`` ``[K, H, W]`` (at the image's size),
        ``scores`` ``[K]`` and ``img_path``. IntCAM needs gradients: no ``no_grad`` here."""
        out = []
        paths = inputs.pop('img_paths')
        for path, sample in zip(paths, self.model.test_step(inputs)):
            image = cv2.imread(path)
            maps = sample.pred_heatmaps.detach().float().cpu().numpy()  # [K, h, w]
            maps = np.stack([cv2.resize(m, image.shape[1::-1], interpolation=cv2.INTER_LINEAR)
                             for m in maps])
            out.append(dict(data_sample=sample, img_path=path, heatmaps=maps,
                            scores=sample.pred_score.detach().cpu().numpy()))
        return out

    def visualize(self, inputs: List[str], preds: List[dict], show: bool = False,
                  wait_time: int = 0) -> List[Dict[str, np.ndarray]]:
        drawn = []
        for pred in preds:
            image = cv2.imread(pred['img_path'])
            names = [self.class_name(k) for k in range(len(pred['heatmaps']))]
            overlays, grid = draw_hotspots(image, pred['heatmaps'], names)
            drawn.append({'_grid': grid, **{f'_{name.replace(" ", "_")}': overlay
                                            for name, overlay in zip(names, overlays)}})
            if show:
                self.show_drawing(drawn[-1], wait_time)
        return drawn

    def pred_to_dict(self, pred: dict) -> dict:
        actions = []
        for k, heatmap in enumerate(pred['heatmaps']):
            row, col = np.unravel_index(int(heatmap.argmax()), heatmap.shape)
            actions.append(dict(name=self.class_name(k), score=float(pred['scores'][k]),
                                peak=[int(col), int(row)]))
        return dict(image=pred['img_path'], actions=actions)
