"""The ``forward`` shared by our task models."""
from abc import abstractmethod
from typing import Dict, List, Optional, Sequence, Union

import torch
from mmengine.model import BaseModel
from mmengine.structures import BaseDataElement

# What a data preprocessor hands a model: one tensor, a list of them (one per image of
# another size) or a dict of named streams (e.g. ``imgs`` and ``heatmap_imgs``).
ModelInputs = Union[torch.Tensor, Sequence[torch.Tensor], Dict[str, torch.Tensor]]
DataSamples = Optional[List[BaseDataElement]]
# ``loss``: named losses; ``predict``: the data samples with predictions; ``tensor``: the raw
# outputs, a tensor or a tuple / dict of them.
ForwardResults = Union[Dict[str, torch.Tensor], List[BaseDataElement], torch.Tensor,
                       tuple, dict]


class ModeDispatchModel(BaseModel):
    """An mmengine model whose ``forward`` routes to ``loss``, ``predict`` or ``_forward``.

    The same dispatch as mmaction2's ``BaseRecognizer``, for models that do not fit its
    backbone + head constructor (TIN, Gaze-Attention, IntegralAction, Interaction Hotspots).
    """

    def forward(self, inputs: ModelInputs, data_samples: DataSamples = None,
                mode: str = 'tensor') -> ForwardResults:
        """Run the model in one of three modes.

        Args:
            inputs (torch.Tensor | Sequence[torch.Tensor] | dict[str, torch.Tensor]): the
                batch from the data preprocessor, e.g. ``[B, C, T, H, W]`` clips.
            data_samples (list[BaseDataElement], optional): the batch's annotations and
                meta information. Defaults to None.
            mode (str): ``'loss'`` (dict of losses), ``'predict'`` (data samples with
                predictions) or ``'tensor'`` (the raw outputs of ``_forward``). Defaults to
                ``'tensor'``.
        """
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self._forward(inputs, data_samples)
        raise RuntimeError(f'invalid mode "{mode}": use loss, predict or tensor')

    @abstractmethod
    def loss(self, inputs: ModelInputs, data_samples: DataSamples) -> Dict[str, torch.Tensor]:
        """Dict of losses of a batch."""

    @abstractmethod
    def predict(self, inputs: ModelInputs, data_samples: DataSamples) -> List[BaseDataElement]:
        """The data samples with their predictions."""

    @abstractmethod
    def _forward(self, inputs: ModelInputs, data_samples: DataSamples = None) -> ForwardResults:
        """The raw network outputs (no loss, no post-processing)."""
