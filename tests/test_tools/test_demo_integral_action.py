"""demo/demo_integral_action.py end to end on a small video with an mmpose pose file."""
import json
import os
import subprocess
import sys

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config

from hoi_plugins.registry import MODELS


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


def test_demo_writes_the_annotated_video(project_root, tmp_path):
    config = project_root / 'configs/integral_action/integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py'
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(config).model)
    torch.save(dict(state_dict=model.state_dict()), tmp_path / 'model.pth')
    rng = np.random.default_rng(0)
    writer = cv2.VideoWriter(str(tmp_path / 'clip.mp4'), cv2.VideoWriter_fourcc(*'mp4v'), 8,
                             (64, 64))
    for _ in range(12):
        writer.write(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))
    writer.release()
    predictions = [dict(frame_id=t, instances=[] if t == 4 else [
        dict(keypoints=rng.uniform(0, 64, (17, 2)).tolist(),
             keypoint_scores=rng.uniform(0.3, 1, 17).tolist())]) for t in range(12)]
    (tmp_path / 'poses.json').write_text(json.dumps(predictions))
    (tmp_path / 'labels.txt').write_text('\n'.join(f'action {i}' for i in range(8)))
    result = subprocess.run(
        [sys.executable, 'demo/demo_integral_action.py', str(tmp_path / 'clip.mp4'), str(config),
         str(tmp_path / 'model.pth'), '--pose-file', str(tmp_path / 'poses.json'),
         '--label-map', str(tmp_path / 'labels.txt'), '--out', str(tmp_path / 'out.mp4')],
        cwd=project_root, capture_output=True, text=True,
        env=dict(os.environ, OMP_NUM_THREADS='1'))
    assert result.returncode == 0, result.stderr[-2000:]
    assert sum(line.startswith('action ') for line in result.stdout.splitlines()) == 5
    capture = cv2.VideoCapture(str(tmp_path / 'out.mp4'))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 12
