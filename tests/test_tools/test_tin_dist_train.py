"""`bash tools/dist_train.sh configs/tin/hico.py N` and `dist_test.sh` as written, on CPU (gloo),
with the real (ResNet-50) config pointed at a tiny synthetic HICO-DET."""
import os
import socket
import subprocess
import sys
from pathlib import Path

from hoi_plugins.datasets.synthetic import generate_synthetic

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> str:
    with socket.socket() as s:
        s.bind(('', 0))
        return str(s.getsockname()[1])


def test_real_config_trains_and_tests_with_two_processes(tmp_path):
    data = tmp_path / 'hico'
    generate_synthetic('hico_det', data, num_train=4, num_test=2, size=96)
    options = []
    for split, ann, img in (('train', 'trainval_hico.json', 'train2015'),
                            ('val', 'test_hico.json', 'test2015'),
                            ('test', 'test_hico.json', 'test2015')):
        options += [f'{split}_dataloader.dataset.ann_file={data}/annotations/{ann}',
                    f'{split}_dataloader.dataset.data_prefix.img={data}/images/{img}',
                    f'{split}_dataloader.num_workers=0',
                    f'{split}_dataloader.persistent_workers=False']
        if split != 'train':
            options += [f'{split}_dataloader.dataset.det_file={data}/annotations/'
                        'test_detections.json',
                        f'{split}_evaluator.ann_file={data}/annotations/test_hico.json']
    # the synthetic data has no iCAN negative pickle: ground-truth negatives instead
    options += ['train_dataloader.dataset.neg_file=None']
    options += ['model.backbone.init_cfg=None', 'train_cfg.max_iters=2',
                'default_hooks.checkpoint.interval=2', 'default_hooks.logger.interval=1']
    env = dict(os.environ, PORT=free_port(), PYTHON=sys.executable)
    work_dir = tmp_path / 'work'
    train = subprocess.run(
        ['bash', 'tools/dist_train.sh', 'configs/tin/hico.py', '2', '--work-dir', str(work_dir),
         '--cfg-options', *options], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600)
    assert train.returncode == 0, train.stdout[-3000:] + train.stderr[-3000:]
    assert (work_dir / 'iter_2.pth').is_file()
    env['PORT'] = free_port()
    test = subprocess.run(
        ['bash', 'tools/dist_test.sh', 'configs/tin/hico.py', str(work_dir / 'iter_2.pth'), '2',
         '--work-dir', str(work_dir), '--dump', str(tmp_path / 'pred.json'), '--cfg-options',
         *[o for o in options if not o.startswith(('train', 'model.backbone'))]],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-3000:]
    assert 'hico/default/mAP' in test.stdout + test.stderr
    assert (tmp_path / 'pred.json').is_file()
