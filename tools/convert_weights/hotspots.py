"""Convert a released Interaction Hotspots checkpoint into one of HotspotsRecognizer.

The official ``train.py`` saves ``{'net': state_dict, 'args': argparse.Namespace, 'epoch'}``
of ``frame_lstm`` with the ``dr50_n28`` backbone; its keys are ``backbone.rnet.*`` (torchvision
ResNet-50 names), ``rnn.*`` (the LSTM), ``fc.*``, ``project.{0,1,3,4}.*`` and ``h0``/``c0``.

    python tools/convert_weights/hotspots.py OFFICIAL.pth OUT.pth
"""
import argparse
import re
from collections import OrderedDict
from pathlib import Path
from typing import Dict

import torch

from hoi_plugins.utils import load_checkpoint_safely

# official torchvision-style ResNet names -> mmaction2 ResNet (ConvModule) names
_RESNET_RULES = (
    (re.compile(r'^conv1\.weight$'), 'conv1.conv.weight'),
    (re.compile(r'^bn1\.(.+)$'), r'conv1.bn.\1'),
    (re.compile(r'^(layer\d\.\d+)\.conv(\d)\.weight$'), r'\1.conv\2.conv.weight'),
    (re.compile(r'^(layer\d\.\d+)\.bn(\d)\.(.+)$'), r'\1.conv\2.bn.\3'),
    (re.compile(r'^(layer\d\.\d+)\.downsample\.0\.weight$'), r'\1.downsample.conv.weight'),
    (re.compile(r'^(layer\d\.\d+)\.downsample\.1\.(.+)$'), r'\1.downsample.bn.\2'),
)
_TOP_LEVEL = {'rnn': 'cls_head.rnn', 'fc': 'cls_head.fc', 'project': 'anticipation.project',
              'h0': 'cls_head.h0', 'c0': 'cls_head.c0'}


def convert_key(key: str, source: str = '<state dict>') -> str:
    """Our name of one official key (``module.`` prefixes of DataParallel are dropped)."""
    name = key[len('module.'):] if key.startswith('module.') else key
    if name.startswith('backbone.rnet.'):
        inner = name[len('backbone.rnet.'):]
        for pattern, replacement in _RESNET_RULES:
            if pattern.match(inner):
                return 'backbone.' + pattern.sub(replacement, inner)
    else:
        head, dot, rest = name.partition('.')
        if head in _TOP_LEVEL:
            return _TOP_LEVEL[head] + dot + rest
    raise KeyError(f'{source}: key "{key}" is not part of the official frame_lstm model')


def convert_state_dict(state_dict: Dict[str, torch.Tensor],
                       source: str = '<state dict>') -> 'OrderedDict[str, torch.Tensor]':
    """Rename every key of the official ``net`` state dict to HotspotsRecognizer's."""
    return OrderedDict((convert_key(key, source), value) for key, value in state_dict.items())


def load_official(path: str) -> Dict[str, torch.Tensor]:
    """The ``net`` state dict of a released checkpoint (``args`` is an argparse Namespace)."""
    with torch.serialization.safe_globals([argparse.Namespace]):
        checkpoint = load_checkpoint_safely(path, map_location='cpu')
    if 'net' not in checkpoint:
        raise KeyError(f'{path}: no "net" state dict (found: {", ".join(map(str, checkpoint))})')
    return checkpoint['net']


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='released checkpoint ({"net", "args", "epoch"})')
    parser.add_argument('dst', help='output checkpoint for HotspotsRecognizer')
    args = parser.parse_args()
    state_dict = convert_state_dict(load_official(args.src), args.src)
    Path(args.dst).parent.mkdir(parents=True, exist_ok=True)
    torch.save(dict(state_dict=state_dict, meta=dict(converted_from=str(args.src))), args.dst)
    print(f'wrote {len(state_dict)} tensors to {args.dst}')


if __name__ == '__main__':
    main()
