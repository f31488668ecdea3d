"""Command-line settings shared by ``tools/train.py`` and ``tools/test.py``."""
import argparse
import os
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config, DictAction
from mmengine.logging import print_log
from mmengine.runner import Runner

from ..registry import RUNNERS
from .checkpoint import find_resumable_checkpoint
from .distributed import use_cpu_distributed_fallback


def parse_tool_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Add the flags both tools take (``--work-dir``, ``--cfg-options``, ``--launcher``)."""
    parser.add_argument('--work-dir', help='the folder for logs and checkpoints '
                        '(default: work_dirs/<config name>)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, xxx=yyy pairs merged into the config')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merged_config(config: str, options: Optional[dict] = None) -> Config:
    """``config`` read with its ``_base_`` files, ``options`` (``--cfg-options``) merged in."""
    cfg = Config.fromfile(config)
    if options:
        cfg.merge_from_dict(options)
    return cfg


def apply_common_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply ``--cfg-options``, ``--launcher`` and ``--work-dir`` to ``cfg`` in place.

    The work dir is chosen as in mmaction2: the CLI, then the config's own ``work_dir``, then
    ``work_dirs/<config name>``. Without a GPU, ``--launcher pytorch`` falls back to gloo.
    """
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])
    use_cpu_distributed_fallback(cfg, args.launcher)
    set_cpu_threads()
    return cfg


def set_cpu_threads() -> int:
    """Use ``OMP_NUM_THREADS`` CPU threads per process, 1 when unset; returns the number.

    CPU results depend on the thread count (reductions split differently), so
    ``tools/train.py``, ``tools/test.py`` and ``tools/torchrun.sh`` (dist_train.sh,
    dist_test.sh) share this one rule instead of torch's default of all cores, and a run
    repeats on any machine.
    """
    threads = int(os.environ.get('OMP_NUM_THREADS') or 1)
    torch.set_num_threads(threads)
    print_log(f'CPU threads per process: {threads} (OMP_NUM_THREADS; results on CPU depend '
              'on it)', logger='current')
    return threads


def build_runner(cfg: Config) -> Runner:
    """mmengine's Runner, or the one named by the config's ``runner_type``."""
    return Runner.from_cfg(cfg) if 'runner_type' not in cfg else RUNNERS.build(cfg)


def use_resumable_checkpoints(cfg: Config) -> Config:
    """Make a training run's checkpoints survive interruptions and resume exactly, in place.

    mmengine's ``CheckpointHook`` in ``default_hooks`` becomes ``AtomicCheckpointHook`` (same
    arguments) and ``RandomStateHook`` joins ``custom_hooks`` unless the config has it.
    """
    checkpoint = cfg.get('default_hooks', {}).get('checkpoint')
    if checkpoint is not None and checkpoint.get('type') in ('CheckpointHook',
                                                             'mmengine.CheckpointHook'):
        checkpoint['type'] = 'AtomicCheckpointHook'
    hooks = list(cfg.get('custom_hooks', None) or [])
    if not any(hook.get('type') == 'RandomStateHook' for hook in hooks):
        hooks.append(dict(type='RandomStateHook'))
    cfg.custom_hooks = hooks
    return cfg


def resolve_auto_resume(cfg: Config) -> Config:
    """For ``resume=True`` without ``load_from``, pick the latest complete checkpoint, in place.

    mmengine would follow ``last_checkpoint`` even to a missing or truncated file; this takes
    :func:`find_resumable_checkpoint` instead, and starts afresh when nothing is left.
    """
    if not cfg.get('resume', False) or cfg.get('load_from', None) is not None:
        return cfg
    cfg.load_from = find_resumable_checkpoint(cfg.work_dir)
    if cfg.load_from is None:
        cfg.resume = False
        print_log(f'--resume: no complete checkpoint in {cfg.work_dir}; training from the '
                  'start', logger='current')
    return cfg
