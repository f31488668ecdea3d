"""Train a model from a config: ``python tools/train.py CONFIG [--resume] [--cfg-options ...]``."""
import argparse
import os

from mmengine.config import Config

from hoi_plugins.utils.checkpoint import check_complete
from hoi_plugins.utils.distributed import close_distributed
from hoi_plugins.utils.preflight import exit_if_files_missing
from hoi_plugins.utils.run_config import (apply_common_args, build_runner,
                                           parse_tool_args, resolve_auto_resume,
                                           use_resumable_checkpoints)


def parse_args():
    parser = argparse.ArgumentParser(description='Train a hoi-plugins model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from this checkpoint; without a path, from the latest checkpoint '
        'in the work dir')
    parser.add_argument('--amp', action='store_true',
                        help='enable automatic mixed-precision training')
    parser.add_argument('--no-validate', action='store_true',
                        help='do not evaluate checkpoints during training')
    parser.add_argument(
        '--auto-scale-lr', action='store_true',
        help='scale the learning rate by the actual over the base batch size')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    parser.add_argument('--diff-rank-seed', action='store_true',
                        help='use a different seed on each rank')
    parser.add_argument('--deterministic', action='store_true',
                        help='set deterministic options for the CUDNN backend')
    return parse_tool_args(parser)


def merge_train_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the training flags to ``cfg`` in place."""
    if args.no_validate:
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    if args.amp:
        wrapper_type = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if wrapper_type not in ('OptimWrapper', 'AmpOptimWrapper'):
            raise ValueError(f'--amp does not support the optim wrapper {wrapper_type}')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        if not os.path.isfile(args.resume):
            raise FileNotFoundError(f'--resume: checkpoint {args.resume} does not exist')
        check_complete(args.resume)
        cfg.resume, cfg.load_from = True, args.resume
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise KeyError(f'--auto-scale-lr: {args.config} has no `auto_scale_lr` '
                           '(e.g. auto_scale_lr = dict(enable=False, base_batch_size=64))')
        cfg.auto_scale_lr.enable = True
    randomness = cfg.get('randomness', None) or dict(seed=None)
    if args.seed is not None:
        randomness['seed'] = args.seed
    if args.diff_rank_seed:
        randomness['diff_rank_seed'] = True
    if args.deterministic:
        randomness['deterministic'] = True
    cfg.randomness = randomness
    return use_resumable_checkpoints(cfg)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg = merge_train_args(cfg, args)
    cfg = apply_common_args(cfg, args)
    exit_if_files_missing(cfg, 'train', args.config)
    cfg = resolve_auto_resume(cfg)
    build_runner(cfg).train()
    close_distributed()


if __name__ == '__main__':
    main()
