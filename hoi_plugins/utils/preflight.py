"""Check the files a config reads before any process starts, and say what makes each one.

``tools/train.py`` and ``tools/test.py`` call :func:`exit_if_files_missing` on their merged
config; ``tools/dist_train.sh`` and ``tools/dist_test.sh`` run this module once before torchrun,
so a missing file is one line per file on screen, not one traceback per process::

    python -m hoi_plugins.utils.preflight train CONFIG [train.py args]
    python -m hoi_plugins.utils.preflight test CONFIG CHECKPOINT [test.py args]

Checked: the ``ann_file``, ``data_prefix`` folders and other ``*_file`` entries of the phase's
datasets (and of their pipelines) joined with ``data_root`` as mmengine's ``BaseDataset`` does,
the evaluators' ``*_file`` entries, ``load_from`` (train), the checkpoint (test) and the local
paths of the model's ``Pretrained`` ``init_cfg`` and ``pretrained`` entries (URLs are not
checked). Which command or README makes each kind of file: :data:`FIELD_SOURCES`,
:data:`DATA_SOURCES`, :data:`CHECKPOINT_SOURCES`.
"""
import argparse
import fnmatch
import os.path as osp
import sys
from pathlib import PurePosixPath
from typing import Any, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from mmengine.config import Config, DictAction

PHASES = ('train', 'test')
SYNTHETIC_GENERATOR = 'python tools/data/synthetic/generate.py --task {task} --out {root}'


class DataSource(NamedTuple):
    """Where a dataset's files come from: dataset or metric types, a path pattern, the README."""
    types: Tuple[str, ...]
    pattern: str
    readme: str


class CheckpointSource(NamedTuple):
    """What makes a checkpoint whose file name matches ``pattern``."""
    pattern: str
    how: str


# The first row whose types hold the dataset's (or metric's) type and whose pattern matches
# the path names the README; files under data/synthetic/<task>/ come from the generator.
DATA_SOURCES: Tuple[DataSource, ...] = (
    DataSource(('HICODetDataset', 'HICODetMetric'), '*', 'tools/data/hico_det/README.md'),
    DataSource(('VCOCODataset', 'VCOCOMetric'), '*', 'tools/data/vcoco/README.md'),
    DataSource(('OPRADataset', ), '*', 'tools/data/opra/README.md'),
    DataSource(('EPICHotspotsDataset', ), '*', 'tools/data/epic_kitchens/README.md'),
    DataSource(('SaliencyMetric', ), '*epic*', 'tools/data/epic_kitchens/README.md'),
    DataSource(('SaliencyMetric', ), '*', 'tools/data/opra/README.md'),
    DataSource(('EGTEAGazeDataset', ), '*', 'tools/data/egtea/README.md'),
    DataSource(('PoseRGBDataset', ), '*mimetics*', 'tools/data/mimetics/README.md'),
    DataSource(('PoseRGBDataset', ), '*ntu*', 'tools/data/ntu/README.md'),
    DataSource(('PoseRGBDataset', ), '*', 'tools/data/kinetics/README.md'),
)

# Files named by their config entry, whatever reads them.
FIELD_SOURCES = dict(
    pred_file='the pair predictions of another HOI detector in the HICO-DET JSON format '
    '(hoi_plugins/formats/hico_det_json.py), e.g. python tools/test.py CONFIG CHECKPOINT '
    '--dump {path} (configs/tin/README.md)')

# Checkpoints (``load_from``, ``Pretrained`` weights, the tested checkpoint) by file name.
CHECKPOINT_SOURCES: Tuple[CheckpointSource, ...] = (
    CheckpointSource('*merged_init*', 'python tools/merge_stage_checkpoints.py RGB_ONLY.pth '
                     'POSE_ONLY.pth {path} (the stage-1 and stage-2 checkpoints; '
                     'configs/integral_action/README.md)'),
    CheckpointSource('*gaze_attention*', 'python tools/convert_weights/gaze_attention.py '
                     '--base i3d_both_base.pt --out {path} (configs/gaze_attention/README.md)'),
    CheckpointSource('*hotspots*', 'python tools/convert_weights/hotspots.py OFFICIAL.pth {path} '
                     '(configs/hotspots/README.md)'),
    CheckpointSource('*integral_action*', 'python tools/convert_weights/integral_action.py '
                     'snapshot_29.pth.tar {path} (configs/integral_action/README.md)'),
    CheckpointSource('*', 'python tools/train.py CONFIG writes checkpoints to work_dirs/<config>/; '
                     'tools/convert_weights/ converts released weights'),
)


class MissingFile(NamedTuple):
    """A file or folder the config reads that does not exist.

    Attributes:
        path (str): the path as the config gives it (joined with ``data_root``).
        field (str): the config entry, e.g. ``train_dataloader.dataset.ann_file``.
        how (str): the command or README that makes it.
    """
    path: str
    field: str
    how: str


def synthetic_task(path: str) -> Optional[Tuple[str, str]]:
    """``(task, root)`` when ``path`` lies under ``.../synthetic/<task>/``, else None."""
    parts = PurePosixPath(path.replace('\\', '/')).parts
    for index, part in enumerate(parts[:-1]):
        if part == 'synthetic':
            return parts[index + 1], str(PurePosixPath(*parts[:index + 2]))
    return None


def data_source(path: str, field: str, owner_type: str) -> str:
    """How to make the data file ``path`` of the config entry ``field`` read by a dataset or
    metric of type ``owner_type``."""
    key = field.rsplit('.', 1)[-1]
    if key in FIELD_SOURCES:
        return FIELD_SOURCES[key].format(path=path)
    synthetic = synthetic_task(path)
    if synthetic is not None:
        task, root = synthetic
        command = SYNTHETIC_GENERATOR.format(task=task, root=root)
        return f'{command} --videos' if key == 'video' else command  # data_prefix.video
    owner_type = owner_type.split('.')[-1]  # 'mmaction.RawframeDataset' -> 'RawframeDataset'
    for source in DATA_SOURCES:
        if owner_type in source.types and fnmatch.fnmatch(path.lower(), source.pattern):
            return f'see {source.readme}'
    return 'see the comments of the config and tools/data/*/README.md'


def checkpoint_source(path: str) -> str:
    """How to make the checkpoint ``path`` (the first matching row of the table)."""
    how = next(source.how for source in CHECKPOINT_SOURCES
               if fnmatch.fnmatch(path, source.pattern))
    return how.format(path=path)


def is_local(path: Any) -> bool:
    """A non-empty path string that is not a URL or an ``open-mmlab://``-style name."""
    return isinstance(path, str) and bool(path) and '://' not in path


def join_root(root: Optional[str], path: str) -> str:
    """``path`` under ``root`` unless absolute, as mmengine's ``BaseDataset`` joins them."""
    return osp.join(root, path) if root and not osp.isabs(path) else path


def dataset_files(dataset: dict, field: str) -> Iterator[Tuple[str, str, str, bool]]:
    """``(path, field, owner type, is_folder)`` of the files a dataset config reads.

    Wrappers (``dataset=`` / ``datasets=``) are followed; the pipeline's ``*_file`` entries
    count as the dataset's.
    """
    if isinstance(dataset.get('dataset'), dict):
        yield from dataset_files(dataset['dataset'], f'{field}.dataset')
    for index, inner in enumerate(dataset.get('datasets') or ()):
        yield from dataset_files(inner, f'{field}.datasets.{index}')
    owner = str(dataset.get('type', ''))
    root = dataset.get('data_root') or None
    if is_local(dataset.get('ann_file')):
        yield join_root(root, dataset['ann_file']), f'{field}.ann_file', owner, False
    for key, prefix in (dataset.get('data_prefix') or {}).items():
        if is_local(prefix) or (root and prefix == ''):
            yield join_root(root, prefix), f'{field}.data_prefix.{key}', owner, True
    for key, value in dataset.items():
        if key != 'ann_file' and key.endswith('_file') and is_local(value):
            yield join_root(root, value), f'{field}.{key}', owner, False
    for index, transform in enumerate(dataset.get('pipeline') or ()):
        for key, value in transform.items():
            if key.endswith('_file') and is_local(value):
                yield value, f'{field}.pipeline.{index}.{key}', owner, False


def evaluator_files(evaluator: Any, field: str) -> Iterator[Tuple[str, str, str, bool]]:
    """``(path, field, metric type, False)`` of the ``*_file`` entries of an evaluator config."""
    metrics = evaluator if isinstance(evaluator, (list, tuple)) else [evaluator]
    for index, metric in enumerate(metrics):
        name = field if len(metrics) == 1 else f'{field}.{index}'
        for key, value in (metric or {}).items():
            if key.endswith('_file') and is_local(value):
                yield value, f'{name}.{key}', str(metric.get('type', '')), False


def pretrained_files(node: Any, field: str) -> Iterator[Tuple[str, str]]:
    """``(path, field)`` of the local ``Pretrained`` and ``pretrained`` weights of a model."""
    if isinstance(node, dict):
        if node.get('type') == 'Pretrained' and is_local(node.get('checkpoint')):
            yield node['checkpoint'], f'{field}.checkpoint'
        for key, value in node.items():
            if key == 'pretrained' and is_local(value):
                yield value, f'{field}.{key}'
            elif isinstance(value, (dict, list, tuple)):
                yield from pretrained_files(value, f'{field}.{key}')
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from pretrained_files(value, f'{field}.{index}')


def find_missing_files(cfg: Config, phase: str,
                       checkpoint: Optional[str] = None) -> List[MissingFile]:
    """The files the ``train`` or ``test`` phase of ``cfg`` reads that do not exist.

    Args:
        cfg (Config): the config after the tool's flags were merged in.
        phase (str): ``'train'`` (train and val data, ``load_from``, pretrained weights) or
            ``'test'`` (test data and ``checkpoint``).
        checkpoint (str, optional): the checkpoint ``tools/test.py`` loads. Defaults to None.

    Returns:
        list[MissingFile]: one per missing path, in config order.
    """
    if phase not in PHASES:
        raise ValueError(f'phase must be one of {PHASES}, got "{phase}"')
    splits = ['train'] if phase == 'train' else ['test']
    if phase == 'train' and cfg.get('val_cfg') and cfg.get('val_dataloader'):
        splits.append('val')
    data: List[Tuple[str, str, str, bool]] = []
    for split in splits:
        loader = cfg.get(f'{split}_dataloader') or {}
        if isinstance(loader.get('dataset'), dict):
            data += dataset_files(loader['dataset'], f'{split}_dataloader.dataset')
        data += evaluator_files(cfg.get(f'{split}_evaluator'), f'{split}_evaluator')
    weights: List[Tuple[str, str]] = []
    if phase == 'train':
        if is_local(cfg.get('load_from')):
            weights.append((cfg.load_from, 'load_from'))
        weights += pretrained_files(cfg.get('model'), 'model')
    elif checkpoint is not None:
        weights.append((checkpoint, 'checkpoint'))

    missing, seen = [], set()
    for path, field, owner, is_folder in data:
        exists = osp.isdir(path) if is_folder else osp.isfile(path)
        if not exists and path not in seen:
            seen.add(path)
            missing.append(MissingFile(path, field, data_source(path, field, owner)))
    for path, field in weights:
        if not osp.isfile(path) and path not in seen:
            seen.add(path)
            missing.append(MissingFile(path, field, checkpoint_source(path)))
    return missing


def format_missing(missing: Sequence[MissingFile], config: str) -> str:
    """One line per missing file: the path, the config entry, and what makes it."""
    lines = [f'{config}: {len(missing)} file(s) it reads are missing:']
    lines += [f'  {item.path} ({item.field}): {item.how}' for item in missing]
    return '\n'.join(lines)


def exit_if_files_missing(cfg: Config, phase: str, config: str,
                          checkpoint: Optional[str] = None) -> None:
    """Exit with status 1 and one line per missing file when any file of ``cfg`` is missing.

    Args:
        cfg (Config): the merged config.
        phase (str): ``'train'`` or ``'test'``.
        config (str): the config's path, for the message.
        checkpoint (str, optional): the checkpoint of ``tools/test.py``. Defaults to None.
    """
    missing = find_missing_files(cfg, phase, checkpoint)
    if missing:
        raise SystemExit(format_missing(missing, config))


def tool_config(argv: Optional[Sequence[str]] = None) -> Tuple[Config, argparse.Namespace]:
    """The config as ``tools/train.py`` / ``tools/test.py`` would merge it from ``argv``.

    Only the flags that change which files are read are applied (``--cfg-options``,
    ``--resume``, ``--no-validate``); the other flags of the tools are ignored.
    """
    parser = argparse.ArgumentParser(
        description='Check that the files of a config exist before training or testing.')
    parser.add_argument('phase', choices=PHASES)
    parser.add_argument('config')
    parser.add_argument('checkpoint', nargs='?', help='the checkpoint to test (test only)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument('--resume', nargs='?', const='auto')
    parser.add_argument('--no-validate', action='store_true')
    args, _ = parser.parse_known_args(argv)
    if not osp.isfile(args.config):
        raise SystemExit(f'{args.config}: no such config file')
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if args.phase == 'train':
        if args.no_validate:
            cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
        if args.resume == 'auto':
            cfg.load_from = None
        elif args.resume is not None:
            cfg.load_from = args.resume
    return cfg, args


def main(argv: Optional[Sequence[str]] = None) -> None:
    cfg, args = tool_config(argv)
    exit_if_files_missing(cfg, args.phase, args.config, args.checkpoint)


if __name__ == '__main__':
    main(sys.argv[1:])
