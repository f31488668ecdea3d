"""Convert a released IntegralAction checkpoint (mks0601/IntegralAction_RELEASE) to ours.

    python tools/convert_weights/integral_action.py snapshot_29.pth.tar OUT.pth [--mode rgb+pose]

The official checkpoint is ``{'epoch', 'network', 'optimizer'}`` with a ``DataParallel`` state
dict (``module.img_backbone.*``, ``module.pose_backbone.*``, ``module.pose2feat.conv.{0,1}.*``,
``module.aggregator.*``, ``module.classifier.fc.0.*``). Key mapping onto
``IntegralActionRecognizer`` (``ResNetTSM`` / ``PoseResNetTSM`` / ``PoseDrivenIntegration`` /
``TSMHead``):

- ``img_backbone.conv1`` / ``bn1`` -> ``rgb_backbone.conv1.conv`` / ``conv1.bn``;
  ``layerX.Y.convK`` / ``bnK`` -> ``layerX.Y.convK.conv`` / ``convK.bn`` (``conv1.conv.net``
  where mmaction2's temporal shift wraps the conv); ``downsample.0`` / ``.1`` ->
  ``downsample.conv`` / ``.bn``.
- ``pose_backbone.*`` likewise, without its unused stem; ``pose2feat.conv.0`` / ``.1`` ->
  ``pose_backbone.pose2feat.conv`` / ``.bn``.
- ``aggregator.pose_gate_fc.0`` -> ``fusion.gate_fc``; ``img_conv.0/1`` ->
  ``fusion.rgb_proj.conv/bn``; ``img_norm`` -> ``fusion.rgb_norm``; ``pose_conv`` /
  ``pose_norm`` likewise; the temporal conv (unused with ``pose_frame_factor=1``) is dropped.
- ``classifier.fc.0`` -> ``cls_head.fc_cls``.

The official ``tsm()`` (``common/nets/tsm/tsm_util.py`` L6-22) gives channel quarter 1 of each
block input the *previous* frame and quarter 2 the *next* one; mmaction2's ``TemporalShift`` does
the opposite. The converter therefore swaps quarters 1 and 2 of every feature that enters a
shifted block: the output channels of each stem (``conv1``/``bn1``, ``pose2feat``) and of each
block's last conv/BN and downsample, the input channels of each block's first conv and
downsample, and the input channels of what reads the last feature (the fusion's two projections
and gate, or the classifier of a single-stream model). The converted model then computes the
official features up to this fixed channel order and gives the official outputs with the frames
in their natural order.
"""
import argparse
import re
from collections import OrderedDict
from typing import Dict, Optional, Tuple

import torch

from hoi_plugins.utils import load_checkpoint_safely

MODE_PARTS = {'rgb_only': ('img_backbone', 'classifier'),
              'pose_only': ('pose_backbone', 'pose2feat', 'classifier'),
              'rgb+pose': ('img_backbone', 'pose_backbone', 'pose2feat', 'aggregator',
                           'classifier')}
_BN = r'(weight|bias|running_mean|running_var|num_batches_tracked)'
_BLOCK = r'(layer\d+\.\d+)'
# (official key pattern, our key template), tried in order; see the module docstring.
KEY_RULES = []
for _official, _ours in (('img_backbone', 'rgb_backbone'), ('pose_backbone', 'pose_backbone')):
    KEY_RULES += [
        (rf'{_official}\.conv1\.weight', f'{_ours}.conv1.conv.weight'),
        (rf'{_official}\.bn1\.{_BN}', rf'{_ours}.conv1.bn.\1'),
        # mmaction2's temporal shift wraps each block's first conv
        (rf'{_official}\.{_BLOCK}\.conv1\.weight', rf'{_ours}.\1.conv1.conv.net.weight'),
        (rf'{_official}\.{_BLOCK}\.conv([23])\.weight', rf'{_ours}.\1.conv\2.conv.weight'),
        (rf'{_official}\.{_BLOCK}\.bn(\d)\.{_BN}', rf'{_ours}.\1.conv\2.bn.\3'),
        (rf'{_official}\.{_BLOCK}\.downsample\.0\.weight', rf'{_ours}.\1.downsample.conv.weight'),
        (rf'{_official}\.{_BLOCK}\.downsample\.1\.{_BN}', rf'{_ours}.\1.downsample.bn.\2'),
    ]
for _official, _ours in (('img', 'rgb'), ('pose', 'pose')):
    KEY_RULES += [
        (rf'aggregator\.{_official}_conv\.0\.(weight|bias)', rf'fusion.{_ours}_proj.conv.\1'),
        (rf'aggregator\.{_official}_conv\.1\.{_BN}', rf'fusion.{_ours}_proj.bn.\1'),
        (rf'aggregator\.{_official}_norm\.(weight|bias)', rf'fusion.{_ours}_norm.\1'),
    ]
KEY_RULES += [
    (r'pose2feat\.conv\.0\.(weight|bias)', r'pose_backbone.pose2feat.conv.\1'),
    (rf'pose2feat\.conv\.1\.{_BN}', r'pose_backbone.pose2feat.bn.\1'),
    (r'aggregator\.pose_gate_fc\.0\.(weight|bias)', r'fusion.gate_fc.\1'),
    (r'classifier\.fc\.0\.(weight|bias)', r'cls_head.fc_cls.\1'),
]
# the pose stream's stem (skipped by skip_early=True) and the temporal conv of the
# aggregator (unused with pose_frame_factor=1)
UNUSED_KEYS = (r'pose_backbone\.(conv1|bn1)\.', r'aggregator\.pose_temporal_conv\.')


_STATS = r'(weight|bias|running_mean|running_var)'


def shifted_channel_dims(key: str, mode: str, last_conv: int) -> Tuple[int, ...]:
    """Dimensions of an official tensor that index the channels of a temporally shifted
    feature (a stem or block output, i.e. a block input), see the module docstring.

    Args:
        key (str): official key without ``module.``.
        mode (str): the stage; the classifier reads the last block only in single streams.
        last_conv (int): number of the last conv of a residual block (2 basic, 3 bottleneck).
    """
    stream = r'(img_backbone|pose_backbone)'
    block = rf'{stream}\.layer\d+\.\d+'
    rules = [
        (rf'{stream}\.(conv1\.weight|bn1\.{_STATS})', (0, )),
        (rf'pose2feat\.conv\.(0\.(weight|bias)|1\.{_STATS})', (0, )),
        (rf'{block}\.conv1\.weight', (1, )),
        (rf'{block}\.(conv{last_conv}\.weight|bn{last_conv}\.{_STATS})', (0, )),
        (rf'{block}\.downsample\.0\.weight', (0, 1)),
        (rf'{block}\.downsample\.1\.{_STATS}', (0, )),
        (r'aggregator\.(img_conv\.0|pose_conv\.0|pose_gate_fc\.0)\.weight', (1, )),
    ]
    if mode != 'rgb+pose':
        rules.append((r'classifier\.fc\.0\.weight', (1, )))
    for pattern, dims in rules:
        if re.fullmatch(pattern, key):
            return dims
    return ()


def swap_shifted_quarters(tensor: torch.Tensor, dim: int) -> torch.Tensor:
    """Swap channel quarters 1 and 2 of ``tensor`` along ``dim`` (the official ``tsm()``
    shifts them the other way round than mmaction2's ``TemporalShift``)."""
    channels = tensor.shape[dim]
    quarter = channels // 4
    order = torch.cat([torch.arange(quarter, 2 * quarter), torch.arange(quarter),
                       torch.arange(2 * quarter, channels)])
    return tensor.index_select(dim, order)


def convert_key(key: str) -> Optional[str]:
    """Our key for an official key (without ``module.``), or None for an unused tensor."""
    if any(re.match(pattern, key) for pattern in UNUSED_KEYS):
        return None
    for pattern, template in KEY_RULES:
        match = re.fullmatch(pattern, key)
        if match:
            return match.expand(template)
    raise KeyError(f'unknown official key {key!r}')


def convert_state_dict(official: Dict[str, torch.Tensor], mode: str = 'rgb+pose'
                       ) -> Dict[str, torch.Tensor]:
    """Map an official state dict onto an ``IntegralActionRecognizer`` of ``mode``, with the
    shifted channel groups reordered for mmaction2's ``TemporalShift``."""
    if mode not in MODE_PARTS:
        raise ValueError(f'mode must be one of {tuple(MODE_PARTS)}, got {mode!r}')
    official = {(k[len('module.'):] if k.startswith('module.') else k): v
                for k, v in official.items()}
    last_conv = 3 if any(re.search(r'\.layer\d+\.\d+\.conv3\.', k) for k in official) else 2
    converted = OrderedDict()
    for key, value in official.items():
        if key.split('.', 1)[0] not in MODE_PARTS[mode]:
            continue
        new_key = convert_key(key)
        if new_key is None:
            continue
        for dim in shifted_channel_dims(key, mode, last_conv):
            value = swap_shifted_quarters(value, dim)
        converted[new_key] = value
    return converted


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='official checkpoint (snapshot_*.pth.tar)')
    parser.add_argument('dst', help='output checkpoint')
    parser.add_argument('--mode', default='rgb+pose', choices=tuple(MODE_PARTS),
                        help='the stage the checkpoint was trained in (default rgb+pose)')
    return parser.parse_args()


def main():
    args = parse_args()
    checkpoint = load_checkpoint_safely(args.src, map_location='cpu')
    official = checkpoint.get('network', checkpoint)
    state_dict = convert_state_dict(official, args.mode)
    torch.save(dict(state_dict=state_dict, meta=dict(converted_from=args.src, mode=args.mode)),
               args.dst)
    print(f'{args.dst}: {len(state_dict)} tensors ({args.mode})')


if __name__ == '__main__':
    main()
