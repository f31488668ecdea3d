"""ModeDispatchModel: the dispatch of ``forward`` and its annotated public API."""
import inspect

import pytest
import torch

from hoi_plugins.models.mode_dispatch_model import ModeDispatchModel


class Recorder(ModeDispatchModel):

    def loss(self, inputs, data_samples):
        return dict(loss=inputs.sum())

    def predict(self, inputs, data_samples):
        return ['predicted', data_samples]

    def _forward(self, inputs, data_samples=None):
        return inputs * 2


def test_forward_routes_each_mode():
    model, inputs = Recorder(), torch.ones(2)
    assert model(inputs, ['s'], mode='loss')['loss'].item() == 2
    assert model(inputs, ['s'], mode='predict') == ['predicted', ['s']]
    assert torch.equal(model(inputs), torch.full((2, ), 2.0))  # 'tensor' is the default
    with pytest.raises(RuntimeError, match='invalid mode "train"'):
        model(inputs, mode='train')


@pytest.mark.parametrize('name', ['forward', 'loss', 'predict', '_forward'])
def test_public_api_is_annotated(name):
    signature = inspect.signature(getattr(ModeDispatchModel, name))
    unannotated = [p.name for p in signature.parameters.values()
                   if p.name != 'self' and p.annotation is inspect.Parameter.empty]
    assert not unannotated and signature.return_annotation is not inspect.Signature.empty
