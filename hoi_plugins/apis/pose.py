"""Top-down pose estimation with any mmpose model, without ``mmpose.apis``.

``mmpose.apis`` imports its visualisers, which need a torchvision matching the installed torch;
building the model from its config and running its own test pipeline needs neither.
"""
from typing import Optional, Tuple, Union

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from mmengine.registry import DefaultScope
from mmengine.runner import load_checkpoint


def init_pose_model(config: Union[str, Config], checkpoint: Optional[str] = None,
                    device: str = 'cpu') -> torch.nn.Module:
    """An mmpose top-down model in eval mode; dataset meta from the checkpoint, else COCO.

    Args:
        config (str | Config): an mmpose config (file or object).
        checkpoint (str, optional): its weights (path or URL). Defaults to None.
        device (str): Defaults to 'cpu'.
    """
    from mmpose.datasets.datasets.utils import parse_pose_metainfo
    from mmpose.registry import MODELS as POSE_MODELS
    cfg = Config.fromfile(config) if isinstance(config, str) else config
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope', 'mmpose')):
        model = POSE_MODELS.build(cfg.model)
    meta = None
    if checkpoint is not None:
        meta = load_checkpoint(model, checkpoint, map_location='cpu').get('meta', {}).get(
            'dataset_meta')
    model.dataset_meta = meta or parse_pose_metainfo(
        dict(from_file='configs/_base_/datasets/coco.py'))
    model.cfg = cfg
    return model.to(device).eval()


def topdown_poses(pose_model: torch.nn.Module, image: Union[str, np.ndarray],
                  boxes: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Keypoints of the people in ``boxes``, as ``mmpose.apis.inference_topdown`` computes them.

    Args:
        pose_model (torch.nn.Module): from :func:`init_pose_model`.
        image (str | np.ndarray): an image path or a BGR uint8 ``[H, W, 3]`` array.
        boxes (np.ndarray): ``[N, 4]`` person boxes (x1, y1, x2, y2) in pixels.

    Returns:
        tuple: keypoints ``[N, K, 2]`` and scores ``[N, K]`` (float32).
    """
    num_joints = len(pose_model.dataset_meta.get('keypoint_id2name', {})) or 17
    if len(boxes) == 0:
        return np.zeros((0, num_joints, 2), np.float32), np.zeros((0, num_joints), np.float32)
    source = dict(img_path=image) if isinstance(image, str) else dict(img=image)
    with DefaultScope.overwrite_default_scope(pose_model.cfg.get('default_scope', 'mmpose')):
        pipeline = Compose(list(pose_model.cfg.test_dataloader.dataset.pipeline))
        data = [pipeline(dict(source, bbox=np.asarray(box, np.float32)[None],
                              bbox_score=np.ones(1, np.float32), **pose_model.dataset_meta))
                for box in boxes]
        with torch.no_grad():
            results = pose_model.test_step(pseudo_collate(data))
    keypoints = np.stack([r.pred_instances.keypoints[0] for r in results]).astype(np.float32)
    scores = np.stack([r.pred_instances.keypoint_scores[0] for r in results]).astype(np.float32)
    return keypoints, scores
