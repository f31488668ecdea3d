"""A run killed right after a checkpoint and resumed equals the uninterrupted run, bit for bit.

For every method's synthetic config (schedules shrunk with ``--cfg-options``): the uninterrupted
run, and a run that kills itself with SIGKILL right after its checkpoint at ``kill_at`` and is
resumed with ``--resume``, end with identical weights (max |diff| 0 on CPU).
"""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook

from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.registry import HOOKS


@HOOKS.register_module()
class KillAfterCheckpoint(Hook):
    """Sends SIGKILL to its own process after the checkpoint of epoch/iteration ``step``."""

    priority = 'LOWEST'  # after CheckpointHook has written the checkpoint

    def __init__(self, step: int, by_epoch: bool) -> None:
        self.step = step
        self.by_epoch = by_epoch

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        if not self.by_epoch and runner.iter + 1 == self.step:
            os.kill(os.getpid(), signal.SIGKILL)

    def after_train_epoch(self, runner) -> None:
        if self.by_epoch and runner.epoch + 1 == self.step:
            os.kill(os.getpid(), signal.SIGKILL)


def epoch_schedule(max_epochs: int, *batch_sizes: str) -> list:
    return [f'train_cfg.max_epochs={max_epochs}', 'default_hooks.checkpoint.interval=1',
            'default_hooks.checkpoint.max_keep_ckpts=1', *batch_sizes]


# config, synthetic task and its sizes, --cfg-options, extra flags, kill_at, by_epoch.
# Other branches rename configs: update the paths here.
CASES = {
    'smoke': ('configs/smoke/tiny_i3d_synthetic.py', 'video_recognition',
              dict(num_train=8, num_val=4),
              epoch_schedule(3, 'train_dataloader.batch_size=4', 'val_dataloader.batch_size=4')
              + ['train_cfg.val_interval=1'], [], 1, True),
    'tin': ('configs/tin/tin_r18-16c_12e_hico-det-synthetic.py', 'hico_det', dict(num_train=6, num_test=2),
            epoch_schedule(3), ['--no-validate'], 2, True),
    'hotspots': ('configs/hotspots/hotspots_r18-stage1_12e_synthetic.py', 'hotspots',
                 dict(num_train_objects=4, num_test_objects=2, clips_per_object=2),
                 epoch_schedule(3, 'train_dataloader.batch_size=4'), ['--no-validate'], 1,
                 True),
    'gaze_attention': ('configs/gaze_attention/gaze-attention_tiny-r18_1200it_egtea-synthetic.py', 'egtea_gaze',
                       dict(num_train=12, num_test=4),
                       ['train_cfg.max_iters=6', 'default_hooks.checkpoint.interval=2',
                        'train_dataloader.batch_size=4'], ['--no-validate'], 4, False),
    'integral_action': ('configs/integral_action/integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py',
                        'integral_action', dict(num_train=10, num_val=2, num_mimetics=2),
                        epoch_schedule(3, 'train_dataloader.batch_size=4', 'load_from=None'),
                        ['--no-validate'], 2, True),  # no merged two-stage init
}


def run_train(project_root: Path, cwd: Path, config, work_dir: Path, options: list,
              flags: list, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(project_root), os.environ.get('PYTHONPATH', '')]))
    command = [sys.executable, str(project_root / 'tools/train.py'), str(config), '--work-dir',
               str(work_dir), '--seed', '0', *flags, *extra, '--cfg-options', *options]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def final_weights(work_dir: Path) -> dict:
    last = Path((work_dir / 'last_checkpoint').read_text().strip())
    return torch.load(last, map_location='cpu', weights_only=False)['state_dict']


@pytest.mark.parametrize('case', CASES)
def test_killed_and_resumed_run_equals_the_uninterrupted_one(case, project_root, tmp_path):
    config, task, sizes, options, flags, kill_at, by_epoch = CASES[case]
    data_root = tmp_path / 'data/synthetic' / task
    generate_synthetic(task, data_root, seed=1, **sizes)
    config = project_root / config

    straight = run_train(project_root, tmp_path, config, tmp_path / 'straight', options, flags)
    assert straight.returncode == 0, (straight.stdout + straight.stderr)[-4000:]

    killing = Config.fromfile(config)
    killing.custom_imports = dict(
        imports=['hoi_plugins', 'tests.test_tools.test_resume'], allow_failed_imports=False)
    killing.custom_hooks = list(killing.get('custom_hooks', None) or []) + [
        dict(type='KillAfterCheckpoint', step=kill_at, by_epoch=by_epoch)]
    killing_config = tmp_path / f'{config.stem}_killed.py'
    killing.dump(str(killing_config))
    killed = run_train(project_root, tmp_path, killing_config, tmp_path / 'resumed', options,
                       flags)
    assert killed.returncode == -signal.SIGKILL, (killed.stdout + killed.stderr)[-4000:]

    resumed = run_train(project_root, tmp_path, config, tmp_path / 'resumed', options, flags,
                        '--resume')
    output = resumed.stdout + resumed.stderr
    assert resumed.returncode == 0, output[-4000:]
    assert 'resumed epoch' in output

    expected, actual = final_weights(tmp_path / 'straight'), final_weights(tmp_path / 'resumed')
    assert expected.keys() == actual.keys()
    differences = {key: (expected[key].double() - actual[key].double()).abs().max().item()
                   for key in expected if expected[key].numel()}
    assert max(differences.values()) == 0, {k: v for k, v in differences.items() if v}
