"""demo/demo_gaze_attention.py end to end on a tiny video with an untrained synthetic model."""
import subprocess
import sys

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS


def test_demo_writes_video(project_root, tmp_path):
    config = (project_root / 'configs/gaze_attention'
              / 'gaze-attention_tiny-r18_1200it_egtea-synthetic.py')
    init_default_scope('hoi_plugins')
    model = MODELS.build(Config.fromfile(config).model)
    checkpoint = tmp_path / 'model.pth'
    torch.save(dict(state_dict=model.state_dict()), checkpoint)
    video = tmp_path / 'clip.mp4'
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*'mp4v'), 24, (64, 48))
    rng = np.random.default_rng(0)
    for _ in range(12):  # 12 frames: one 8-frame window
        writer.write(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8))
    writer.release()
    gaze = tmp_path / 'gaze.txt'
    gaze.write_text('## header\n' + ''.join(f'{t}\tSMP\t1\t640\t480\t{t}\tFixation\n'
                                            for t in range(12)))
    out = tmp_path / 'out.mp4'
    run = subprocess.run([sys.executable, 'demo/demo_gaze_attention.py', str(video), str(config),
                          str(checkpoint), '--gaze', str(gaze), '--out', str(out)],
                         cwd=project_root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert 'top-5:' in run.stdout
    capture = cv2.VideoCapture(str(out))
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    ok, frame = capture.read()
    assert ok and frame.shape == (32, 64, 3) and count == 8  # one 8-frame window, crop 32
