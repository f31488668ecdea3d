"""tools/convert_weights/hotspots.py on a state dict with the official key names and shapes."""
import argparse
import sys

import pytest
import torch

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS

from tests.helpers import load_script

convert = load_script('tools/convert_weights/hotspots.py')

NUM_VERBS = 7


def _bn(shapes: dict, prefix: str, channels: int) -> None:
    for name in ('weight', 'bias', 'running_mean', 'running_var'):
        shapes[f'{prefix}.{name}'] = (channels, )
    shapes[f'{prefix}.num_batches_tracked'] = ()


def official_shapes() -> dict:
    """Keys and shapes of ``frame_lstm(7, backbone=dr50_n28)``'s state dict (official code)."""
    shapes = {'backbone.rnet.conv1.weight': (64, 3, 7, 7)}
    _bn(shapes, 'backbone.rnet.bn1', 64)
    inplanes = 64
    for stage, (planes, blocks) in enumerate(zip((64, 128, 256, 512), (3, 4, 6, 3)), 1):
        for block in range(blocks):
            prefix = f'backbone.rnet.layer{stage}.{block}'
            shapes[f'{prefix}.conv1.weight'] = (planes, inplanes if block == 0 else planes * 4,
                                                1, 1)
            _bn(shapes, f'{prefix}.bn1', planes)
            shapes[f'{prefix}.conv2.weight'] = (planes, planes, 3, 3)
            _bn(shapes, f'{prefix}.bn2', planes)
            shapes[f'{prefix}.conv3.weight'] = (planes * 4, planes, 1, 1)
            _bn(shapes, f'{prefix}.bn3', planes * 4)
            if block == 0:
                shapes[f'{prefix}.downsample.0.weight'] = (planes * 4, inplanes, 1, 1)
                _bn(shapes, f'{prefix}.downsample.1', planes * 4)
        inplanes = planes * 4
    shapes.update({'rnn.weight_ih_l0': (8192, 2048), 'rnn.weight_hh_l0': (8192, 2048),
                   'rnn.bias_ih_l0': (8192, ), 'rnn.bias_hh_l0': (8192, ),
                   'fc.weight': (NUM_VERBS, 2048), 'fc.bias': (NUM_VERBS, ),
                   'h0': (1, 1, 2048), 'c0': (1, 1, 2048)})
    for index in (0, 3):
        shapes[f'project.{index}.weight'] = (2048, 2048, 3, 3)
        shapes[f'project.{index}.bias'] = (2048, )
        _bn(shapes, f'project.{index + 1}', 2048)
    return shapes


def official_state_dict() -> dict:
    # stride-0 views: the official shapes without the memory
    return {key: (torch.zeros((), dtype=torch.long) if key.endswith('num_batches_tracked')
                  else torch.ones(1).expand(*shape)) for key, shape in official_shapes().items()}


def paper_model_on_meta() -> torch.nn.Module:
    with torch.device('meta'):
        return MODELS.build(dict(
            type='HotspotsRecognizer', backbone=dict(type='DilatedResNet', depth=50),
            cls_head=dict(type='LSTMActionHead', num_classes=NUM_VERBS),
            anticipation=dict(type='AnticipationModule')))


def test_converted_official_state_dict_loads_strictly():
    converted = convert.convert_state_dict(official_state_dict())
    model = paper_model_on_meta()
    model.load_state_dict(converted, strict=True, assign=True)
    ours = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert ours['anticipation.project.4.running_var'] == (2048, )
    assert ours['backbone.layer4.2.conv3.conv.weight'] == (2048, 512, 1, 1)
    assert len(converted) == len(official_shapes())


def test_cli_reads_the_released_format_and_rejects_unknown_keys(tmp_path, monkeypatch):
    src, dst = tmp_path / 'ckpt_E_20.pth', tmp_path / 'converted.pth'
    net = {f'module.{k}': v for k, v in official_state_dict().items()}  # DataParallel names
    torch.save({'net': net, 'args': argparse.Namespace(dset='opra', lr=1e-4), 'epoch': 20}, src)
    monkeypatch.setattr(sys, 'argv', ['hotspots.py', str(src), str(dst)])
    convert.main()
    state_dict = torch.load(dst, weights_only=True)['state_dict']
    assert 'cls_head.h0' in state_dict and 'backbone.conv1.bn.running_mean' in state_dict
    with pytest.raises(KeyError, match='"extra.weight" is not part of the official'):
        convert.convert_state_dict({'extra.weight': torch.zeros(1)})
