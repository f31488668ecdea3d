"""tools/data/kinetics/README.md "Poses from mmpose instead of OpenPose": its commands run as
written (placeholders replaced) on OpenCV-made videos with a tiny random mmpose model, in an
environment where torchvision cannot be imported (as beside our torch)."""
import json
import os
import pickle
import re
import shlex
import subprocess
import sys

import cv2
import numpy as np
import pytest
import torch

from hoi_plugins.apis.inferencers.base_inferencer import read_video
from hoi_plugins.apis.pose import init_pose_model, topdown_poses
from hoi_plugins.datasets import PoseRGBDataset
from hoi_plugins.formats.skeletons import coco17_to_openpose18
from tests.helpers import PROJECT_ROOT, load_script
from tests.test_apis.demo_inputs import make_video, pose_config
from tests.test_tools.test_demo_integral_action import WITHOUT_TORCHVISION

README = PROJECT_ROOT / 'tools/data/kinetics/README.md'
VIDEOS = dict(clip_a=(7, (48, 64)), clip_b=(5, (40, 40)))  # name: (frames, (height, width))


def section_commands() -> list:
    """The shell commands of the README section, continuation lines joined."""
    text = README.read_text().split('## Poses from mmpose instead of OpenPose')[1]
    blocks = re.findall(r'```bash\n(.*?)```', text.split('\n## ')[0], re.S)
    lines = '\n'.join(blocks).replace('\\\n', ' ').splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith('#')]


@pytest.fixture(scope='module')
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp('kinetics_poses')
    for name, (num_frames, size) in VIDEOS.items():
        make_video(root / 'videos' / f'{name}.mp4', num_frames, 8.0, size=size)
    config = pose_config(root / 'pose.py')
    torch.manual_seed(0)
    torch.save(dict(state_dict=init_pose_model(str(config)).state_dict()), root / 'pose.pth')
    (root / 'list.txt').write_text('clip_a 3\nclip_b 1\n')
    return root


def test_readme_commands_write_the_skeleton_pickle(workspace):
    commands = section_commands()
    assert [shlex.split(c)[1] for c in commands] == [
        'tools/data/kinetics/estimate_poses.py', 'tools/data/kinetics/mmpose_to_skeleton_pkl.py']
    placeholders = dict(POSE_CONFIG=workspace / 'pose.py', POSE_CHECKPOINT=workspace / 'pose.pth')
    for command in commands:
        words = [str(placeholders.get(w, w)).replace('VIDEOS/val', 'videos')
                 for w in shlex.split(command)]
        if words[1].startswith('tools/'):
            words[1] = str(PROJECT_ROOT / words[1])
        (workspace / 'data/kinetics50').mkdir(parents=True, exist_ok=True)
        run = subprocess.run([sys.executable, '-c', WITHOUT_TORCHVISION, *words[1:]],
                             cwd=workspace, capture_output=True, text=True,
                             env=dict(os.environ, OMP_NUM_THREADS='1'))
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    content = pickle.loads((workspace / 'data/kinetics50/val_mmpose.pkl').read_bytes())
    assert content['split'] == dict(val=['clip_a', 'clip_b'])
    model = init_pose_model(str(workspace / 'pose.py'), str(workspace / 'pose.pth'))
    for ann, (name, (num_frames, size)) in zip(content['annotations'], VIDEOS.items()):
        assert (ann['frame_dir'], ann['total_frames'], tuple(ann['img_shape'])) == (
            name, num_frames, size)  # the size the keypoints refer to: the video's
        # frame t holds the model's pose of frame t of the video (its whole frame a person)
        frames, _ = read_video(workspace / 'videos' / f'{name}.mp4')
        height, width = size
        for t in range(num_frames):
            keypoints, scores = topdown_poses(model, frames[t],
                                              np.array([[0, 0, width, height]], np.float32))
            expected = coco17_to_openpose18(keypoints[None], scores[None])
            # (a random model: the scores of neighbouring frames differ by about 1e-5)
            np.testing.assert_allclose(ann['keypoint'][0, t], expected[0][0, 0], atol=1e-6)
            np.testing.assert_allclose(ann['keypoint_score'][0, t], expected[1][0, 0],
                                       rtol=0, atol=1e-7)
    predictions = json.loads((workspace / 'preds' / 'clip_b.json').read_text())
    assert [p['frame_id'] for p in predictions] == list(range(VIDEOS['clip_b'][0]))
    # the README's dataset reading the videos: keypoints in pixels of the video, as packed
    dataset = PoseRGBDataset(ann_file=str(workspace / 'data/kinetics50/val_mmpose.pkl'),
                             split='val', min_frames=0, pipeline=[],
                             data_prefix=dict(video=str(workspace / 'videos')))
    info = dataset.get_data_info(0)
    assert info['filename'] == str(workspace / 'videos' / 'clip_a.mp4')
    np.testing.assert_array_equal(info['keypoint'], content['annotations'][0]['keypoint'])


def test_pack_video_takes_the_size_of_the_frame_folder_or_fails_naming_it(tmp_path):
    # without --video-suffix: the keypoints refer to the frames of ROOT/<frame_dir>
    tool = load_script('tools/data/kinetics/mmpose_to_skeleton_pkl.py')
    (tmp_path / 'preds').mkdir()
    (tmp_path / 'preds' / 'clip.json').write_text(json.dumps([
        [dict(keypoints=[[1.0, 2.0]] * 17, keypoint_scores=[0.5] * 17)]] * 3))
    (tmp_path / 'frames' / 'clip').mkdir(parents=True)
    cv2.imwrite(str(tmp_path / 'frames' / 'clip' / '000001.jpg'), np.zeros((30, 50, 3), np.uint8))
    ann = tool.pack_video('clip', 2, str(tmp_path / 'preds'), str(tmp_path / 'frames'))
    assert tuple(ann['img_shape']) == (30, 50) and ann['total_frames'] == 3
    with pytest.raises(FileNotFoundError, match='missing first frame of clip'):
        tool.pack_video('clip', 2, str(tmp_path / 'preds'), str(tmp_path / 'absent'))
