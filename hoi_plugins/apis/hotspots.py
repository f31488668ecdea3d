"""Interaction hotspots of single images with a trained HotspotsRecognizer."""
from typing import Optional

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from hoi_plugins.models.attribution.intcam import interaction_hotspots
from hoi_plugins.registry import MODELS


def init_hotspots_model(config: str, checkpoint: Optional[str] = None,
                        device: str = 'cpu') -> torch.nn.Module:
    """Build the config's model, load ``checkpoint`` (safely) and put it in eval mode.

    ``model.cfg`` is the config and ``model.dataset_meta`` the checkpoint's dataset metainfo
    (``classes``: the action names), empty without one.
    """
    cfg = Config.fromfile(config)
    init_default_scope(cfg.get('default_scope', 'hoi_plugins'))
    model = MODELS.build(cfg.model)
    model.dataset_meta = {}
    if checkpoint is not None:
        loaded = load_checkpoint(model, checkpoint, map_location='cpu')
        model.dataset_meta = loaded.get('meta', {}).get('dataset_meta') or {}
    model.cfg = cfg
    return model.to(device).eval()


def inference_hotspots(model: torch.nn.Module, image: np.ndarray, size: int) -> np.ndarray:
    """Heatmaps ``[K, H, W]`` (one per action, at the image's size) of a BGR uint8 image.

    The image is resized to ``size`` x ``size`` (the test pipeline's input) and normalised by
    the model's data preprocessor; the maps are upsampled back to the image.
    """
    rgb = cv2.resize(image[..., ::-1], (size, size), interpolation=cv2.INTER_LINEAR)
    tensor = torch.from_numpy(np.ascontiguousarray(rgb)).permute(2, 0, 1)
    device = next(model.parameters()).device
    batch = model.data_preprocessor(dict(inputs=dict(inactive=[tensor.to(device)])), False)
    maps = interaction_hotspots(model, batch['inputs']['inactive'],
                                out_size=image.shape[:2])  # [1, K, H, W]
    return maps[0].cpu().numpy()
