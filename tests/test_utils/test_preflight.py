"""The file check that tools/train.py, tools/test.py and the dist_*.sh scripts run first."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mmengine.config import Config

from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.utils.preflight import (DATA_SOURCES, find_missing_files, main,
                                         synthetic_task)
from tests.helpers import PROJECT_ROOT

CONFIGS = sorted(str(path.relative_to(PROJECT_ROOT))
                 for path in (PROJECT_ROOT / 'configs').glob('*/*.py')
                 if path.parent.name != '_base_')
FALLBACK = 'see the comments of the config'


def referenced_files(how: str) -> list:
    """The repository files a hint names (READMEs, tools)."""
    return re.findall(r'(?:tools|configs)/[\w/.-]+\.(?:md|py)', how)


@pytest.mark.parametrize('config', CONFIGS)
def test_every_config_without_data_names_what_makes_each_file(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing of data/, checkpoints/ or work_dirs/ exists here
    cfg = Config.fromfile(PROJECT_ROOT / config)
    missing = find_missing_files(cfg, 'train') + find_missing_files(cfg, 'test', 'ckpt.pth')
    assert missing, f'{config}: no missing file found in an empty folder'
    for item in missing:
        assert FALLBACK not in item.how, item
        named = referenced_files(item.how)
        assert named, item
        for path in named:
            assert (PROJECT_ROOT / path).is_file(), f'{item}: {path} does not exist'


def hico_like(root: str = 'data/hico_20160224_det', **dataset) -> Config:
    dataset = dict(type='HICODetDataset', ann_file=f'{root}/annotations/trainval_hico.json',
                   data_prefix=dict(img=f'{root}/images/train2015'), pipeline=[], **dataset)
    return Config(dict(train_dataloader=dict(dataset=dataset), val_cfg=None,
                       model=dict(type='TIN'), load_from=None))


def test_real_data_points_to_the_dataset_readme(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = find_missing_files(hico_like(), 'train')
    assert [(m.path, m.field, m.how) for m in missing] == [
        ('data/hico_20160224_det/annotations/trainval_hico.json',
         'train_dataloader.dataset.ann_file', 'see tools/data/hico_det/README.md'),
        ('data/hico_20160224_det/images/train2015', 'train_dataloader.dataset.data_prefix.img',
         'see tools/data/hico_det/README.md')]


def test_synthetic_data_points_to_the_generator_and_the_generated_data_passes(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = Config.fromfile(PROJECT_ROOT / 'configs/tin/tin_r18-16c_12e_hico-det-synthetic.py')
    missing = find_missing_files(cfg, 'train')
    assert missing and {m.how for m in missing} == {
        'python tools/data/synthetic/generate.py --task hico_det --out data/synthetic/hico_det'}
    generate_synthetic('hico_det', 'data/synthetic/hico_det', num_train=2, num_test=1, size=64)
    assert find_missing_files(cfg, 'train') == []
    assert find_missing_files(cfg, 'test', 'ckpt.pth')[0].field == 'checkpoint'


def test_synthetic_videos_point_to_the_generator_with_videos(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = Config.fromfile(PROJECT_ROOT / 'configs/integral_action/'
                          'integral-action-rgb-pose_tsm-r18-w16_15e_synthetic-video.py')
    hints = {m.field: m.how for m in find_missing_files(cfg, 'test', 'ckpt.pth')}
    command = ('python tools/data/synthetic/generate.py --task integral_action '
               '--out data/synthetic/integral_action')
    assert hints['test_dataloader.dataset.data_prefix.video'] == f'{command} --videos'
    assert hints['test_dataloader.dataset.ann_file'] == command
    generate_synthetic('integral_action', 'data/synthetic/integral_action', num_train=1,
                       num_val=1, num_mimetics=0, videos=True)
    assert [m.field for m in find_missing_files(cfg, 'test', 'ckpt.pth')] == ['checkpoint']


def test_ann_file_and_prefixes_join_data_root_as_base_dataset_does(tmp_path):
    (tmp_path / 'ann.json').write_text('[]')
    dataset = dict(type='OPRADataset', data_root=str(tmp_path), ann_file='ann.json',
                   data_prefix=dict(img='', flow='flow'), pipeline=[
                       dict(type='LoadPairPredictions', pred_file='other.json')])
    cfg = Config(dict(test_dataloader=dict(dataset=dataset)))
    missing = find_missing_files(cfg, 'test')
    assert [(m.path, m.field) for m in missing] == [
        (f'{tmp_path}/flow', 'test_dataloader.dataset.data_prefix.flow'),
        ('other.json', 'test_dataloader.dataset.pipeline.0.pred_file')]
    assert missing[0].how == 'see tools/data/opra/README.md'


def test_wrapped_datasets_and_evaluators_are_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inner = dict(type='VCOCODataset', ann_file='data/v-coco/a.json', pipeline=[])
    cfg = Config(dict(test_dataloader=dict(dataset=dict(type='ConcatDataset', datasets=[
        dict(type='RepeatDataset', dataset=inner)])),
        test_evaluator=[dict(type='VCOCOMetric', ann_file='data/v-coco/b.json'),
                        dict(type='HICODetMetric', ann_file='data/v-coco/a.json')]))
    missing = find_missing_files(cfg, 'test')
    assert [(m.path, m.field) for m in missing] == [  # a.json once, under its first entry
        ('data/v-coco/a.json', 'test_dataloader.dataset.datasets.0.dataset.ann_file'),
        ('data/v-coco/b.json', 'test_evaluator.0.ann_file')]
    assert {m.how for m in missing} == {'see tools/data/vcoco/README.md'}


@pytest.mark.parametrize('load_from, tool', [
    ('work_dirs/kinetics50_rgb_pose/merged_init.pth', 'tools/merge_stage_checkpoints.py'),
    ('checkpoints/gaze_attention/i3d_both_base.pth', 'tools/convert_weights/gaze_attention.py'),
    ('checkpoints/hotspots/opra.pth', 'tools/convert_weights/hotspots.py'),
    ('checkpoints/integral_action/k50.pth', 'tools/convert_weights/integral_action.py'),
    ('work_dirs/x/epoch_1.pth', 'python tools/train.py CONFIG'),
])
def test_load_from_names_the_tool_that_makes_it(load_from, tool, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = Config(dict(load_from=load_from, model=dict(type='M')))
    (missing, ) = find_missing_files(cfg, 'train')
    assert (missing.path, missing.field) == (load_from, 'load_from')
    assert tool in missing.how
    assert (load_from in missing.how) == (tool != 'python tools/train.py CONFIG')


def test_local_pretrained_weights_are_checked_and_urls_are_not(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    model = dict(type='M', backbone=dict(pretrained='https://host/r50.pth', init_cfg=dict(
        type='Pretrained', checkpoint='open-mmlab://detectron2/resnet50_caffe')),
        heads=[dict(init_cfg=dict(type='Pretrained', checkpoint='local/head.pth')),
               dict(pretrained='local/r18.pth')])
    missing = find_missing_files(Config(dict(model=model)), 'train')
    assert [(m.path, m.field) for m in missing] == [
        ('local/head.pth', 'model.heads.0.init_cfg.checkpoint'),
        ('local/r18.pth', 'model.heads.1.pretrained')]


def test_no_validate_and_resume_as_the_tools_apply_them(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / 'c.py'
    config.write_text("train_dataloader = dict(dataset=dict(type='X', ann_file='train.json'))\n"
                      "val_dataloader = dict(dataset=dict(type='X', ann_file='val.json'))\n"
                      "val_cfg = dict(type='ValLoop')\nload_from = 'init.pth'\n")
    with pytest.raises(SystemExit) as exit_info:
        main(['train', str(config)])
    assert re.findall(r'^  (\S+) ', str(exit_info.value), re.M) == [
        'train.json', 'val.json', 'init.pth']
    with pytest.raises(SystemExit) as exit_info:
        main(['train', str(config), '--no-validate', '--resume', '--work-dir', 'w'])
    assert re.findall(r'^  (\S+) ', str(exit_info.value), re.M) == ['train.json']
    with pytest.raises(SystemExit) as exit_info:
        main(['train', str(config), '--resume', 'last.pth', '--cfg-options',
              'train_dataloader.dataset.ann_file=c.py'])
    assert re.findall(r'^  (\S+) ', str(exit_info.value), re.M) == ['val.json', 'last.pth']


def test_synthetic_task_and_readme_table():
    assert synthetic_task('/x/data/synthetic/hotspots/annotations.json') == (
        'hotspots', '/x/data/synthetic/hotspots')
    assert synthetic_task('data/opra/annotations.json') is None
    for source in DATA_SOURCES:
        assert (PROJECT_ROOT / source.readme).is_file(), source


def missing_lines(output: str) -> list:
    return [line for line in output.splitlines() if line.startswith('  ')]


def test_dist_train_without_data_reports_once_before_any_process(tmp_path):
    """`bash tools/dist_train.sh configs/tin/hico.py 4` without data: one line per missing file,
    the README that makes it, no traceback, torchrun never started."""
    env = dict(os.environ, PYTHON=sys.executable, PORT='29999')
    result = subprocess.run(['bash', str(PROJECT_ROOT / 'tools/dist_train.sh'),
                             str(PROJECT_ROOT / 'configs/tin/hico.py'), '4'],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert 'Traceback' not in output and 'ChildFailedError' not in output
    assert 'torch.distributed' not in output
    lines = missing_lines(output)
    assert len(lines) == len(set(lines)) >= 4
    assert all('tools/data/hico_det/README.md' in line for line in lines)
    assert any('trainval_hico.json (train_dataloader.dataset.ann_file)' in line
               for line in lines)


def test_train_and_test_tools_exit_with_the_same_lines(tmp_path):
    config = str(PROJECT_ROOT / 'configs/tin/hico.py')
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    train = subprocess.run([sys.executable, str(PROJECT_ROOT / 'tools/train.py'), config],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert train.returncode == 1 and 'Traceback' not in train.stderr, train.stderr
    assert 'trainval_hico.json' in train.stderr
    test = subprocess.run(
        ['bash', str(PROJECT_ROOT / 'tools/dist_test.sh'), config, 'work_dirs/x/iter_1.pth', '2'],
        cwd=tmp_path, env=dict(env, PYTHON=sys.executable), capture_output=True, text=True,
        timeout=300)
    assert test.returncode == 1 and 'Traceback' not in test.stderr, test.stderr
    lines = missing_lines(test.stderr)
    assert 'test_hico.json' in test.stderr and 'trainval_hico.json' not in test.stderr
    assert lines[-1].startswith('  work_dirs/x/iter_1.pth (checkpoint): python tools/train.py')
