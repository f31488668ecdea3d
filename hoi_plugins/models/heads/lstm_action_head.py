"""LSTM action recogniser over L2-pooled frame maps (Interaction Hotspots)."""
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from hoi_plugins.registry import MODELS


def l2_pool(maps: torch.Tensor) -> torch.Tensor:
    """L2 pooling of ``[N, C, h, w]`` over the whole map: ``sqrt(sum x^2)`` -> ``[N, C]``."""
    return F.lp_pool2d(maps, 2, maps.shape[-2:]).flatten(1)


@MODELS.register_module()
class LSTMActionHead(nn.Module):
    """One-layer LSTM over L2-pooled frame maps; the last hidden state gives the action logits.

    The initial states ``h0``/``c0`` are learned (xavier-normal with ReLU gain), clips of
    different lengths are packed by their true length.

    Args:
        num_classes (int): number of actions (verbs).
        in_channels (int): channels of the frame maps. Defaults to 2048.
        hidden_size (int): LSTM hidden size. Defaults to 2048.
        loss_weight (float): weight of the clip classification loss. Defaults to 1.0.
    """

    def __init__(self, num_classes: int, in_channels: int = 2048, hidden_size: int = 2048,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.loss_weight = loss_weight
        self.rnn = nn.LSTM(in_channels, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)
        gain = nn.init.calculate_gain('relu')
        self.h0 = nn.Parameter(nn.init.xavier_normal_(torch.zeros(1, 1, hidden_size), gain))
        self.c0 = nn.Parameter(nn.init.xavier_normal_(torch.zeros(1, 1, hidden_size), gain))

    def initial_state(self, batch: int) -> Tuple[torch.Tensor, torch.Tensor]:
        """The learned ``(h0, c0)``, each ``[1, batch, hidden]``."""
        return (self.h0.expand(-1, batch, -1).contiguous(),
                self.c0.expand(-1, batch, -1).contiguous())

    def forward(self, frame_maps: torch.Tensor,
                lengths: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Clip logits ``[N, K]`` and per-step logits ``[N, T, K]`` (padded steps: ``fc(0)``).

        Args:
            frame_maps (torch.Tensor): ``[N, T, C, h, w]``, padded after each clip's length.
            lengths (torch.Tensor): ``[N]`` true number of frames, at least 1.
        """
        batch, steps = frame_maps.shape[:2]
        pooled = l2_pool(frame_maps.flatten(0, 1)).view(batch, steps, -1)  # [N, T, C]
        packed = pack_padded_sequence(pooled, lengths.cpu(), batch_first=True,
                                      enforce_sorted=False)
        outputs, (hidden, _) = self.rnn(packed, self.initial_state(batch))
        outputs, _ = pad_packed_sequence(outputs, batch_first=True,
                                         total_length=steps)  # [N, T, hidden]
        return self.fc(hidden[-1]), self.fc(outputs)  # [N, K], [N, T, K]

    def classify_pooled(self, pooled: torch.Tensor) -> torch.Tensor:
        """Logits ``[N, K]`` of single pooled features ``[N, C]`` seen as one-step clips."""
        _, (hidden, _) = self.rnn(pooled.unsqueeze(1), self.initial_state(len(pooled)))
        return self.fc(hidden[-1])  # [N, K]

    def loss(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Weighted cross-entropy of the clip logits."""
        return self.loss_weight * F.cross_entropy(logits, labels)
