"""Datasets refuse labels outside ``[0, num_classes)`` when they read the annotation file."""
import pickle

import numpy as np
import pytest

from hoi_plugins.datasets import PoseRGBDataset
from hoi_plugins.datasets.label_checks import check_labels


@pytest.mark.parametrize('label', [-1, 3])
def test_check_labels_names_file_and_line(label):
    data_list = [dict(label=0), dict(label=2), dict(label=label)]
    with pytest.raises(ValueError, match=rf'train\.txt: line 3: label {label} is out of range '
                       r'\(0\.\.2; num_classes=3\)'):
        check_labels(data_list, 3, 'train.txt', lambda index: f'line {index + 1}')
    check_labels(data_list[:2], 3, 'train.txt')


def test_check_labels_multi_label_and_unknown_num_classes():
    with pytest.raises(ValueError, match='item 0: label 5'):
        check_labels([dict(label=[1, 5])], 5, 'ann.json')
    check_labels([dict(label=[1, 5])], None, 'ann.json')
    with pytest.raises(ValueError, match='not negative'):
        check_labels([dict(label=-1)], None, 'ann.json')


@pytest.mark.parametrize('label', [-1, 4])
def test_pose_rgb_dataset_checks_labels_at_load(tmp_path, label):
    def video(name, label):
        return dict(frame_dir=name, label=label, total_frames=60, img_shape=(64, 64),
                    keypoint=np.zeros((1, 60, 17, 2), np.float32),
                    keypoint_score=np.ones((1, 60, 17), np.float32))

    ann_file = tmp_path / 'train.pkl'
    ann_file.write_bytes(pickle.dumps([video('a', 0), video('b', label)]))
    with pytest.raises(ValueError, match=rf'train\.pkl: video b: label {label} is out of range'):
        PoseRGBDataset(str(ann_file), pipeline=[], num_classes=4)
