"""Build the stage-3 (``rgb+pose``) initialisation of IntegralAction from stages 1 and 2.

    python tools/merge_stage_checkpoints.py RGB_ONLY.pth POSE_ONLY.pth OUT.pth

Keeps the stream each single-stream stage owns (``IntegralActionRecognizer``'s
``STREAM_OF_STAGE``: ``rgb_backbone.*`` of the ``rgb_only`` checkpoint, ``pose_backbone.*``,
Pose2Feat included, of the ``pose_only`` one); the fusion module and
the classifier start fresh, as in the official ``tool/merge_rgb_only_pose_only.py``. The output
holds only ``state_dict`` and ``meta`` (no optimiser state: stage 3 starts at epoch 0); give it to
the stage-3 config as ``load_from``.
"""
import argparse
import os.path as osp
from collections import OrderedDict
from typing import Dict

import torch

from hoi_plugins.models.recognizers.integral_action_recognizer import STREAM_OF_STAGE
from hoi_plugins.utils import load_checkpoint_safely


def stream_weights(path: str, prefix: str) -> Dict[str, torch.Tensor]:
    """The ``prefix*`` entries of a checkpoint's state dict (``module.`` wrappers removed)."""
    checkpoint = load_checkpoint_safely(path, map_location='cpu')
    state_dict = checkpoint.get('state_dict', checkpoint)
    weights = OrderedDict()
    for key, value in state_dict.items():
        key = key[len('module.'):] if key.startswith('module.') else key
        if key.startswith(prefix):
            weights[key] = value
    if not weights:
        raise KeyError(f'{path}: no "{prefix}*" weights; is it a checkpoint of the matching '
                       f'single-stream stage? (first keys: {list(state_dict)[:3]})')
    return weights


def merge_stage_checkpoints(rgb_only: str, pose_only: str) -> Dict:
    """The merged checkpoint ``dict(state_dict=..., meta=...)``."""
    merged = stream_weights(rgb_only, STREAM_OF_STAGE['rgb_only'] + '.')
    merged.update(stream_weights(pose_only, STREAM_OF_STAGE['pose_only'] + '.'))
    meta = dict(merged_from=dict(rgb_only=osp.abspath(rgb_only),
                                 pose_only=osp.abspath(pose_only)))
    return dict(state_dict=merged, meta=meta)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('rgb_only', help='checkpoint of stage 1 (mode rgb_only)')
    parser.add_argument('pose_only', help='checkpoint of stage 2 (mode pose_only)')
    parser.add_argument('out', help='output checkpoint, the load_from of stage 3')
    return parser.parse_args()


def main():
    args = parse_args()
    merged = merge_stage_checkpoints(args.rgb_only, args.pose_only)
    out_dir = osp.dirname(osp.abspath(args.out))
    if not osp.isdir(out_dir):
        raise FileNotFoundError(f'output folder {out_dir} does not exist')
    torch.save(merged, args.out)
    num_rgb = sum(k.startswith(STREAM_OF_STAGE['rgb_only'] + '.') for k in merged['state_dict'])
    print(f'{args.out}: {num_rgb} RGB-stream and {len(merged["state_dict"]) - num_rgb} '
          'pose-stream tensors')


if __name__ == '__main__':
    main()
