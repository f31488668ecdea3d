"""EGTEA Gaze+ formats: clip names of the split files and the raw BeGaze gaze exports."""
import numpy as np
import pytest

from hoi_plugins.formats.egtea_gaze import GAZE_TYPES, parse_begaze_file, parse_clip_name

HEADER = ''.join(['## header\n'] * 9 + ['## Number of Samples:\t4\n'] + ['## \n'] * 23 +
                 ['Time\tType\tTrial\tL POR X [px]\tL POR Y [px]\tFrame\tL Event Info\n'])


def write_gaze(path, rows):
    """An old-version (7-column) BeGaze export of (x, y, frame, event) rows."""
    path.write_text(HEADER + ''.join(f'{i}\tSMP\t1\t{x}\t{y}\t{f}\t{t}\n'
                                     for i, (x, y, f, t) in enumerate(rows)))


def gaze_type(row):
    return GAZE_TYPES[int(row[2])]


def test_parse_clip_name_example():
    assert parse_clip_name('P21-R04-ContinentalBreakfast-291175-294945-F006979-F007088') == (
        'P21-R04-ContinentalBreakfast', 6979, 7088)
    with pytest.raises(ValueError, match='split.txt: line 3'):
        parse_clip_name('P21-R04-X-F10', 'split.txt: line 3')
    with pytest.raises(ValueError, match='ends .F10. before it starts .F20.'):
        parse_clip_name('P21-R04-X-0-1-F20-F10')


def test_begaze_old_export_types_averages_missing_frames_nan_and_outside(tmp_path):
    path = tmp_path / 'P01-R01-Test.txt'
    write_gaze(path, [(640, 480, 0, 'Fixation'), (660, 480, 0, 'Fixation'),  # averaged
                      ('nan', 'nan', 1, 'Fixation'), (2000, 100, 2, 'Fixation'),
                      (128, 96, 4, 'Saccade'), (320, 240, 5, 'Blink')])  # frame 3 is missing
    gaze = parse_begaze_file(str(path))
    assert gaze.shape == (6, 3)
    np.testing.assert_allclose(gaze[0, :2], [650 / 1280, 0.5])
    assert [gaze_type(row) for row in gaze] == [
        'fixation',
        'untracked',  # a NaN sample
        'truncated',  # outside the 1280x960 frame
        'untracked',  # no sample
        'saccade',
        'unknown']  # any other BeGaze event
    assert np.isnan(gaze[[1, 3], :2]).all()
    np.testing.assert_allclose(gaze[4, :2], [0.1, 0.1])
    np.testing.assert_allclose(gaze[5, :2], [0.25, 0.25])


def test_begaze_new_export_reads_timecodes(tmp_path):
    path = tmp_path / 'P02-R01-Test.txt'
    row = ['0'] * 26
    row[5], row[6], row[-2], row[-1] = '640', '240', '00:00:01:02', 'Fixation'
    path.write_text('## header\n' + '\t'.join(row) + '\n')
    gaze = parse_begaze_file(str(path))
    assert gaze.shape == (24 + 2 + 1, 3)  # 1 s 2 frames at 24 fps = frame 26
    np.testing.assert_allclose(gaze[26, :2], [0.5, 0.25])
    assert gaze_type(gaze[26]) == 'fixation' and gaze_type(gaze[25]) == 'untracked'


def test_bad_gaze_file_names_file_and_line(tmp_path):
    bad_gaze = tmp_path / 'bad.txt'
    bad_gaze.write_text(HEADER + '0\tSMP\t1\t1.0\t2.0\n')
    with pytest.raises(ValueError, match=r'bad.txt: line 35'):
        parse_begaze_file(str(bad_gaze))
