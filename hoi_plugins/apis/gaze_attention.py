"""Gaze-Attention predictions of one video with the Grad-CAM of its top-1 action."""
from typing import Dict

import torch
import torch.nn.functional as F


def gaze_attention_inference(model: torch.nn.Module,
                             windows: torch.Tensor) -> Dict[str, torch.Tensor]:
    """Run :meth:`GazeAttentionRecognizer.forward_windows` on the windows of one video, with
    the Grad-CAM of the window-averaged top-1 class.

    Args:
        model (torch.nn.Module): a ``GazeAttentionRecognizer`` in eval mode.
        windows (Tensor): normalised clips ``[num_windows, C, T, H, W]`` (the output of the
            model's data preprocessor).

    Returns:
        dict: ``scores`` ``[num_classes]`` (window-averaged logits), ``gaze``
        ``[num_windows, t, h, w]`` (softmax of the gaze logits over each step's grid; absent
        without a gaze head) and ``grad_cam`` ``[num_windows, t, h, w]`` (Grad-CAM on ``h``, the
        last block, scaled to [0, 1] per video).
    """
    with torch.enable_grad():
        pi, _, _, h, logits = model.forward_windows(windows)
        scores = logits.mean(0)  # [num_classes]
        grad, = torch.autograd.grad(scores[scores.argmax()], h)  # [W, C5, t, h, w]
    weights = grad.mean(dim=(2, 3, 4), keepdim=True)  # [W, C5, 1, 1, 1]
    cam = F.relu((weights * h).sum(1)).detach()  # [W, t, h, w]
    out = dict(scores=scores.detach(), grad_cam=cam / cam.max().clamp(min=1e-12))
    if pi is not None:
        out['gaze'] = F.softmax(pi.detach().flatten(2), -1).view(pi.shape)
    return out
