"""Command-line settings shared by ``tools/train.py`` and ``tools/test.py``."""
import os.path as osp
from argparse import Namespace

from mmengine.config import Config

from .distributed import use_cpu_distributed_fallback


def apply_common_args(cfg: Config, args: Namespace) -> Config:
    """Apply ``--work-dir``, ``--launcher`` and ``--cfg-options`` to ``cfg`` in place.

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
