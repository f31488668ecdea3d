"""Batches of Interaction Hotspots inputs: padded clips with lengths, inactive images."""
from typing import Dict, List, Sequence

import torch
from mmengine.model import BaseDataPreprocessor

from hoi_plugins.registry import MODELS

IMAGE_KEYS = ('inactive', 'negative')


@MODELS.register_module()
class HotspotsDataPreprocessor(BaseDataPreprocessor):
    """Normalise, pad and stack the per-sample ``inputs`` dicts of the hotspots pipelines.

    Each sample's ``inputs`` holds any of ``clip`` (``[T, 3, H, W]`` uint8, T >= 1 frames),
    ``inactive`` and ``negative`` (``[3, H, W]`` uint8). The batch is ``clip`` ``[N, T_max, 3,
    H, W]`` zero-padded after each clip (as the official ``ZeroPad``), ``lengths`` ``[N]``, and
    the stacked images, all normalised by ``mean`` and ``std`` (RGB).

    Args:
        mean (Sequence[float]): per-channel mean (RGB, 0-255). Defaults to ImageNet's.
        std (Sequence[float]): per-channel std (RGB, 0-255). Defaults to ImageNet's.
    """

    def __init__(self, mean: Sequence[float] = (123.675, 116.28, 103.53),
                 std: Sequence[float] = (58.395, 57.12, 57.375)) -> None:
        super().__init__()
        self.register_buffer('mean', torch.tensor(mean).view(3, 1, 1), False)
        self.register_buffer('std', torch.tensor(std).view(3, 1, 1), False)

    def _normalise(self, images: torch.Tensor) -> torch.Tensor:
        return (images.float() - self.mean) / self.std

    def forward(self, data: dict, training: bool = False) -> Dict[str, object]:
        """``dict(inputs=dict(clip, lengths, inactive, negative), data_samples)``.

        ``data['inputs']`` is a dict of per-sample lists (mmengine's ``pseudo_collate``) or a
        list of per-sample dicts.
        """
        data = self.cast_data(data)
        inputs = data['inputs']
        if isinstance(inputs, (list, tuple)):
            inputs = {key: [s[key] for s in inputs] for key in inputs[0]}
        batch: Dict[str, torch.Tensor] = {}
        if 'clip' in inputs:
            clips: List[torch.Tensor] = inputs['clip']
            lengths = [len(c) for c in clips]
            if min(lengths) < 1:
                raise ValueError('a clip in the batch has no frames')
            clip = clips[0].new_zeros(len(clips), max(lengths), *clips[0].shape[1:])
            for i, frames in enumerate(clips):
                clip[i, :lengths[i]] = frames
            padding = torch.arange(max(lengths), device=clip.device)[None] >= \
                torch.tensor(lengths, device=clip.device)[:, None]  # [N, T]
            batch['clip'] = self._normalise(clip).masked_fill(
                padding[..., None, None, None], 0)  # [N, T, 3, H, W]
            batch['lengths'] = torch.tensor(lengths, device=clip.device)
        for key in IMAGE_KEYS:
            if key in inputs:
                batch[key] = self._normalise(torch.stack(list(inputs[key])))  # [N, 3, H, W]
        return dict(inputs=batch, data_samples=data.get('data_samples'))
