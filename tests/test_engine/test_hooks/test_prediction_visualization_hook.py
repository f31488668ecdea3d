"""``tools/test.py --show-dir`` with PredictionVisualizationHook for the four methods, on small
synthetic test sets and untrained checkpoints, in a fresh folder."""
import os
import subprocess
import sys

import cv2
import numpy as np
import pytest

from hoi_plugins.datasets.synthetic import generate_synthetic

from tests.helpers import PROJECT_ROOT
from tests.test_apis.demo_inputs import CONFIGS, read_video, untrained_checkpoint

# method -> (synthetic task, its folder in the configs, small sizes, test samples)
TEST_SETS = {
    'tin': ('hico_det', 'data/synthetic/hico_det', dict(num_train=1, num_test=2, size=96), 2),
    'hotspots': ('hotspots', 'data/synthetic/hotspots',
                 dict(num_train_objects=1, num_test_objects=2, clips_per_object=1), None),
    'gaze_attention': ('egtea_gaze', 'data/synthetic/egtea_gaze',
                       dict(num_train=1, num_test=2), 2),
    'integral_action': ('integral_action', 'data/synthetic/integral_action',
                        dict(num_train=1, num_val=2, num_mimetics=1), 2),
}


@pytest.mark.parametrize('method', sorted(TEST_SETS))
def test_show_dir_draws_the_predictions(method, tmp_path):
    task, data_dir, sizes, num_samples = TEST_SETS[method]
    for name in ('configs', 'tools'):
        (tmp_path / name).symlink_to(PROJECT_ROOT / name)
    generate_synthetic(task, tmp_path / data_dir, **sizes)
    checkpoint = untrained_checkpoint(method, tmp_path / 'model.pth')
    run = subprocess.run(
        [sys.executable, 'tools/test.py', CONFIGS[method], str(checkpoint), '--work-dir',
         'work', '--show-dir', 'vis', '--cfg-options', 'test_dataloader.num_workers=0',
         'test_dataloader.persistent_workers=False'],
        cwd=tmp_path, capture_output=True, text=True,
        env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), OMP_NUM_THREADS='1'))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    drawn = sorted((tmp_path / 'work/vis').iterdir())
    if num_samples is not None:
        assert len(drawn) == num_samples
    if method == 'tin':
        for path in drawn:  # '<index>_<image stem>.jpg': triplets drawn on that image
            source = cv2.imread(str(next((tmp_path / data_dir).rglob(
                path.stem.split('_', 1)[1] + '.jpg'))))
            image = cv2.imread(str(path))
            assert image.shape == source.shape
            assert np.abs(image.astype(int) - source.astype(int)).max() > 100
    elif method == 'hotspots':
        grid = cv2.imread(str(drawn[0]))
        assert grid.shape[1] == 4 * grid.shape[0]  # 4 actions side by side
        assert grid.std() > 10
    else:  # clips: every frame of the sample, enlarged, with maps and labels
        frames, _ = read_video(drawn[0])
        assert len(frames) >= 4 and min(frames[0].shape[:2]) >= 240
        red = frames[0][..., 2].astype(int) - frames[0][..., 0].astype(int)
        assert np.abs(red).max() > 60  # the jet overlay is there
