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

The official ``tsm()`` gives the first quarter of the channels the *previous* frame and the
second quarter the *next* one; mmaction2's ``TemporalShift`` does the opposite. Time-averaged
heads make the model with converted weights exact when the frames of each clip are fed in
reverse order: set ``SampleStridedClips(..., reverse_time=True)`` in the test pipeline.
"""
import argparse
import re
from collections import OrderedDict
from typing import Dict

import torch

from hoi_plugins.utils import load_checkpoint_safely

MODE_PARTS = {'rgb_only': ('img_backbone', 'classifier'),
              'pose_only': ('pose_backbone', 'pose2feat', 'classifier'),
              'rgb+pose': ('img_backbone', 'pose_backbone', 'pose2feat', 'aggregator',
                           'classifier')}
_BN_FIELDS = r'(weight|bias|running_mean|running_var|num_batches_tracked)'


def convert_backbone_key(rest: str, prefix: str) -> str:
    """``layer1.0.conv1.weight`` etc. of a torchvision-style TSM ResNet -> ours."""
    if re.fullmatch(r'conv1\.weight', rest):
        return f'{prefix}.conv1.conv.weight'
    match = re.fullmatch(r'bn1\.' + _BN_FIELDS, rest)
    if match:
        return f'{prefix}.conv1.bn.{match.group(1)}'
    match = re.fullmatch(r'(layer\d+\.\d+)\.conv(\d)\.weight', rest)
    if match:
        wrapped = '.net' if match.group(2) == '1' else ''
        return f'{prefix}.{match.group(1)}.conv{match.group(2)}.conv{wrapped}.weight'
    match = re.fullmatch(r'(layer\d+\.\d+)\.bn(\d)\.' + _BN_FIELDS, rest)
    if match:
        return f'{prefix}.{match.group(1)}.conv{match.group(2)}.bn.{match.group(3)}'
    match = re.fullmatch(r'(layer\d+\.\d+)\.downsample\.0\.weight', rest)
    if match:
        return f'{prefix}.{match.group(1)}.downsample.conv.weight'
    match = re.fullmatch(r'(layer\d+\.\d+)\.downsample\.1\.' + _BN_FIELDS, rest)
    if match:
        return f'{prefix}.{match.group(1)}.downsample.bn.{match.group(2)}'
    raise KeyError(f'unknown backbone key {rest!r}')


def convert_key(key: str):
    """Our key for an official key, or None for a tensor we do not use."""
    part, rest = key.split('.', 1)
    if part == 'img_backbone':
        return convert_backbone_key(rest, 'rgb_backbone')
    if part == 'pose_backbone':
        if re.match(r'(conv1|bn1)\.', rest):
            return None  # the stem skipped by skip_early=True
        return convert_backbone_key(rest, 'pose_backbone')
    if part == 'pose2feat':
        match = re.fullmatch(r'conv\.0\.(weight|bias)', rest)
        if match:
            return f'pose_backbone.pose2feat.conv.{match.group(1)}'
        match = re.fullmatch(r'conv\.1\.' + _BN_FIELDS, rest)
        if match:
            return f'pose_backbone.pose2feat.bn.{match.group(1)}'
    if part == 'aggregator':
        if rest.startswith('pose_temporal_conv.'):
            return None
        match = re.fullmatch(r'pose_gate_fc\.0\.(weight|bias)', rest)
        if match:
            return f'fusion.gate_fc.{match.group(1)}'
        match = re.fullmatch(r'(img|pose)_conv\.0\.(weight|bias)', rest)
        if match:
            return f'fusion.{match.group(1).replace("img", "rgb")}_proj.conv.{match.group(2)}'
        match = re.fullmatch(r'(img|pose)_conv\.1\.' + _BN_FIELDS, rest)
        if match:
            return f'fusion.{match.group(1).replace("img", "rgb")}_proj.bn.{match.group(2)}'
        match = re.fullmatch(r'(img|pose)_norm\.(weight|bias)', rest)
        if match:
            return f'fusion.{match.group(1).replace("img", "rgb")}_norm.{match.group(2)}'
    if part == 'classifier':
        match = re.fullmatch(r'fc\.0\.(weight|bias)', rest)
        if match:
            return f'cls_head.fc_cls.{match.group(1)}'
    raise KeyError(f'unknown official key {key!r}')


def convert_state_dict(official: Dict[str, torch.Tensor], mode: str = 'rgb+pose'
                       ) -> Dict[str, torch.Tensor]:
    """Map an official state dict onto an ``IntegralActionRecognizer`` of ``mode``."""
    if mode not in MODE_PARTS:
        raise ValueError(f'mode must be one of {tuple(MODE_PARTS)}, got {mode!r}')
    converted = OrderedDict()
    for key, value in official.items():
        key = key[len('module.'):] if key.startswith('module.') else key
        if key.split('.', 1)[0] not in MODE_PARTS[mode]:
            continue
        new_key = convert_key(key)
        if new_key is not None:
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
