"""Gaze transforms: gaze follows crop, resize and flip; targets; sliding windows; flow."""
import cv2
import numpy as np
import pytest
from mmaction.datasets.transforms import Flip, RandomCrop, Resize

from hoi_plugins.datasets.transforms import (GenerateGazeTarget, LoadFlowFrames,
                                             LoadGazeForFrames, SlidingWindowSampleFrames)


def results_with_gaze(points, types, height=40, width=60):
    gaze = np.concatenate([np.asarray(points, np.float32) / [width, height],
                           np.asarray(types, np.float32)[:, None]], axis=1)
    return dict(gaze=gaze, frame_inds=np.arange(1, len(points) + 1), start_index=1,
                img_shape=(height, width), modality='RGB',
                imgs=[np.zeros((height, width, 3), np.uint8) for _ in points])


def test_gaze_follows_crop_resize_flip_and_makes_targets():
    results = results_with_gaze([(30, 20), (50, 10), (5, 5), (30, 20)], [1, 1, 2, 0])
    results = LoadGazeForFrames()(results)
    np.testing.assert_allclose(results['keypoint'][0, :2, 0], [[30, 20], [50, 10]])
    assert np.isnan(results['keypoint'][0, 2:]).all()  # saccade and untracked: no gaze
    np.random.seed(3)
    results = RandomCrop(size=32)(results)
    x0, y0 = results['crop_bbox'][:2]
    np.testing.assert_allclose(results['keypoint'][0, 0, 0], [30 - x0, 20 - y0])
    results = Resize(scale=(64, 64), keep_ratio=False)(results)
    results = Flip(flip_ratio=1.0)(results)
    expected_x = 64 - (30 - x0) * 2
    np.testing.assert_allclose(results['keypoint'][0, 0, 0], [expected_x, (20 - y0) * 2])
    results = GenerateGazeTarget(stride=1, sigma=2.0)(results)
    maps = results['gaze_maps']
    assert maps.shape == (4, 64, 64)
    peak_y, peak_x = np.unravel_index(maps[0].argmax(), maps[0].shape)
    assert abs(peak_x + 0.5 - expected_x) <= 0.5 and abs(peak_y + 0.5 - (20 - y0) * 2) <= 0.5
    assert maps[2:].sum() == 0


def test_gaussian_centre_is_the_gaze_point_in_pixel_centre_coordinates():
    """Pixel (row r, col c) covers [c, c + 1) x [r, r + 1); its value is the Gaussian at its
    centre (c + 0.5, r + 0.5), the convention of mmaction2's Flip (x -> width - x)."""
    results = dict(keypoint=np.array([[[[3.5, 2.5]]]], np.float32), img_shape=(6, 8))
    gaze_map = GenerateGazeTarget(stride=1, sigma=2.0, min_mass=0.0)(results)['gaze_maps'][0]
    assert gaze_map[2, 3] == 1.0  # the gaze point is the centre of pixel (2, 3)
    # by hand, exp(-d^2 / (2 sigma^2)) with 2 sigma^2 = 8
    np.testing.assert_allclose(
        [gaze_map[2, 4], gaze_map[2, 2], gaze_map[1, 3], gaze_map[3, 3], gaze_map[1, 2],
         gaze_map[0, 0], gaze_map[5, 7]],
        np.exp(-np.array([1, 1, 1, 1, 2, 4 + 9, 9 + 16]) / 8.0), rtol=1e-6)


def test_maps_with_less_than_unit_mass_in_the_frame_are_dropped():
    """official: dataset.py L54 (``if np.sum(p) >= 1``: a cropped map is kept only with mass
    >= 1). With sigma 1 a full Gaussian has mass 2 pi = 6.28; a point 1 px left of the frame
    keeps 0.93 of it inside, a point 0.5 px left keeps 1.89."""
    results = dict(keypoint=np.array([[[[-1.0, 8.5]], [[-0.5, 8.5]], [[-20.0, 5.0]],
                                       [[np.nan, np.nan]]]], np.float32), img_shape=(16, 16))
    maps = GenerateGazeTarget(stride=1, sigma=1.0)(results)['gaze_maps']
    assert maps[0].sum() == 0 and maps[2].sum() == 0 and maps[3].sum() == 0
    assert maps[1].sum() == pytest.approx(1.888, abs=1e-3)
    assert maps[1, 8, 0] == pytest.approx(np.exp(-0.5), rel=1e-6)  # 1 px from the point


def test_gaze_maps_take_every_stride_th_frame():
    """official: dataset.py L50 (maps of frames start + 0, 8, 16 of a 24-frame snippet)."""
    points = np.full((1, 24, 1, 2), np.nan, np.float32)
    for frame, x in ((0, 2.5), (8, 4.5), (16, 6.5)):
        points[0, frame, 0] = (x, 4.5)
    points[0, 1::8, 0] = (10.5, 4.5)  # frames between the map frames are not used
    maps = GenerateGazeTarget(stride=8, sigma=1.0)(dict(keypoint=points,
                                                        img_shape=(12, 12)))['gaze_maps']
    assert maps.shape == (3, 12, 12)
    assert [np.unravel_index(m.argmax(), m.shape) for m in maps] == [(4, 2), (4, 4), (4, 6)]


def test_sliding_windows_official_protocol_and_short_video():
    windows = SlidingWindowSampleFrames(clip_len=24, stride=24)
    out = windows(dict(total_frames=60, start_index=1))
    assert out['num_clips'] == 2
    np.testing.assert_array_equal(out['frame_inds'][[0, 23, 24, 47]], [1, 24, 25, 48])
    sparse = SlidingWindowSampleFrames(clip_len=24, stride=24, sparse_max_windows=10)
    assert sparse(dict(total_frames=500, start_index=1))['num_clips'] == len(
        range(0, 500 - 24 + 1, 50))
    short = windows(dict(total_frames=10, start_index=1))  # shorter than a window: loop
    assert short['num_clips'] == 1
    np.testing.assert_array_equal(short['frame_inds'][:12], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2])


def test_official_training_snippet_always_starts_at_frame_1():
    """official: dataset.py L40-43 (``num_frames`` becomes 24 before the start is drawn, so
    ``randint(1)`` is 0 and every training snippet is frames 1..24 of its clip)."""
    first = SlidingWindowSampleFrames(clip_len=24, stride=24, num_windows=1)
    for total in (24, 25, 90, 500):
        out = first(dict(total_frames=total, start_index=1))
        np.testing.assert_array_equal(out['frame_inds'], np.arange(1, 25))
        assert out['num_clips'] == 1


def test_flow_frames_become_channels(tmp_path):
    for direction, value in (('u', 10), ('v', 200)):
        (tmp_path / direction).mkdir()
        for index in (1, 2):
            cv2.imwrite(str(tmp_path / direction / f'{index:04d}.jpg'),
                        np.full((8, 12), value, np.uint8))
    results = dict(flow_dir=str(tmp_path), filename_tmpl='{:04d}.jpg',
                   frame_inds=np.array([1, 2]),
                   imgs=[np.zeros((8, 12, 3), np.uint8), np.zeros((8, 12, 3), np.uint8)])
    imgs = LoadFlowFrames()(results)['imgs']
    assert imgs[0].shape == (8, 12, 5)
    assert abs(int(imgs[1][4, 6, 3]) - 10) <= 2 and abs(int(imgs[1][4, 6, 4]) - 200) <= 2


def test_training_clip_longer_than_the_video_loops_frames_and_gaze():
    from mmaction.datasets.transforms import SampleFrames
    results = results_with_gaze([(10, 10), (20, 20), (30, 30)], [1, 1, 1])
    results.update(total_frames=3)
    results = SampleFrames(clip_len=8, frame_interval=1, num_clips=1)(results)
    np.testing.assert_array_equal(np.sort(np.unique(results['frame_inds'])), [1, 2, 3])
    keypoint = LoadGazeForFrames()(results)['keypoint'][0, :, 0]
    assert keypoint.shape == (8, 2) and np.isfinite(keypoint).all()
