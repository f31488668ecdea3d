"""Gaze supervision of Gaze-Attention: KL divergence from the gaze map to the predicted gaze."""
import torch
import torch.nn.functional as F
from torch import nn

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class GazeKLLoss(nn.Module):
    """``KL(normalised gaze map || softmax(gaze logits))`` over the time steps that have gaze.

    Ground-truth maps are max-pooled onto the logits' grid (as the official 32x32 pooling of the
    224x224 maps to 7x7), normalised to sum 1 per time step, and compared with the softmax of the
    logits over the H*W cells; the sum is divided by the number of time steps with gaze
    (``reduction='batchmean'`` over those rows). Without any gaze in the batch the loss is 0.

    Args:
        loss_weight (float): Weight of the loss. Defaults to 1.0.
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, gaze_logits: torch.Tensor, gaze_maps: torch.Tensor) -> torch.Tensor:
        """Gaze logits [N, T, h, w] and gaze maps [N, T, H, W] (H, W >= h, w) -> scalar."""
        if gaze_maps.shape[:2] != gaze_logits.shape[:2]:
            raise ValueError(f'{gaze_maps.shape[1]} gaze maps per clip for '
                             f'{gaze_logits.shape[1]} predicted time steps')
        target = F.adaptive_max_pool2d(gaze_maps.flatten(0, 1), gaze_logits.shape[2:])
        target = target.flatten(1)  # [N * T, h * w]
        valid = target.sum(1) > 0  # [N * T]
        if not valid.any():
            return gaze_logits.sum() * 0.0
        target = target[valid] / target[valid].sum(1, keepdim=True)  # [V, h * w]
        log_prob = F.log_softmax(gaze_logits.flatten(2).flatten(0, 1)[valid], dim=1)  # [V, h * w]
        return self.loss_weight * F.kl_div(log_prob, target, reduction='batchmean')
