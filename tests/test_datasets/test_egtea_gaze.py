"""EGTEAGazeDataset: real split files, BeGaze gaze files and bad inputs."""
import numpy as np
import pytest

from hoi_plugins.datasets import EGTEAGazeDataset
from hoi_plugins.formats.egtea_gaze import parse_begaze_file, parse_clip_name

HEADER = ''.join(['## header\n'] * 9 + ['## Number of Samples:\t4\n'] + ['## \n'] * 23 +
                 ['Time\tType\tTrial\tL POR X [px]\tL POR Y [px]\tFrame\tL Event Info\n'])


def write_gaze(path, rows):
    path.write_text(HEADER + ''.join(f'{i}\tSMP\t1\t{x}\t{y}\t{f}\t{t}\n'
                                     for i, (x, y, f, t) in enumerate(rows)))


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
    assert info['gaze'].shape == (end - start, 3) and (info['gaze'][:, 2] == 0).all()
    assert info['frame_dir'] == f'images_rgb/{info["clip"]}'


def test_parse_clip_name_example():
    assert parse_clip_name('P21-R04-ContinentalBreakfast-291175-294945-F006979-F007088') == (
        'P21-R04-ContinentalBreakfast', 6979, 7088)
    with pytest.raises(ValueError, match='split.txt: line 3'):
        parse_clip_name('P21-R04-X-F10', 'split.txt: line 3')


def test_begaze_missing_frames_nan_and_outside(tmp_path):
    path = tmp_path / 'P01-R01-Test.txt'
    write_gaze(path, [(640, 480, 0, 'Fixation'), (660, 480, 0, 'Fixation'),  # averaged
                      ('nan', 'nan', 1, 'Fixation'), (2000, 100, 2, 'Fixation'),
                      (128, 96, 4, 'Saccade')])  # frame 3 is missing
    gaze = parse_begaze_file(str(path))
    assert gaze.shape == (5, 3)
    np.testing.assert_allclose(gaze[0], [650 / 1280, 0.5, 1])
    assert gaze[1, 2] == 0 and np.isnan(gaze[1, 0])  # NaN sample -> untracked
    assert gaze[2, 2] == 4  # outside the 1280x960 frame -> truncated
    assert gaze[3, 2] == 0  # missing frame -> untracked
    np.testing.assert_allclose(gaze[4], [0.1, 0.1, 2])


def test_bad_files_name_file_line_and_field(tmp_path):
    bad_gaze = tmp_path / 'bad.txt'
    bad_gaze.write_text(HEADER + '0\tSMP\t1\t1.0\t2.0\n')
    with pytest.raises(ValueError, match=r'bad.txt: line 35'):
        parse_begaze_file(str(bad_gaze))
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
               [(128, 96, f, 'Fixation') for f in range(0, 13)])
    split = tmp_path / 'test_split1.txt'
    split.write_text('P01-R01-Test-0-1-F000010-F000016 5 1 1\n')
    dataset = EGTEAGazeDataset(str(split), pipeline=[], test_mode=True, data_prefix=dict(
        img='rgb', gaze=str(tmp_path / 'gaze')))
    gaze = dataset.get_data_info(0)['gaze']  # clip frames 1..6 = video frames 10..15
    assert gaze.shape == (6, 3)
    np.testing.assert_array_equal(gaze[:, 2], [1, 1, 1, 0, 0, 0])  # gaze file ends at frame 12
