"""Direct optimization through argmax (Lorberbom et al., NeurIPS 2019) for attention."""
from typing import Callable

import torch
import torch.nn.functional as F
from torch import nn

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class DirectOptimizationEstimator(nn.Module):
    """Gradient of the expected classification loss w.r.t. the gaze logits.

    For every sample, time step ``n`` and cell ``k``, the location of step ``n`` in the sampled
    ``z`` is replaced by ``k`` and the per-sample cross-entropy ``L_{n,k}`` is evaluated (head in
    eval mode, no grad). With ``k* = argmax_k(pi_g[n, k] - eps * L_{n,k})`` the estimate is
    ``g[n] = (z[n] - onehot(k*)) / eps``; :meth:`forward` returns the surrogate loss
    ``loss_weight * (g * pi_g).mean(0).sum()`` whose gradient w.r.t. ``pi_g`` is ``g`` (per
    sample, divided by the batch size). ``eps`` is annealed by
    :class:`~hoi_plugins.engine.hooks.DirectOptimizationEpsilonHook`.

    Args:
        eps (float): Initial epsilon of the estimator. Defaults to 1000.0.
        loss_weight (float): Weight of the surrogate loss. Defaults to 1.0.
        chunk_size (int): Candidate locations evaluated per head call (memory bound).
            Defaults to 1024.
    """

    def __init__(self, eps: float = 1000.0, loss_weight: float = 1.0,
                 chunk_size: int = 1024) -> None:
        super().__init__()
        self.eps = eps
        self.loss_weight = loss_weight
        self.chunk_size = chunk_size

    @torch.no_grad()
    def candidate_losses(self, z: torch.Tensor, h: torch.Tensor, labels: torch.Tensor,
                         classifier: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
                         ) -> torch.Tensor:
        """Per-sample losses ``L`` [N, T, H*W] of every single-step change of ``z`` [N, T, H, W]."""
        num, steps, cells = z.shape[0], z.shape[1], z[0, 0].numel()
        eye = torch.eye(cells, dtype=z.dtype, device=z.device)  # [K, K]
        candidates = z.flatten(2).unsqueeze(1).unsqueeze(1).repeat(1, steps, cells, 1, 1)
        for n in range(steps):  # candidates: [N, T (changed step), K (new cell), T, K]
            candidates[:, n, :, n] = eye
        candidates = candidates.view(-1, *z.shape[1:])  # [N * T * K, T, H, W]
        owner = torch.arange(num, device=z.device).repeat_interleave(steps * cells)
        losses = []
        for start in range(0, owner.numel(), self.chunk_size):
            index = owner[start:start + self.chunk_size]
            logits = classifier(candidates[start:start + self.chunk_size], h[index])
            losses.append(F.cross_entropy(logits, labels[index], reduction='none'))
        return torch.cat(losses).view(num, steps, cells)  # [N, T, K]

    @torch.no_grad()
    def gradient(self, z: torch.Tensor, pi_g: torch.Tensor, h: torch.Tensor,
                 labels: torch.Tensor, classifier: nn.Module) -> torch.Tensor:
        """The estimate ``g`` [N, T, H, W] (see the class docstring)."""
        was_training = classifier.training
        classifier.eval()
        losses = self.candidate_losses(z, h, labels, classifier)  # [N, T, K]
        classifier.train(was_training)
        direct = (pi_g.flatten(2) - self.eps * losses).argmax(-1, keepdim=True)  # [N, T, 1]
        z_direct = torch.zeros_like(losses).scatter_(-1, direct, 1.0)  # [N, T, K]
        return (z.flatten(2) - z_direct).view(z.shape) / self.eps

    def forward(self, z: torch.Tensor, pi_g: torch.Tensor, h: torch.Tensor,
                labels: torch.Tensor, classifier: nn.Module) -> torch.Tensor:
        """Surrogate loss of the sampled location ``z`` with perturbed logits ``pi_g``.

        Args:
            z (Tensor): sampled one-hot location per time step, [N, T, H, W].
            pi_g (Tensor): Gumbel-perturbed gaze logits that gave ``z`` (with grad), [N, T, H, W].
            h (Tensor): attended feature, [N, C, T, H, W].
            labels (Tensor): action labels, [N].
            classifier (nn.Module): maps (``z``, ``h``) to logits [N, num_classes].
        """
        g = self.gradient(z.detach(), pi_g.detach(), h.detach(), labels, classifier)
        return self.loss_weight * (g * pi_g).mean(0).sum()
