"""SampleStridedClips: the official train/test starts, short clips, keypoint selection."""
import numpy as np

from hoi_plugins.datasets.transforms import SampleStridedClips


def results(total: int, start_index: int = 1):
    keypoint = np.arange(total, dtype=np.float32)[None, :, None, None].repeat(2, -1)
    return dict(total_frames=total, start_index=start_index, keypoint=keypoint,
                keypoint_score=np.ones((1, total, 1), np.float32))


def test_test_clips_start_as_the_official_code():
    out = SampleStridedClips(clip_len=8, frame_interval=8, num_clips=10,
                             test_mode=True)(results(300))
    starts = [int((300 - 1 - 7 * 8) * t / 9) for t in range(10)]
    expected = (np.array(starts)[:, None] + np.arange(8) * 8).reshape(-1)
    np.testing.assert_array_equal(out['frame_inds'], expected + 1)  # 1-based frame files
    np.testing.assert_array_equal(out['keypoint'][0, :, 0, 0], expected)  # 0-based arrays
    assert out['num_clips'] == 10 and out['clip_len'] == 8


def test_training_clip_is_random_and_inside_the_video():
    sampler = SampleStridedClips(clip_len=4, frame_interval=3)
    starts = set()
    for _ in range(200):
        out = sampler(results(20, start_index=0))
        assert out['num_clips'] == 1 and len(out['frame_inds']) == 4
        np.testing.assert_array_equal(np.diff(out['frame_inds']), 3)
        starts.add(int(out['frame_inds'][0]))
    assert starts == set(range(0, 20 - 9))  # randrange(0, total - (clip_len - 1) * interval)


def test_short_clip_repeats_its_last_frame():
    out = SampleStridedClips(clip_len=4, frame_interval=4, num_clips=2,
                             test_mode=True)(results(6, start_index=0))
    np.testing.assert_array_equal(out['frame_inds'], [0, 4, 5, 5, 0, 4, 5, 5])
