"""tools/train.py, tools/test.py and tools/dist_train.sh on the synthetic clips, on CPU."""
import argparse
import os
import pickle
import socket
import subprocess
import sys

import pytest

from hoi_plugins.datasets.synthetic import generate_synthetic

CONFIG = 'configs/smoke/tiny_i3d_synthetic.py'
SMALL = ['train_dataloader.batch_size=4', 'val_dataloader.batch_size=4',
         'default_hooks.logger.interval=1']


@pytest.fixture(scope='module')
def workspace(tmp_path_factory):
    """A folder holding ``data/synthetic/video_recognition`` as the config expects."""
    root = tmp_path_factory.mktemp('smoke')
    generate_synthetic('video_recognition', root / 'data/synthetic/video_recognition',
                       seed=1, num_train=8, num_val=4)
    return root


def run(command, cwd, env=None):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    return output


def run_tool(project_root, cwd, tool, *args):
    return run([sys.executable, str(project_root / 'tools' / tool), *map(str, args)], cwd)


def train(project_root, workspace, work_dir, max_epochs, *extra):
    return run_tool(project_root, workspace, 'train.py', project_root / CONFIG,
                    '--work-dir', work_dir, *extra, '--cfg-options', *SMALL,
                    f'train_cfg.max_epochs={max_epochs}', 'train_cfg.val_interval=1')


def test_train_then_test_with_dump_and_show_dir(project_root, workspace):
    work_dir = workspace / 'work_dirs/train_test'
    output = train(project_root, workspace, work_dir, 2)
    assert 'Epoch(val) [2]' in output and 'acc/top1' in output
    checkpoint = work_dir / 'epoch_2.pth'
    assert checkpoint.is_file()

    dump = work_dir / 'results.pkl'
    output = run_tool(project_root, workspace, 'test.py', project_root / CONFIG, checkpoint,
                      '--work-dir', work_dir, '--dump', dump, '--show-dir', 'vis',
                      '--cfg-options', *SMALL)
    assert 'Epoch(test)' in output and 'acc/top1' in output
    drawn = sorted(path.name for path in (work_dir / 'vis').iterdir())
    assert drawn == [f'{i:06d}.mp4' for i in range(4)]  # one drawing per clip (interval 1)
    with open(dump, 'rb') as file:
        results = pickle.load(file)
    assert len(results) == 4  # one per validation clip
    assert results[0]['pred_score'].shape == (4, )  # 4 classes


def test_work_dir_defaults_to_work_dirs_config_name(project_root, workspace):
    run_tool(project_root, workspace, 'train.py', project_root / CONFIG, '--cfg-options',
             *SMALL, 'train_cfg.max_epochs=1')
    assert (workspace / 'work_dirs/tiny_i3d_synthetic/epoch_1.pth').is_file()


def test_resume_continues_at_the_saved_iteration(project_root, workspace):
    work_dir = workspace / 'work_dirs/resume'
    train(project_root, workspace, work_dir, 1)  # 8 clips / batch 4 = 2 iterations
    output = train(project_root, workspace, work_dir, 2, '--resume')
    assert 'resumed epoch: 1, iter: 2' in output
    assert 'Epoch(train) [2][2/2]' in output and 'Epoch(train) [1]' not in output
    assert (work_dir / 'epoch_2.pth').is_file()

    explicit = train(project_root, workspace, work_dir, 3, '--resume', work_dir / 'epoch_1.pth')
    assert 'resumed epoch: 1, iter: 2' in explicit and 'Epoch(train) [3][2/2]' in explicit


def test_missing_checkpoint_is_reported(project_root, workspace):
    result = subprocess.run(
        [sys.executable, str(project_root / 'tools/test.py'), str(project_root / CONFIG),
         'no_such.pth'], cwd=workspace, capture_output=True, text=True)
    assert result.returncode != 0
    assert 'no_such.pth (checkpoint)' in result.stderr  # the pre-flight check names it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_dist_train_runs_two_cpu_processes_with_gloo(project_root, workspace):
    env = dict(os.environ, PORT=str(free_port()), PYTHON=sys.executable)
    work_dir = workspace / 'work_dirs/dist'
    output = run(['bash', str(project_root / 'tools/dist_train.sh'), str(project_root / CONFIG),
                  '2', '--work-dir', str(work_dir), '--cfg-options', *SMALL,
                  'train_cfg.max_epochs=1'], cwd=workspace, env=env)
    assert output.count('No GPU found: distributed run on CPU with the gloo backend') == 2
    assert 'Distributed training: True' in output
    # 8 clips over 2 processes with batch 4: one iteration per epoch on each rank
    assert 'Epoch(train) [1][1/1]' in output
    assert (work_dir / 'epoch_1.pth').is_file()


def test_dump_to_json_needs_a_metric_that_writes_predictions(project_root, workspace):
    checkpoint = workspace / 'never_loaded.pth'  # the flag is checked before loading
    checkpoint.touch()
    result = subprocess.run(
        [sys.executable, str(project_root / 'tools/test.py'), str(project_root / CONFIG),
         str(checkpoint), '--dump', 'preds.json'], cwd=workspace, capture_output=True,
        text=True)
    assert result.returncode != 0
    assert 'none of the test metrics (AccMetric) writes predictions' in result.stderr


def test_truncated_checkpoint_is_named_and_never_resumed_from(project_root, workspace):
    work_dir = workspace / 'work_dirs/truncated'
    train(project_root, workspace, work_dir, 1)
    good = work_dir / 'epoch_1.pth'
    truncated = work_dir / 'epoch_2.pth'  # what a full disk left before issue 16
    truncated.write_bytes(good.read_bytes()[:good.stat().st_size // 2])
    for tool, *args in (('test.py', truncated), ('train.py', '--resume', truncated)):
        result = subprocess.run(
            [sys.executable, str(project_root / 'tools' / tool), str(project_root / CONFIG),
             *map(str, args), '--work-dir', str(work_dir)], cwd=workspace, capture_output=True,
            text=True)
        assert result.returncode != 0
        assert f'checkpoint {truncated} is truncated' in result.stderr, result.stderr[-2000:]

    (work_dir / 'last_checkpoint').write_text(str(truncated))
    output = train(project_root, workspace, work_dir, 2, '--resume')
    assert f'names {truncated}, which is missing or truncated' in output
    assert 'resumed epoch: 1, iter: 2' in output


def test_test_tool_is_seeded_by_default(project_root):
    from mmengine.config import Config

    from tests.helpers import load_script
    tool = load_script('tools/test.py')
    checkpoint = str(project_root / CONFIG)  # any existing file: it is not loaded here

    def seed_of(*argv, randomness=None):
        cfg = Config(dict(test_evaluator=dict(type='AccMetric'), default_hooks=dict()))
        if randomness is not None:
            cfg.randomness = randomness
        args = argparse.Namespace(config=CONFIG, checkpoint=checkpoint, dump=None, show=False,
                                  show_dir=None, seed=None)
        for flag, value in zip(argv[::2], argv[1::2]):
            setattr(args, flag, value)
        return tool.merge_test_args(cfg, args).randomness['seed']

    assert seed_of() == 1  # official Gaze-Attention main.py: seed 1
    assert seed_of('seed', 7) == 7
    assert seed_of(randomness=dict(seed=3)) == 3
    assert seed_of('seed', 7, randomness=dict(seed=3)) == 7


GAZE_CONFIG = 'configs/gaze_attention/gaze-attention_tiny-r18_1200it_egtea-synthetic.py'


def test_gaze_attention_test_scores_repeat_with_the_seed(project_root, tmp_path):
    """Test-time Gumbel noise is drawn from the seeded generator: one seed, one result."""
    generate_synthetic('egtea_gaze', tmp_path / 'data/synthetic/egtea_gaze', seed=1,
                       num_train=4, num_test=2)
    work_dir = tmp_path / 'work_dirs/gaze'
    run_tool(project_root, tmp_path, 'train.py', project_root / GAZE_CONFIG, '--work-dir',
             work_dir, '--no-validate', '--cfg-options', 'train_cfg.max_iters=1',
             'default_hooks.checkpoint.interval=1', 'train_dataloader.batch_size=2')

    def scores(*seed):
        dump = work_dir / f'results{"_".join(map(str, seed))}.pkl'
        run_tool(project_root, tmp_path, 'test.py', project_root / GAZE_CONFIG,
                 work_dir / 'iter_1.pth', '--work-dir', work_dir, '--dump', dump, *seed)
        with open(dump, 'rb') as file:
            return [result['pred_score'] for result in pickle.load(file)]

    first, second, other_seed = scores(), scores(), scores('--seed', '2')
    assert all((a == b).all() for a, b in zip(first, second))
    assert not all((a == b).all() for a, b in zip(first, other_seed))
