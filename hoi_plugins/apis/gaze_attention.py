"""Inference helpers of Gaze-Attention: window logits, predicted gaze and Grad-CAM."""
from typing import Dict

import torch
import torch.nn.functional as F


def gaze_attention_inference(model, windows: torch.Tensor) -> Dict[str, torch.Tensor]:
    """Run a :class:`GazeAttentionRecognizer` on the windows of one video, with Grad-CAM.

    Args:
        model: the recognizer (eval mode).
        windows (Tensor): raw clips [num_windows, C, T, H, W] (0-255, before normalisation).

    Returns:
        dict: ``scores`` [num_classes] (window-averaged logits), ``gaze`` [num_windows, t, h, w]
        (softmax of the gaze logits; absent without a gaze head) and ``grad_cam``
        [num_windows, t, h, w] (Grad-CAM of the top-1 class on ``h``, the last block, scaled
        to [0, 1] per video).
    """
    data = model.data_preprocessor(dict(inputs=[windows], data_samples=None),
                                   False)['inputs'][0]  # [W, C, T, H, W]
    with torch.enable_grad():
        x4, h = model.extract_feat(data)  # h: [W, C5, t, h, w]
        h.retain_grad()
        if model.gaze_head is None:
            pi, z = None, None
        else:
            pi = model.gaze_head(x4)  # [W, t, h, w]
            z, _ = model.sampler(pi)
        logits = model.cls_head(z, h)  # [W, num_classes]
        scores = logits.mean(0)  # [num_classes]
        scores[scores.argmax()].backward()
    weights = h.grad.mean(dim=(2, 3, 4), keepdim=True)  # [W, C5, 1, 1, 1]
    cam = F.relu((weights * h).sum(1)).detach()  # [W, t, h, w]
    out = dict(scores=scores.detach(), grad_cam=cam / cam.max().clamp(min=1e-12))
    if pi is not None:
        out['gaze'] = F.softmax(pi.detach().flatten(2), -1).view(pi.shape)
    return out
