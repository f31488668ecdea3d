"""EGTEAGazeDataset: real split files, gaze rows of a clip and bad inputs (the file formats
themselves: tests/test_formats/test_egtea_gaze.py)."""
import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope

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


VIDEO_CLIP = 'P01-R01-Test-0-1-F000010-F000022'  # video frames 10..21: 12 clip frames
SHADE = 18  # clip frame k (0-based) is a flat grey of SHADE * k + 9, found back after mp4v


def write_clip_as_frames_and_video(root, num_frames):
    """The clip as frame files (1-based, as extract_frames.py writes them), flow files and an
    MP4 (OpenCV, mp4v) of the same frames; gaze x of video frame f is 10 * f."""
    from hoi_plugins.visualization.writers import write_video
    frames = np.stack([np.full((24, 32, 3), SHADE * k + 9, np.uint8) for k in range(num_frames)])
    folders = [root / 'rgb' / VIDEO_CLIP, root / 'flow' / VIDEO_CLIP / 'u',
               root / 'flow' / VIDEO_CLIP / 'v']
    for folder in folders:
        folder.mkdir(parents=True)
    for k, frame in enumerate(frames, start=1):
        for folder, image in zip(folders, (frame, frame[..., 0], 255 - frame[..., 0])):
            cv2.imwrite(str(folder / f'{k:04d}.jpg'), image)
    write_video(str(root / 'clips' / 'P01-R01-Test' / f'{VIDEO_CLIP}.mp4'), frames, 24)
    (root / 'gaze').mkdir()
    write_gaze(root / 'gaze' / 'P01-R01-Test.txt',
               [(10 * f, 96, f, 'Fixation') for f in range(0, 40)])
    (root / 'test_split1.txt').write_text(f'{VIDEO_CLIP} 5 1 1\n')


@pytest.mark.parametrize('backend', ['Decord', 'OpenCV'])
def test_video_clip_gives_the_frames_and_gaze_of_the_frame_folder(tmp_path, backend):
    # the MP4 holds one frame more than the annotated end - start, as released clips may
    init_default_scope('hoi_plugins')
    write_clip_as_frames_and_video(tmp_path, num_frames=13)
    sampling = dict(type='SlidingWindowSampleFrames', clip_len=5, stride=3)
    after = [dict(type='LoadFlowFrames'), dict(type='LoadGazeForFrames')]
    from_frames = EGTEAGazeDataset(
        str(tmp_path / 'test_split1.txt'), test_mode=True,
        data_prefix=dict(img=str(tmp_path / 'rgb'), flow=str(tmp_path / 'flow'),
                         gaze=str(tmp_path / 'gaze')),
        pipeline=[sampling, dict(type='RawFrameDecode'), *after])[0]
    from_video = EGTEAGazeDataset(
        str(tmp_path / 'test_split1.txt'), test_mode=True,
        data_prefix=dict(video=str(tmp_path / 'clips'), flow=str(tmp_path / 'flow'),
                         gaze=str(tmp_path / 'gaze')),
        pipeline=[sampling, dict(type=f'{backend}Init'), dict(type=f'{backend}Decode'),
                  *after])[0]
    # windows 0..4, 3..7, 6..10 of the 12 annotated frames (not of the 13 decoded ones)
    clip_frames = np.concatenate([np.arange(s, s + 5) for s in (0, 3, 6)])
    np.testing.assert_array_equal(from_frames['frame_inds'], clip_frames + 1)  # file numbers
    np.testing.assert_array_equal(from_video['frame_inds'], clip_frames)  # video frames
    for item in (from_frames, from_video):
        shades = np.array([np.round((img[..., :3].mean() - 9) / SHADE) for img in item['imgs']])
        np.testing.assert_array_equal(shades, clip_frames)  # the frame each index names
        flow_u = np.array([np.round((img[..., 3].mean() - 9) / SHADE) for img in item['imgs']])
        np.testing.assert_array_equal(flow_u, clip_frames)  # flow of the same frame
        # clip frame k is video frame 10 + k: gaze x = 10 * (10 + k) of 1280, here in pixels
        np.testing.assert_allclose(item['keypoint'][0, :, 0, 0],
                                   10 * (10 + clip_frames) / 1280 * 32, rtol=1e-5)
    np.testing.assert_array_equal(from_frames['keypoint'], from_video['keypoint'])
