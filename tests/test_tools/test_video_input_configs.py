"""tools/test.py on the synthetic configs that read MP4 files instead of frame folders
(issue 15 item 12): data from tools/data/synthetic/generate.py --videos, untrained weights from
tools/analysis/untrained_checkpoint.py."""
import json
import pickle
import shutil

import pytest

from hoi_plugins.datasets.synthetic import generate_synthetic

from tests.helpers import run_script

CASES = dict(
    gaze_attention=('configs/gaze_attention/'
                    'gaze-attention_tiny-r18_1200it_egtea-synthetic-video.py',
                    'egtea_gaze', dict(num_train=2, num_test=3)),
    integral_action=('configs/integral_action/'
                     'integral-action-rgb-pose_tsm-r18-w16_15e_synthetic-video.py',
                     'integral_action', dict(num_train=2, num_val=5, num_mimetics=0)),
)


def run_tool(cwd, tool, *args):
    result = run_script(tool, *args, cwd=cwd)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def split_labels(task, root):
    """The test split's labels, in order."""
    if task == 'egtea_gaze':
        lines = (root / 'test_split1.txt').read_text().splitlines()
        return [int(line.split()[1]) - 1 for line in lines]
    content = json.loads((root / 'Kinetics8_val.json').read_text())
    return [ann['action_label'] for ann in content['annotations']]


@pytest.mark.parametrize('method', sorted(CASES))
def test_video_config_tests_every_clip_from_its_mp4(project_root, tmp_path, method):
    config, task, sizes = CASES[method]
    root = tmp_path / 'data' / 'synthetic' / task
    generate_synthetic(task, root, **sizes, videos=True)
    for frames_dir in ('images_rgb', 'frames'):  # nothing but the videos to read frames from
        shutil.rmtree(root / frames_dir, ignore_errors=True)
    run_tool(tmp_path, 'tools/analysis/untrained_checkpoint.py', project_root / config,
             tmp_path / 'untrained.pth')
    run_tool(tmp_path, 'tools/test.py', project_root / config, tmp_path / 'untrained.pth',
             '--work-dir', tmp_path / 'work', '--dump', tmp_path / 'results.pkl')
    results = pickle.loads((tmp_path / 'results.pkl').read_bytes())
    assert [int(result['gt_label']) for result in results] == split_labels(task, root)
    assert all(result['pred_score'].isfinite().all() for result in results)
