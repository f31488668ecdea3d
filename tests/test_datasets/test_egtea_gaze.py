"""EGTEAGazeDataset: real split files, gaze rows of a clip and bad inputs (the file formats
themselves: tests/test_formats/test_egtea_gaze.py)."""
import numpy as np
import pytest

from hoi_plugins.datasets import EGTEAGazeDataset
from hoi_plugins.formats.egtea_gaze import GAZE_TYPES, parse_clip_name
from tests.test_formats.test_egtea_gaze import write_gaze


def test_real_split_files(reference_data):
    for split, count in (('train', 8299), ('test', 2022)):
        dataset = EGTEAGazeDataset(str(reference_data / 'egtea' / f'{split}_split1.txt'),
                                   pipeline=[], data_prefix=dict(img='images_rgb'),
                                   test_mode=split == 'test')
        assert len(dataset) == count
        labels = {dataset.get_data_info(i)['label'] for i in range(0, count, 7)}
        assert min(labels) >= 0 and max(labels) <= 105
    info = dataset.get_data_info(0)
    video, start, end = parse_clip_name(info['clip'])
    assert info['total_frames'] == end - start and info['video'] == video
    assert info['gaze'].shape == (end - start, 3)
    assert {GAZE_TYPES[int(kind)] for kind in info['gaze'][:, 2]} == {'untracked'}  # no gaze
    assert info['frame_dir'] == f'images_rgb/{info["clip"]}'


def test_bad_split_files_name_file_line_and_field(tmp_path):
    split = tmp_path / 'train_split1.txt'
    split.write_text('P01-R01-Test-0-1-F000010-F000040 107 1 1\n')
    with pytest.raises(ValueError, match=r'train_split1.txt: line 1: field action'):
        EGTEAGazeDataset(str(split), pipeline=[])
    split.write_text('P01-R01-Test-0-1-F000010-F000040 5 1 1\n')
    dataset = EGTEAGazeDataset(str(split), pipeline=[], data_prefix=dict(
        img='rgb', gaze=str(tmp_path / 'gaze')))
    with pytest.raises(FileNotFoundError, match='P01-R01-Test'):
        dataset.get_data_info(0)


def test_clip_gaze_maps_video_frames_and_pads_untracked(tmp_path):
    (tmp_path / 'gaze').mkdir()
    write_gaze(tmp_path / 'gaze' / 'P01-R01-Test.txt',
               [(10 * f, 96, f, 'Fixation') for f in range(0, 13)])
    split = tmp_path / 'test_split1.txt'
    split.write_text('P01-R01-Test-0-1-F000010-F000016 5 1 1\n')
    dataset = EGTEAGazeDataset(str(split), pipeline=[], test_mode=True, data_prefix=dict(
        img='rgb', gaze=str(tmp_path / 'gaze')))
    gaze = dataset.get_data_info(0)['gaze']  # clip frames 1..6 = video frames 10..15
    assert gaze.shape == (6, 3)
    assert [GAZE_TYPES[int(kind)] for kind in gaze[:, 2]] == ['fixation'] * 3 + ['untracked'] * 3
    # frame i of the clip is video frame 10 + i - 1; the gaze file ends at video frame 12
    np.testing.assert_allclose(gaze[:3, 0], np.array([100, 110, 120]) / 1280)
    assert np.isnan(gaze[3:, :2]).all()
