"""Command-line settings shared by ``tools/train.py`` and ``tools/test.py``."""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from ..registry import RUNNERS
from .distributed import use_cpu_distributed_fallback


def parse_tool_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Add the flags both tools take (``--work-dir``, ``--cfg-options``, ``--launcher``) and parse."""
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
    return cfg


def build_runner(cfg: Config) -> Runner:
    """mmengine's Runner, or the one named by the config's ``runner_type``."""
    return Runner.from_cfg(cfg) if 'runner_type' not in cfg else RUNNERS.build(cfg)
