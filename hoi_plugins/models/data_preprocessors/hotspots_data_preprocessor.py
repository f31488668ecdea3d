"""Batches of Interaction Hotspots inputs: padded clips with lengths, inactive images."""
from typing import Dict, List, Optional, Sequence

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
        """``dict(inputs=dict(clip, lengths, inactive, negative), data_samples)``."""
        data = self.cast_data(data)
        samples: List[dict] = data['inputs']
        batch: Dict[str, torch.Tensor] = {}
        if all('clip' in s for s in samples):
            lengths = [len(s['clip']) for s in samples]
            if min(lengths) < 1:
                raise ValueError('a clip in the batch has no frames')
            clip = samples[0]['clip'].new_zeros(len(samples), max(lengths),
                                                *samples[0]['clip'].shape[1:])
            for i, sample in enumerate(samples):
                clip[i, :lengths[i]] = sample['clip']
            padding = torch.arange(max(lengths), device=clip.device)[None] >= \
                torch.tensor(lengths, device=clip.device)[:, None]  # [N, T]
            batch['clip'] = self._normalise(clip).masked_fill(
                padding[..., None, None, None], 0)  # [N, T, 3, H, W]
            batch['lengths'] = torch.tensor(lengths, device=clip.device)
        for key in IMAGE_KEYS:
            if all(key in s for s in samples):
                batch[key] = self._normalise(torch.stack([s[key] for s in samples]))
        data_samples: Optional[list] = data.get('data_samples')
        return dict(inputs=batch, data_samples=data_samples)
