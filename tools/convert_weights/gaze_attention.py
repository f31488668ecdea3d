"""Convert the released Gaze-Attention weights into one checkpoint of GazeAttentionRecognizer.

The official code saves three ``DataParallel`` state dicts (keys prefixed ``module.``):
``*_base.pt`` (``model_rgb.*`` and ``model_flow.*``, two Inception I3D), ``*_gaze.pt``
(``Mixed_5b``, ``Mixed_5c``, ``g1``, ``b1``, ``g2``, ``b2``, ``g3``) and ``*_attn.pt`` (``fc``,
``fc_f``). ``i3d_both_base.pt`` (the two-stream initialisation) has only the base.

    python tools/convert_weights/gaze_attention.py --base i3d_iga_best1_base.pt \
        --gaze i3d_iga_best1_gaze.pt --attn i3d_iga_best1_attn.pt \
        --out checkpoints/gaze_attention/i3d_iga_best1.pth
    python tools/convert_weights/gaze_attention.py --base i3d_both_base.pt \
        --out checkpoints/gaze_attention/i3d_both_base.pth
"""
import argparse
from collections import OrderedDict
from pathlib import Path
from typing import Dict, Optional

import torch

from hoi_plugins.utils import load_checkpoint_safely

# official top-level name -> our module path, per released file
RENAMES = {
    'base': {'model_rgb': 'backbone', 'model_flow': 'flow_backbone'},
    'gaze': {'Mixed_5b': 'gaze_head.mixed_blocks.0', 'Mixed_5c': 'gaze_head.mixed_blocks.1',
             'g1': 'gaze_head.conv1', 'b1': 'gaze_head.bn1', 'g2': 'gaze_head.conv2',
             'b2': 'gaze_head.bn2', 'g3': 'gaze_head.conv_logits'},
    'attn': {'fc': 'cls_head.fc_attention', 'fc_f': 'cls_head.fc_cls'},
}


def convert_state_dict(state_dict: Dict[str, torch.Tensor], part: str,
                       source: str = '<state dict>') -> 'OrderedDict[str, torch.Tensor]':
    """Rename the keys of one released file (``part`` in base/gaze/attn) to ours."""
    renames = RENAMES[part]
    converted = OrderedDict()
    for key, value in state_dict.items():
        name = key[len('module.'):] if key.startswith('module.') else key
        head, _, rest = name.partition('.')
        if head not in renames or not rest:
            raise KeyError(f'{source}: key "{key}" is not part of the official {part} module '
                           f'(expected one of {sorted(renames)})')
        converted[f'{renames[head]}.{rest}'] = value
    return converted


def convert_files(base: Optional[str] = None, gaze: Optional[str] = None,
                  attn: Optional[str] = None) -> 'OrderedDict[str, torch.Tensor]':
    """One state dict of GazeAttentionRecognizer from any of the three released files."""
    state_dict = OrderedDict()
    for part, path in (('base', base), ('gaze', gaze), ('attn', attn)):
        if path is None:
            continue
        loaded = load_checkpoint_safely(path, map_location='cpu')
        loaded = loaded.get('state_dict', loaded)
        state_dict.update(convert_state_dict(loaded, part, path))
    if not state_dict:
        raise ValueError('give at least one of --base, --gaze, --attn')
    return state_dict


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--base', help='i3d_both_base.pt or i3d_iga_best1_base.pt')
    parser.add_argument('--gaze', help='i3d_iga_best1_gaze.pt')
    parser.add_argument('--attn', help='i3d_iga_best1_attn.pt')
    parser.add_argument('--out', required=True, help='output checkpoint (.pth)')
    return parser.parse_args()


def main():
    args = parse_args()
    state_dict = convert_files(args.base, args.gaze, args.attn)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sources = dict(base=args.base, gaze=args.gaze, attn=args.attn)
    torch.save(dict(state_dict=state_dict, meta=dict(converted_from=sources)), out)
    print(f'{len(state_dict)} tensors -> {out}')


if __name__ == '__main__':
    main()
