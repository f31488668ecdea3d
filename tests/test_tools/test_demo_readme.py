"""Every demo command of demo/README.md, run as written in a fresh folder that holds the
README's file names: a user's own JPEGs and MP4 made with OpenCV, untrained checkpoints at the
quickstart paths, a detections file with other images, a pose file and a pose model."""
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.helpers import PROJECT_ROOT
from tests.test_apis.demo_inputs import (CLASSES, assert_overlay_shows_the_peak, make_photo,
                                         make_video, mmpose_pose_file, pose_config,
                                         read_video, tin_detections, untrained_checkpoint)

README = PROJECT_ROOT / 'demo' / 'README.md'
# the checkpoint each README command names -> the method whose untrained model stands for it
CHECKPOINTS = {
    'work_dirs/quickstart/tin/epoch_12.pth': 'tin',
    'work_dirs/quickstart/hotspots/epoch_12.pth': 'hotspots',
    'work_dirs/quickstart/gaze_attention/gaze_attention/iter_1200.pth': 'gaze_attention',
    'work_dirs/quickstart/integral_action/rgb_pose/epoch_15.pth': 'integral_action',
}
VIDEO_FRAMES, VIDEO_FPS = 20, 12.0


def readme_commands():
    """The ``python demo/...`` commands of the README's shell blocks, continuations joined."""
    commands = []
    for block in re.findall(r'```shell\n(.*?)```', README.read_text(), re.S):
        for command in block.replace('\\\n', ' ').splitlines():
            if command.strip().startswith('python demo/'):
                commands.append(shlex.split(command)[1:])
    return commands


@pytest.fixture(scope='module')
def user_folder(tmp_path_factory):
    """A fresh folder with the README's inputs; ``configs`` and ``demo`` as in a clone."""
    root = tmp_path_factory.mktemp('user')
    for name in ('configs', 'demo'):
        (root / name).symlink_to(PROJECT_ROOT / name)
    for checkpoint, method in CHECKPOINTS.items():
        (root / checkpoint).parent.mkdir(parents=True, exist_ok=True)
        untrained_checkpoint(method, root / checkpoint)
    make_photo(root / 'my_photo.jpg')
    make_photo(root / 'my_photos' / 'kitchen.jpg', seed=1)
    make_photo(root / 'my_photos' / 'street.jpg', seed=2)
    tin_detections(root / 'my_detections.json', ['my_photo.jpg', 'kitchen.jpg', 'street.jpg'])
    make_video(root / 'my_clip.mp4', VIDEO_FRAMES, VIDEO_FPS, size=(48, 64))
    mmpose_pose_file(root / 'my_clip_poses.json', VIDEO_FRAMES, size=(48, 64))
    (root / 'my_labels.txt').write_text('\n'.join(CLASSES['integral_action']))
    pose_config(root / 'td-hm_hrnet-w32_8xb64-210e_coco-256x192.py')
    return root


def outputs(args):
    """The output file or folder a command names."""
    for flag in ('--out-filename', '--out-dir'):
        if flag in args:
            return flag, args[args.index(flag) + 1]
    raise AssertionError(f'no output in {args}')


def check_image_drawn(path: Path, source: np.ndarray) -> None:
    drawn = cv2.imread(str(path))
    assert drawn is not None and drawn.shape == source.shape
    assert np.abs(drawn.astype(int) - source.astype(int)).max() > 100  # something was drawn


def check_video(path: Path, num_frames: int, fps: float) -> list:
    frames, written_fps = read_video(path)
    assert len(frames) == num_frames and written_fps == pytest.approx(fps, abs=0.01)
    assert min(frames[0].shape[:2]) >= 240  # readable
    return frames


def test_readme_names_every_demo():
    scripts = sorted({args[0] for args in readme_commands()})
    assert scripts == sorted(f'demo/{p.name}' for p in (PROJECT_ROOT / 'demo').glob('demo_*.py'))


@pytest.mark.parametrize('args', readme_commands(), ids=lambda a: f'{Path(a[0]).stem}')
def test_readme_command(user_folder, args):
    if 'td-hm_hrnet-w32_8xb64-210e_coco-256x192.pth' in args:
        pose_ckpt = user_folder / 'td-hm_hrnet-w32_8xb64-210e_coco-256x192.pth'
        if not pose_ckpt.exists():  # a random tiny model stands for the downloaded one
            from hoi_plugins.apis.pose import init_pose_model
            model = init_pose_model(str(user_folder /
                                        'td-hm_hrnet-w32_8xb64-210e_coco-256x192.py'))
            import torch
            torch.save(dict(state_dict=model.state_dict()), pose_ckpt)
    run = subprocess.run([sys.executable] + args, cwd=user_folder, capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT),
                                             OMP_NUM_THREADS='1'))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    reported = re.findall(r'^wrote (.*)$', run.stdout, re.M)
    assert reported and all((user_folder / p).is_file() for p in reported)
    flag, out = outputs(args)
    out = user_folder / out
    script = Path(args[0]).stem
    if flag == '--out-filename':
        assert sorted(reported) == sorted([str(out.relative_to(user_folder)),
                                           str(out.with_suffix('.json').relative_to(
                                               user_folder))])
    prediction_files = [user_folder / p for p in reported if p.endswith('.json')]
    predictions = [json.loads(p.read_text()) for p in prediction_files]
    if script == 'demo_hoi':
        for prediction in predictions:
            source = cv2.imread(prediction['image'] if os.path.isabs(prediction['image'])
                                else str(user_folder / prediction['image']))
            drawn = [p for p in reported if p.endswith('.jpg')
                     and Path(p).stem in (Path(prediction['image']).stem, out.stem)]
            check_image_drawn(user_folder / drawn[0], source)
            topk = int(args[args.index('--topk') + 1]) if '--topk' in args else 5
            assert 0 < len(prediction['triplets']) <= topk
            assert prediction['triplets'][0]['verb'] and prediction['triplets'][0]['object']
        assert len(predictions) == (2 if flag == '--out-dir' else 1)
    elif script == 'demo_hotspots':
        assert len(predictions) == 2  # both photos of the folder
        for prediction in predictions:
            stem = Path(prediction['image']).stem
            source = cv2.imread(str(user_folder / 'my_photos' / f'{stem}.jpg'))
            assert [a['name'] for a in prediction['actions']] == CLASSES['hotspots']
            for action in prediction['actions']:
                drawn = cv2.imread(str(out / f'{stem}_{action["name"]}.jpg')).astype(int)
                x, y = action['peak']  # the map is high there: the overlay must show it
                assert_overlay_shows_the_peak(drawn, source, x, y)
            grid = cv2.imread(str(out / f'{stem}_grid.jpg'))
            assert grid.shape == (source.shape[0], 4 * source.shape[1], 3)
    elif script == 'demo_gaze_attention':
        frames = check_video(out, VIDEO_FRAMES, VIDEO_FPS)
        assert frames[0].shape[1] == 2 * round(frames[0].shape[0] * 64 / 48)  # two panels
        prediction, = predictions
        assert prediction['num_frames'] == VIDEO_FRAMES
        assert [p['label'] for p in prediction['top5']][0] in CLASSES['gaze_attention']
        assert sum(prediction['scores']) == pytest.approx(1, abs=1e-4)
    elif script == 'demo_integral_action':
        check_video(out, VIDEO_FRAMES, VIDEO_FPS)
        prediction, = predictions
        assert prediction['num_frames'] == VIDEO_FRAMES and len(prediction['top5']) == 5
        assert prediction['pred_label'] in CLASSES['integral_action']
    else:
        raise AssertionError(f'no check for {script}')
