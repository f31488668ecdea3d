"""Test a checkpoint: ``python tools/test.py CONFIG CHECKPOINT [--dump FILE] [--show-dir DIR]``."""
import argparse
import inspect
import os.path as osp

from mmengine.config import Config, ConfigDict
from mmengine.registry import DefaultScope

from hoi_plugins.registry import METRICS, SCOPE
from hoi_plugins.utils.checkpoint import check_complete
from hoi_plugins.utils.distributed import close_distributed
from hoi_plugins.utils.preflight import exit_if_files_missing
from hoi_plugins.utils.run_config import (apply_common_args, build_runner,
                                           parse_tool_args)


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and evaluate) a hoi-plugins model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--dump', type=str,
        help='write the predictions to this file: `.pkl` dumps the raw results; any other '
        'suffix (`.json`, `.npz`) is passed to the metrics as `dump_path`, which write the '
        'format their standalone evaluator reads')
    parser.add_argument('--show-dir',
                        help='folder for the visualised results (relative: under the work dir)')
    parser.add_argument('--show', action='store_true', help='show the results in a window')
    parser.add_argument('--interval', type=int, default=1,
                        help='visualise every this many samples')
    parser.add_argument('--wait-time', type=float, default=2,
                        help='seconds each shown result stays on screen')
    parser.add_argument(
        '--seed', type=int, default=None,
        help='random seed, so that test-time sampling (e.g. Gaze-Attention\'s Gumbel noise) '
        f'repeats (default: the config\'s `randomness.seed`, else {DEFAULT_TEST_SEED})')
    return parse_tool_args(parser)


# official Gaze-Attention main.py: --seed defaults to 1, also for testing
DEFAULT_TEST_SEED = 1


def add_dump(cfg: Config, dump: str) -> None:
    """Route ``--dump`` to mmengine's ``DumpResults`` or to our metrics' ``dump_path``."""
    evaluators = cfg.test_evaluator
    evaluators = list(evaluators) if isinstance(evaluators, (list, tuple)) else [evaluators]
    if dump.endswith(('.pkl', '.pickle')):
        evaluators.append(ConfigDict(type='DumpResults', out_file_path=dump))
    else:
        writers = [metric for metric in evaluators if writes_predictions(metric)]
        if not writers:
            names = ', '.join(metric['type'] for metric in evaluators)
            raise ValueError(f'--dump {dump}: none of the test metrics ({names}) writes '
                             'predictions files; use --dump FILE.pkl for the raw results')
        for metric in writers:
            metric['dump_path'] = dump
    cfg.test_evaluator = evaluators


def writes_predictions(metric_cfg: dict) -> bool:
    """Whether the metric class takes ``dump_path`` (writes its evaluator's input format)."""
    with DefaultScope.overwrite_default_scope(SCOPE):
        metric_type = METRICS.get(metric_cfg['type'])
    return metric_type is not None and 'dump_path' in inspect.signature(metric_type).parameters


def merge_test_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the test flags to ``cfg`` in place."""
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint {args.checkpoint} does not exist')
    cfg.load_from = args.checkpoint
    randomness = cfg.get('randomness', None) or {}
    seed = args.seed if args.seed is not None else randomness.get('seed', None)
    cfg.randomness = dict(randomness, seed=DEFAULT_TEST_SEED if seed is None else seed)
    if args.dump is not None:
        add_dump(cfg, args.dump)
    if args.show or args.show_dir:
        hooks = cfg.default_hooks
        if 'visualization' not in hooks:
            raise KeyError('--show/--show-dir need a `visualization` hook in '
                           f'`default_hooks` of {args.config}')
        hooks.visualization.update(enable=True, interval=args.interval)
        if args.show:
            hooks.visualization.update(show=True, wait_time=args.wait_time)
        if args.show_dir:  # a relative folder goes under the work dir, like every output
            hooks.visualization.out_dir = osp.join(cfg.work_dir, args.show_dir)
    check_complete(args.checkpoint)
    return cfg


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg = apply_common_args(cfg, args)
    exit_if_files_missing(cfg, 'test', args.config, args.checkpoint)
    cfg = merge_test_args(cfg, args)
    build_runner(cfg).test()
    close_distributed()


if __name__ == '__main__':
    main()
