"""Save the weights of a freshly initialised model of any config (its "untrained" baseline).

    python tools/analysis/untrained_checkpoint.py CONFIG OUT.pth [--seed 0] [--cfg-options ...]
    python tools/analysis/untrained_checkpoint.py configs/tin/tin_r18-16c_12e_hico-det-synthetic.py untrained.pth

``tools/test.py CONFIG OUT.pth`` then scores the model as initialised (``init_weights``, with
the config's pretrained weights where it has them): the baseline a trained model must beat.
"""
import argparse
from pathlib import Path
from typing import Optional, Sequence

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import set_random_seed

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.registry import MODELS
from hoi_plugins.utils.run_config import merged_config


def untrained_state(cfg: Config, seed: int) -> dict:
    """``dict(meta, state_dict)`` of ``cfg.model`` built and initialised with ``seed``."""
    init_default_scope(cfg.get('default_scope', 'hoi_plugins'))
    set_random_seed(seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    return dict(meta=dict(seed=seed, untrained=True), state_dict=model.state_dict())


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument('out', help='output checkpoint (.pth)')
    parser.add_argument('--seed', type=int, default=0, help='random seed of the initialisation')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, xxx=yyy pairs')
    args = parser.parse_args(argv)
    cfg = merged_config(args.config, args.cfg_options)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    torch.save(untrained_state(cfg, args.seed), args.out)
    print(f'untrained weights of {args.config} -> {args.out}')


if __name__ == '__main__':
    main()
