"""demo/demo_gaze_attention.py on a user's MP4: every frame at a readable size and the source
fps, the old argument order, a gaze file, a folder of videos."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import PROJECT_ROOT
from tests.test_apis.demo_inputs import (config_path, make_video, read_video,
                                         untrained_checkpoint)

NUM_FRAMES, FPS = 21, 10.0  # two full 8-frame windows and a partial one


def run_demo(*args):
    run = subprocess.run([sys.executable, 'demo/demo_gaze_attention.py', *map(str, args)],
                         cwd=PROJECT_ROOT, capture_output=True, text=True,
                         env=dict(os.environ, OMP_NUM_THREADS='1'))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    return run.stdout


@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp('gaze')
    make_video(root / 'clips' / 'clip.mp4', NUM_FRAMES, FPS, size=(48, 64))
    make_video(root / 'clips' / 'other.mp4', 9, 5.0, size=(40, 40))
    return root, untrained_checkpoint('gaze_attention', root / 'model.pth')


def test_old_order_every_frame_readable_at_the_source_fps_with_gaze(inputs, tmp_path):
    root, checkpoint = inputs
    gaze = tmp_path / 'gaze.txt'  # recorded gaze at the frame centre, every frame a fixation
    gaze.write_text('## header\n' + ''.join(f'{t}\tSMP\t1\t640\t480\t{t}\tFixation\n'
                                            for t in range(NUM_FRAMES)))
    out = tmp_path / 'missing' / 'out.mp4'
    stdout = run_demo(root / 'clips' / 'clip.mp4', config_path('gaze_attention'), checkpoint,
                      '--gaze', gaze, '--out', out)
    assert 'deprecated' in stdout and f'wrote {out}' in stdout
    frames, fps = read_video(out)
    assert len(frames) == NUM_FRAMES and fps == pytest.approx(FPS, abs=0.01)
    assert frames[0].shape == (240, 2 * 320, 3)  # 48x64 enlarged to a 240 short side, 2 panels
    green = frames[0][..., 1].astype(int) - frames[0][..., 2].astype(int) // 2
    assert green[120 - 8:120 + 9, 160 - 8:160 + 9].max() > 120  # the gaze circle at the centre
    prediction = json.loads(out.with_suffix('.json').read_text())
    assert prediction['num_frames'] == NUM_FRAMES and prediction['window_starts'] == [0, 8]
    assert np.array(prediction['gaze_peaks']).shape == (2, 2, 2)  # 2 windows x 2 steps, (x, y)


def test_frames_after_the_last_window_take_its_last_maps():
    from hoi_plugins.apis.inferencers.gaze_attention_inferencer import GazeAttentionInferencer
    inds = np.arange(16).reshape(2, 8)
    mapping = GazeAttentionInferencer.frame_windows(inds, 21)
    assert mapping[0] == (0, 0) and mapping[8] == (1, 0) and mapping[15] == (1, 7)
    assert mapping[16:] == [(1, 7)] * 5


def test_a_folder_of_videos(inputs, tmp_path):
    root, checkpoint = inputs
    stdout = run_demo(config_path('gaze_attention'), checkpoint, root / 'clips', '--out-dir',
                      tmp_path / 'out')
    for name, count, fps in (('clip', NUM_FRAMES, FPS), ('other', 9, 5.0)):
        frames, written_fps = read_video(tmp_path / 'out' / f'{name}.mp4')
        assert len(frames) == count and written_fps == pytest.approx(fps, abs=0.01)
        assert json.loads((tmp_path / 'out' / f'{name}.json').read_text())['num_frames'] == count
        assert f'wrote {tmp_path / "out" / name}.mp4' in stdout
