"""Save the weights of a freshly initialised model (the "untrained" baseline of a config).

    python tools/analysis/tin_untrained_checkpoint.py \
        configs/tin/tin_r18-16c_12e_hico-det-synthetic.py OUT.pth [--seed 0]
"""
import argparse

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import set_random_seed

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.registry import MODELS


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('out')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'hoi_plugins'))
    set_random_seed(args.seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    torch.save(dict(meta=dict(seed=args.seed, untrained=True), state_dict=model.state_dict()),
               args.out)
    print(f'untrained weights of {args.config} -> {args.out}')


if __name__ == '__main__':
    main()
