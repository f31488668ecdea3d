"""Mean pose-gate weight of an IntegralAction ``rgb+pose`` model per ground-truth class.

    python tools/analysis/integral_action_gate.py CONFIG CHECKPOINT [--cfg-options ...]

Runs the config's test dataloader and prints, per class, the average of the gate ``g`` (the
weight of the pose feature, ``1 - g`` that of the RGB feature) over frames, channels and clips:
classes whose pose is uninformative should get a lower weight.
"""
import argparse
from collections import defaultdict

import numpy as np
import torch
from mmengine.config import DictAction
from mmengine.registry import DefaultScope
from mmengine.runner import Runner, load_checkpoint

from hoi_plugins.registry import MODELS
from hoi_plugins.utils.run_config import merged_config


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={})
    args = parser.parse_args()
    cfg = merged_config(args.config, args.cfg_options)
    if cfg.model.mode != 'rgb+pose':
        raise ValueError(f'{args.config}: mode {cfg.model.mode!r} has no gate (rgb+pose only)')
    DefaultScope.get_instance('integral_action_gate', scope_name=cfg.default_scope)
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    gates = defaultdict(list)
    loader = Runner.build_dataloader(cfg.test_dataloader)
    with torch.no_grad():
        for batch in loader:
            for sample in model.test_step(batch):
                gates[sample.gt_label.item()].append(float(sample.pose_gate))
    for label in sorted(gates):
        print(f'class {label}: pose weight {np.mean(gates[label]):.3f} '
              f'({len(gates[label])} videos)')


if __name__ == '__main__':
    main()
