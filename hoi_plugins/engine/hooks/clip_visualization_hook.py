"""mmaction2's ``VisualizationHook`` for clip inputs packed as ``NCTHW``."""
from typing import Optional, Sequence

import torch
from mmaction.engine.hooks import VisualizationHook
from mmaction.structures import ActionDataSample

from hoi_plugins.registry import HOOKS


@HOOKS.register_module()
class ClipVisualizationHook(VisualizationHook):
    """Draw the first clip of each sample, so ``--show-dir`` works with ``NCTHW`` inputs.

    mmaction2's hook expects one ``[C, T, H, W]`` video per sample; ``FormatShape('NCTHW')``
    packs ``[num_clips, C, T, H, W]``. Samples that are already 4-D pass through unchanged.
    Also passes ``show`` on as ``show_frames``, the name ``ActionVisualizer.add_datasample``
    takes (mmaction2 1.2.0's hook passes ``show``, which the visualizer rejects).

    Args:
        enable (bool): whether to draw. Defaults to False.
        interval (int): draw every ``interval`` samples. Defaults to 5000.
        show (bool): show the frames in a window. Defaults to False.
        out_dir (str, optional): where to write the drawn clips. Defaults to None.
        **draw_args: further arguments of ``ActionVisualizer.add_datasample``.
    """

    def __init__(self, enable: bool = False, interval: int = 5000, show: bool = False,
                 out_dir: Optional[str] = None, **draw_args) -> None:
        super().__init__(enable=enable, interval=interval, show=show, out_dir=out_dir,
                         **draw_args)
        self.draw_args = {**draw_args, 'show_frames': show}

    def _draw_samples(self, batch_idx: int, data_batch: dict,
                      data_samples: Sequence[ActionDataSample], step: int = 0) -> None:
        if not self.enable:
            return
        if not isinstance(data_batch['inputs'], (list, tuple, torch.Tensor)):
            raise TypeError('--show/--show-dir draw clip tensors, but this model takes '
                            f'{type(data_batch["inputs"]).__name__} inputs; use its demo '
                            'in demo/ to visualise it')
        videos = [video[0] if video.dim() == 5 else video for video in data_batch['inputs']]
        super()._draw_samples(batch_idx, dict(data_batch, inputs=videos), data_samples, step)
