"""Hard attention of Gaze-Attention: one location per time step by the Gumbel-max trick."""
from typing import Tuple

import torch
from torch import nn

from hoi_plugins.registry import MODELS


@MODELS.register_module()
class GumbelArgmaxSampler(nn.Module):
    """Samples ``z = onehot(argmax(pi + Gumbel))`` over the H*W cells of every time step.

    ``z`` is a sample of ``softmax(pi)`` per time step. The official code samples in training
    and in testing; ``sample_in_test=False`` takes the plain argmax in eval mode instead.

    Args:
        eps (float): Guard of the Gumbel noise ``-log(eps - log(U + eps))``. Defaults to 1e-10.
        sample_in_test (bool): Add Gumbel noise in eval mode too (official). Defaults to True.
    """

    def __init__(self, eps: float = 1e-10, sample_in_test: bool = True) -> None:
        super().__init__()
        self.eps = eps
        self.sample_in_test = sample_in_test

    def forward(self, pi: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Gaze logits [N, T, H, W] -> one-hot ``z`` and perturbed ``pi_g``, both [N, T, H, W]."""
        flat = pi.flatten(2)  # [N, T, H * W]
        if self.training or self.sample_in_test:
            uniform = torch.rand_like(flat)
            flat = flat - torch.log(self.eps - torch.log(uniform + self.eps))  # [N, T, H * W]
        z = torch.zeros_like(flat).scatter_(-1, flat.argmax(-1, keepdim=True), 1.0)
        return z.view(pi.shape), flat.view(pi.shape)
