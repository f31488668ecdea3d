"""The ``forward`` shared by our task models."""
from abc import abstractmethod

from mmengine.model import BaseModel


class ModeDispatchModel(BaseModel):
    """An mmengine model whose ``forward`` routes to ``loss``, ``predict`` or ``_forward``.

    The same dispatch as mmaction2's ``BaseRecognizer``, for models that do not fit its
    backbone + head constructor (TIN, Gaze-Attention, IntegralAction, Interaction Hotspots).
    """

    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        """``mode``: ``'loss'`` (dict of losses), ``'predict'`` (data samples with predictions)
        or ``'tensor'`` (the raw outputs of ``_forward``)."""
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self._forward(inputs, data_samples)
        raise RuntimeError(f'invalid mode "{mode}": use loss, predict or tensor')

    @abstractmethod
    def loss(self, inputs, data_samples):
        """Dict of losses of a batch."""

    @abstractmethod
    def predict(self, inputs, data_samples):
        """The data samples with their predictions."""

    @abstractmethod
    def _forward(self, inputs, data_samples=None):
        """The raw network outputs (no loss, no post-processing)."""
