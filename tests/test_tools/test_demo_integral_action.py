"""demo/demo_integral_action.py on a user's MP4: poses from an mmpose pose file, or from an
mmpose model in an environment where torchvision cannot be imported (as beside our torch)."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import PROJECT_ROOT
from tests.test_apis.demo_inputs import (CLASSES, config_path, make_video, mmpose_pose_file,
                                         pose_config, read_video, untrained_checkpoint)

NUM_FRAMES, FPS = 12, 8.0
# runs a script as __main__ with every import of torchvision failing
WITHOUT_TORCHVISION = '''
import runpy, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == 'torchvision' or name.startswith('torchvision.'):
            raise ImportError('torchvision is blocked by the test')
sys.meta_path.insert(0, Block())
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
'''


@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp('integral')
    make_video(root / 'clip.mp4', NUM_FRAMES, FPS, size=(64, 64))
    poses = mmpose_pose_file(root / 'poses.json', NUM_FRAMES, size=(64, 64))
    (root / 'labels.txt').write_text('\n'.join(CLASSES['integral_action']))
    return root, untrained_checkpoint('integral_action', root / 'model.pth'), poses


def run_demo(*args, block_torchvision=False):
    prefix = ['-c', WITHOUT_TORCHVISION] if block_torchvision else []
    run = subprocess.run([sys.executable, *prefix, 'demo/demo_integral_action.py',
                          *map(str, args)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         env=dict(os.environ, OMP_NUM_THREADS='1'))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    return run.stdout


def test_pose_file_skeletons_drawn_on_every_frame(inputs, tmp_path):
    root, checkpoint, poses = inputs
    out = tmp_path / 'new' / 'out.mp4'
    stdout = run_demo(config_path('integral_action'), checkpoint, root / 'clip.mp4',
                      root / 'labels.txt', '--pose-file', root / 'poses.json',
                      '--out-filename', out)
    assert f'wrote {out}' in stdout
    frames, fps = read_video(out)
    assert len(frames) == NUM_FRAMES and fps == pytest.approx(FPS, abs=0.01)
    source, _ = read_video(root / 'clip.mp4')
    scale = frames[0].shape[0] / 64  # 64x64 enlarged to a readable 240
    for t in (0, 7):  # a joint of the pose file is drawn (red dot) on its frame, below the text
        joints = np.array(poses[t]['instances'][0]['keypoints'])
        x, y = joints[np.flatnonzero(joints[:, 1] > 30)[0]] * scale
        patch = frames[t][int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2].astype(int)
        assert (patch[..., 2] - patch[..., 0]).max() > 100
    prediction = json.loads(out.with_suffix('.json').read_text())
    assert prediction['pred_label'] in CLASSES['integral_action']
    assert [p['label'] for p in prediction['top5']] == [
        CLASSES['integral_action'][i] for i in np.argsort(prediction['scores'])[::-1][:5]]


def test_pose_model_without_torchvision(inputs, tmp_path):
    root, checkpoint, _ = inputs
    config = pose_config(tmp_path / 'pose.py')
    out = tmp_path / 'out.mp4'
    stdout = run_demo(config_path('integral_action'), checkpoint, root / 'clip.mp4',
                      '--pose-config', config, '--out-filename', out, block_torchvision=True)
    assert f'wrote {out}' in stdout
    assert len(read_video(out)[0]) == NUM_FRAMES
