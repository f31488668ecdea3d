"""The synthetic generator: deterministic output, and labels that follow the motion."""
import hashlib

import cv2
import numpy as np
import pytest

from hoi_plugins.datasets.synthetic import generate_synthetic, synthetic_task_names
from hoi_plugins.datasets.synthetic.video_recognition import DIRECTIONS


def digest(folder):
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob('*') if p.is_file()):
        sha.update(str(path.relative_to(folder)).encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def test_same_seed_same_bytes(tmp_path):
    first = generate_synthetic('video_recognition', tmp_path / 'a', seed=3, num_train=4, num_val=2)
    generate_synthetic('video_recognition', tmp_path / 'b', seed=3, num_train=4, num_val=2)
    generate_synthetic('video_recognition', tmp_path / 'c', seed=4, num_train=4, num_val=2)
    assert digest(tmp_path / 'a') == digest(tmp_path / 'b')
    assert digest(tmp_path / 'a') != digest(tmp_path / 'c')
    assert first['counts'] == dict(train=4, val=2)
    assert (tmp_path / 'a' / 'synthetic_info.json').is_file()


def test_label_is_the_direction_of_motion(tmp_path):
    generate_synthetic('video_recognition', tmp_path, seed=0, num_train=8, num_val=0)
    lines = (tmp_path / 'train_list.txt').read_text().split('\n')
    expected = {'right': (1, 0), 'left': (-1, 0), 'down': (0, 1), 'up': (0, -1)}
    for line in filter(None, lines):
        clip, num_frames, label = line.split()
        frames = [cv2.imread(str(tmp_path / 'rawframes' / clip / f'img_{t:05d}.jpg'))
                  for t in range(1, int(num_frames) + 1)]
        centres = [np.argwhere(frame.max(axis=2) > 130).mean(axis=0)[::-1] for frame in frames]
        motion = np.sign(np.round(centres[-1] - centres[0]))
        assert tuple(motion) == expected[DIRECTIONS[int(label)]], clip


def test_unknown_task_lists_the_available_ones(tmp_path):
    assert 'video_recognition' in synthetic_task_names()
    with pytest.raises(KeyError, match='video_recognition'):
        generate_synthetic('no_such_task', tmp_path)
