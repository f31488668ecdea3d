"""PoseRGBDataset on the official JSON formats and on mmpose-made skeleton pickles."""
import json
import os.path as osp
import pickle

import cv2
import numpy as np
import pytest
from mmengine.config import Config

from hoi_plugins.datasets import PoseRGBDataset
from hoi_plugins.datasets.transforms import LoadSkeletonFrames
from hoi_plugins.formats.skeletons import coco17_to_openpose18, load_ntu_skeleton
from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.visualization.writers import write_video

from tests.helpers import load_script


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


@pytest.fixture(scope='module')
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp('integral_action')
    generate_synthetic('integral_action', root, num_train=8, num_val=8, num_mimetics=4)
    return root


@pytest.fixture(scope='module')
def pipelines(project_root):
    cfg = Config.fromfile(project_root / 'configs/integral_action/'
                          'integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py')
    return cfg.train_pipeline, cfg.test_pipeline


def kinetics(root, split, pipeline, min_frames=6, **kwargs):
    """The official Kinetics layout (data/Kinetics/Kinetics.py L38, L44-55)."""
    return PoseRGBDataset(
        ann_file=str(root / f'Kinetics8_{split}.json'), pipeline=pipeline,
        skeleton_format='kinetics_skeleton', min_frames=min_frames,
        frame_dir_tmpl='{seq_name}/{file_name}', skeleton_tmpl='{video_name}.json',
        data_prefix=dict(img=str(root / 'frames' / f'{split}_64'),
                         skeleton=str(root / 'kinetics-skeleton' / f'kinetics_{split}')),
        **dict(dict(strip_name_fields=2 if split == 'train' else 0), **kwargs))


def test_official_kinetics_layout_and_has_skeleton(synthetic, pipelines):
    label_file = str(synthetic / 'kinetics-skeleton' / 'kinetics_train_label.json')
    # official: data/Kinetics/Kinetics.py L47-49, videos marked has_skeleton false are dropped
    with pytest.warns(UserWarning, match='dropped 1 videos marked has_skeleton false'):
        train = kinetics(synthetic, 'train', pipelines[0], label_file=label_file)
    assert len(train) == 7
    assert 'train00007' not in {osp.basename(info['skeleton_path'])[:-5]
                                for info in train.data_list}
    assert len(kinetics(synthetic, 'train', pipelines[0])) == 8  # without the label file
    # official: Kinetics.py L38 (frames) and L44-46, L55 (skeleton of the stripped name)
    info = train.get_data_info(1)
    assert info['frame_dir'].endswith(osp.join('train_64', 'jump', 'train00001_000000_000016'))
    assert info['skeleton_path'].endswith(osp.join('kinetics_train', 'train00001.json'))
    with pytest.raises(ValueError, match=r'file_name .* has fewer than 3 "_" fields'):
        kinetics(synthetic, 'val', pipelines[1], strip_name_fields=2)


def test_kinetics_and_mimetics_json(synthetic, pipelines):
    train = kinetics(synthetic, 'train', pipelines[0])
    assert len(train) == 8
    sample = train[0]
    assert sample['inputs']['imgs'].shape == (4, 3, 56, 56)
    assert sample['inputs']['heatmap_imgs'].shape == (4, 18 + 34, 14, 14)
    info = train.get_data_info(1)
    assert info['img_shape'] == (64, 64) and info['skeleton_format'] == 'kinetics_skeleton'
    mimetics = PoseRGBDataset(
        ann_file=str(synthetic / 'Mimetics8.json'), pipeline=pipelines[1],
        skeleton_format='mimetics', frame_dir_tmpl='{seq_name}/{file_name}',
        skeleton_tmpl='{seq_name}/{file_name}/data.json', min_frames=6, test_mode=True,
        data_prefix=dict(img=str(synthetic / 'frames' / 'mimetics'),
                         skeleton=str(synthetic / 'pose_results')))
    sample = mimetics[1]
    assert sample['inputs']['heatmap_imgs'].shape == (12, 52, 14, 14)  # 3 test clips
    assert sample['data_samples'].gt_label.item() == 1


def test_bad_inputs(synthetic, pipelines, tmp_path):
    # short videos are dropped as in the official code (frame_num <= 7 * 8 here)
    with pytest.warns(UserWarning, match='dropped 2 videos with <= 12 frames'):
        assert len(kinetics(synthetic, 'val', pipelines[1], min_frames=12)) == 6
    with pytest.raises(ValueError, match=r'Kinetics8_val.json: none of its 8 videos has more '
                                         r'than 56 frames'):
        kinetics(synthetic, 'val', pipelines[1], min_frames=56)
    # a skeleton without scores is rejected with the file, the item and the field
    skeleton = synthetic / 'kinetics-skeleton' / 'kinetics_val'
    broken_dir = tmp_path / 'skeleton'
    broken_dir.mkdir()
    for path in skeleton.iterdir():
        content = json.loads(path.read_text())
        for entry in content['data']:
            for person in entry['skeleton']:
                del person['score']
        (broken_dir / path.name).write_text(json.dumps(content))
    dataset = PoseRGBDataset(
        ann_file=str(synthetic / 'Kinetics8_val.json'), pipeline=pipelines[1],
        skeleton_format='kinetics_skeleton', min_frames=6, test_mode=True,
        frame_dir_tmpl='{seq_name}/{file_name}', skeleton_tmpl='{video_name}.json',
        data_prefix=dict(img=str(synthetic / 'frames' / 'val_64'), skeleton=str(broken_dir)))
    with pytest.raises(KeyError, match=r'val00000.json: frame_index \d+, person 0 has no "score"'):
        dataset[0]


def write_mmpose_video(root, name, num_frames=10):
    """Frames and the per-frame predictions an mmpose inferencer writes (COCO-17)."""
    import cv2
    frames = root / 'frames' / name
    frames.mkdir(parents=True)
    for t in range(1, num_frames + 1):
        cv2.imwrite(str(frames / f'{t:06d}.jpg'), np.zeros((48, 80, 3), np.uint8))
    rng = np.random.default_rng(0)
    predictions = []
    for t in range(num_frames):
        instances = [] if t == 2 else [  # nobody found in frame 2
            dict(keypoints=(rng.uniform(0, 80, (17, 2))).tolist(),
                 keypoint_scores=rng.uniform(0.5, 1, 17).tolist(), bbox=[[0, 0, 80, 48]],
                 bbox_score=0.9)]
        if t == 5:  # a second person partly outside the frame
            instances.append(dict(keypoints=(rng.uniform(-40, 120, (17, 2))).tolist(),
                                  keypoint_scores=rng.uniform(0, 1, 17).tolist(),
                                  bbox=[[0, 0, 80, 48]], bbox_score=0.5))
        predictions.append(dict(frame_id=t, instances=instances))
    (root / 'preds').mkdir(exist_ok=True)
    (root / 'preds' / f'{name}.json').write_text(json.dumps(predictions))


def test_skeleton_pickle_from_mmpose_inferencer_output(project_root, pipelines, tmp_path):
    tool = load_script('tools/data/kinetics/mmpose_to_skeleton_pkl.py')
    write_mmpose_video(tmp_path, 'clip_a')
    write_mmpose_video(tmp_path, 'clip_b', num_frames=3)  # shorter than a clip
    (tmp_path / 'list.txt').write_text('clip_a 3\nclip_b 1\n')
    out = tmp_path / 'skeletons.pkl'
    tool.pack_videos(str(tmp_path / 'list.txt'), str(tmp_path / 'preds'),
                     str(tmp_path / 'frames'), 'test', out=str(out))
    content = pickle.loads(out.read_bytes())
    ann = content['annotations'][0]
    assert ann['keypoint'].shape == (2, 10, 18, 2) and ann['keypoint_score'].shape == (2, 10, 18)
    assert ann['keypoint_score'][:, 2].max() == 0  # the empty frame
    dataset = PoseRGBDataset(ann_file=str(out), pipeline=pipelines[1], split='test',
                             data_prefix=dict(img=str(tmp_path / 'frames')), min_frames=0,
                             test_mode=True)
    assert len(dataset) == 2
    for index in range(2):  # the 3-frame video repeats its last frame
        sample = dataset[index]
        assert sample['inputs']['heatmap_imgs'].shape == (12, 52, 14, 14)
        assert np.isfinite(sample['inputs']['heatmap_imgs'].numpy()).all()
    # a pickle without keypoint scores: rejected by default, trusted on request
    del content['annotations'][0]['keypoint_score']
    out.write_bytes(pickle.dumps(content))
    with pytest.raises(KeyError, match=r'skeletons.pkl: annotation 0 \(clip_a\) has no '
                                       '"keypoint_score"'):
        PoseRGBDataset(ann_file=str(out), pipeline=pipelines[1], split='test',
                       data_prefix=dict(img=str(tmp_path / 'frames')), min_frames=0)
    dataset = PoseRGBDataset(ann_file=str(out), pipeline=pipelines[1], split='test',
                             data_prefix=dict(img=str(tmp_path / 'frames')), min_frames=0,
                             missing_score='one')
    assert dataset.get_data_info(0)['keypoint_score'].min() == 1


def test_coco17_to_openpose18():
    keypoint = np.arange(17 * 2, dtype=np.float32).reshape(17, 2)
    score = np.linspace(0.1, 0.9, 17).astype(np.float32)
    out_kp, out_score = coco17_to_openpose18(keypoint, score)
    assert out_kp.shape == (18, 2)
    np.testing.assert_array_equal(out_kp[0], keypoint[0])  # nose
    np.testing.assert_array_equal(out_kp[1], (keypoint[5] + keypoint[6]) / 2)  # neck
    np.testing.assert_array_equal(out_kp[2], keypoint[6])  # right shoulder
    np.testing.assert_array_equal(out_kp[5], keypoint[5])  # left shoulder
    np.testing.assert_array_equal(out_kp[17], keypoint[3])  # left ear
    assert out_score[1] == score[5]
    from hoi_plugins.datasets.transforms import ConvertCOCO17ToOpenPose18
    results = ConvertCOCO17ToOpenPose18()(dict(keypoint=keypoint[None, None],
                                               keypoint_score=score[None, None]))
    np.testing.assert_array_equal(results['keypoint'][0, 0], out_kp)
    with pytest.raises(ValueError, match='expected 17 COCO joints'):
        coco17_to_openpose18(out_kp, out_score)


def test_ntu_skeleton_file(tmp_path):
    joint = '0.1 0.2 3.0 0 0 {x} {y} 0 0 0 0 0'
    lines = ['2']
    for frame in range(2):
        lines += ['1', 'body info', '25']
        for j in range(25):
            x, y = ('nan', 'nan') if (frame, j) == (1, 3) else (100 + j, 200 + frame)
            lines.append(joint.format(x=x, y=y))
    path = tmp_path / 'S001C001P001R001A001.skeleton'
    path.write_text('\n'.join(lines) + '\n')
    keypoint, score = load_ntu_skeleton(str(path))
    assert keypoint.shape == (1, 2, 25, 2)
    assert keypoint[0, 0, 4].tolist() == [104, 200]
    assert score[0, 1, 3] == 0 and keypoint[0, 1, 3].tolist() == [0, 0]  # NaN joint


def kinetics_skeleton_file(path, num_frames=4):
    """Frame ``frame_index`` k (1-based in the files) holds one person whose joints all sit
    at x = 10 * k pixels of a 100x50 video."""
    data = [dict(frame_index=k, skeleton=[dict(pose=[k / 10, 0.5] * 18, score=[0.9] * 18)])
            for k in range(1, num_frames + 1)]
    path.write_text(json.dumps(dict(data=data)))


def load_frames(path, frames, base):
    return LoadSkeletonFrames()(dict(
        skeleton_path=str(path), skeleton_format='kinetics_skeleton', start_index=1,
        frame_inds=np.asarray(frames) + 1, total_frames=4, original_shape=(50, 100),
        img_shape=(50, 100), skeleton_frame_index_base=base))


def test_skeleton_frame_index_official_and_correct(tmp_path):
    kinetics_skeleton_file(tmp_path / 'video.json')
    # official: data/Kinetics/Kinetics.py L77-78 compares the 1-based frame_index with the
    # 0-based frame numbers of load_video (common/utils/preprocessing.py L26-30): each RGB
    # frame gets the previous frame's skeleton and the first none
    official = load_frames(tmp_path / 'video.json', [0, 1, 3], base=0)
    assert official['keypoint_score'][0, 0].max() == 0
    np.testing.assert_allclose(official['keypoint'][0, 1:, 0, 0], [10, 30], rtol=1e-6)
    correct = load_frames(tmp_path / 'video.json', [0, 1, 3], base=1)
    np.testing.assert_allclose(correct['keypoint'][0, :, 0, 0], [10, 20, 40], rtol=1e-6)


def test_only_the_sampled_frames_are_converted(tmp_path):
    kinetics_skeleton_file(tmp_path / 'video.json')
    content = json.loads((tmp_path / 'video.json').read_text())
    del content['data'][2]['skeleton'][0]['score']  # frame 2 is broken, but never sampled
    (tmp_path / 'video.json').write_text(json.dumps(content))
    out = load_frames(tmp_path / 'video.json', [3, 0, 3], base=1)
    assert out['keypoint'].shape == (1, 3, 18, 2)  # in the sampled order, with repeats
    np.testing.assert_allclose(out['keypoint'][0, :, 0, 0], [40, 10, 40], rtol=1e-6)
    with pytest.raises(KeyError, match=r'frame_index 3, person 0 has no "score"'):
        load_frames(tmp_path / 'video.json', [2], base=1)


@pytest.mark.parametrize('config,base', [
    ('integral-action-rgb-only_tsm-r18_30e_kinetics50', 0),
    ('integral-action-pose-only_tsm-r18_30e_kinetics50', 0),
    ('integral-action-rgb-pose_tsm-r18_29e_kinetics50', 0),
    ('integral-action-rgb-pose_tsm-r18-w16_15e_synthetic', 1)])
def test_configs_that_evaluate_converted_weights_use_the_official_mapping(project_root, config,
                                                                          base):
    cfg = Config.fromfile(project_root / 'configs' / 'integral_action' / f'{config}.py')
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        assert loader.dataset.skeleton_frame_index_base == base
    assert cfg.train_dataloader.dataset.strip_name_fields == 2
    assert cfg.train_dataloader.dataset.label_file.endswith('kinetics_train_label.json')


@pytest.mark.parametrize('config,frame_shape', [
    ('integral-action-rgb-pose_tsm-r18_29e_kinetics50', (256, 340)),
    ('integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub', (240, 320))])
def test_training_crops_are_the_official_sizes(project_root, config, frame_shape):
    """official: common/utils/preprocessing.py L117-124, crops int(224 * s) wide and high for
    s in (1, .875, .75, .66) with neighbouring scales paired: 224/196/168/147 px."""
    from mmaction.datasets.transforms import MultiScaleCrop
    cfg = Config.fromfile(project_root / 'configs' / 'integral_action' / f'{config}.py')
    step = next(s for s in cfg.train_pipeline if s['type'] == 'MultiScaleCrop')
    crop = MultiScaleCrop(**{k: v for k, v in step.items() if k != 'type'})
    sizes = set()
    for _ in range(400):
        out = crop(dict(imgs=[np.zeros(frame_shape + (3, ), np.uint8)], img_shape=frame_shape,
                        modality='RGB'))
        sizes.add(tuple(out['crop_bbox'][2:] - out['crop_bbox'][:2]))
    official = [int(s * 224) for s in (1, .875, .75, .66)]
    assert sizes == {(official[i], official[j]) for i in range(4) for j in range(4)
                     if abs(i - j) <= 1}


def test_skeletons_converted_once_to_npz_give_the_same_inputs(synthetic, pipelines, tmp_path):
    """tools/data/kinetics/skeletons_to_npz.py: the .npz files replace the JSON files."""
    tool = load_script('tools/data/kinetics/skeletons_to_npz.py')
    skeleton_dir = synthetic / 'kinetics-skeleton' / 'kinetics_val'
    assert tool.convert_folder(str(skeleton_dir), str(tmp_path / 'npz')) == 8
    from_json = kinetics(synthetic, 'val', pipelines[1], test_mode=True)
    from_npz = PoseRGBDataset(
        ann_file=str(synthetic / 'Kinetics8_val.json'), pipeline=pipelines[1],
        skeleton_format='kinetics_skeleton', min_frames=6, test_mode=True,
        frame_dir_tmpl='{seq_name}/{file_name}', skeleton_tmpl='{video_name}.npz',
        data_prefix=dict(img=str(synthetic / 'frames' / 'val_64'), skeleton=str(tmp_path / 'npz')))
    for index in (0, 3):
        np.testing.assert_array_equal(from_npz[index]['inputs']['heatmap_imgs'].numpy(),
                                      from_json[index]['inputs']['heatmap_imgs'].numpy())
    kinetics_skeleton_file(tmp_path / 'video.json')
    tool.convert_folder(str(tmp_path), str(tmp_path / 'one'))
    for base in (0, 1):
        json_out = load_frames(tmp_path / 'video.json', [0, 1, 3], base)
        npz_out = load_frames(tmp_path / 'one' / 'video.npz', [0, 1, 3], base)
        np.testing.assert_array_equal(npz_out['keypoint'], json_out['keypoint'])
        np.testing.assert_array_equal(npz_out['keypoint_score'], json_out['keypoint_score'])


SHADE = 18  # frame k (0-based) of the hand-made video is a flat grey of SHADE * k + 9


@pytest.mark.parametrize('backend', ['Decord', 'OpenCV'])
def test_video_file_gives_the_frames_and_skeletons_of_the_frame_folder(tmp_path, backend):
    """Video frame k, frame file k + 1 (as tools/data/kinetics/extract_frames.py writes it) and
    skeleton frame k are one frame; the video's size rescales the keypoints as the frames'."""
    num_frames = 12
    frames = np.stack([np.full((24, 32, 3), SHADE * k + 9, np.uint8) for k in range(num_frames)])
    (tmp_path / 'frames' / 'cls' / 'vid').mkdir(parents=True)
    for k, frame in enumerate(frames, start=1):
        cv2.imwrite(str(tmp_path / 'frames' / 'cls' / 'vid' / f'{k:06d}.jpg'), frame)
    write_video(str(tmp_path / 'videos' / 'cls' / 'vid.mp4'), frames, 24)
    keypoint = np.zeros((1, num_frames, 18, 2), np.float32)
    keypoint[..., 0] = np.arange(num_frames)[None, :, None] * 4  # x of skeleton frame k: 4k
    (tmp_path / 'ann.pkl').write_bytes(pickle.dumps([dict(
        frame_dir='cls/vid', label=2, img_shape=(48, 64), keypoint=keypoint,
        keypoint_score=np.ones((1, num_frames, 18), np.float32))]))
    sampling = dict(type='SampleStridedClips', clip_len=3, frame_interval=2, num_clips=2,
                    test_mode=True)

    def item(data_prefix, decode):
        return PoseRGBDataset(ann_file=str(tmp_path / 'ann.pkl'), min_frames=0,
                              data_prefix=data_prefix, pipeline=[sampling, *decode])[0]

    from_frames = item(dict(img=str(tmp_path / 'frames')), [dict(type='RawFrameDecode')])
    from_video = item(dict(video=str(tmp_path / 'videos')),
                      [dict(type=f'{backend}Init'), dict(type=f'{backend}Decode')])
    clip_frames = np.array([0, 2, 4, 7, 9, 11])  # starts 0 and (12 - 1 - 4) = 7
    np.testing.assert_array_equal(from_frames['frame_inds'], clip_frames + 1)  # file numbers
    np.testing.assert_array_equal(from_video['frame_inds'], clip_frames)  # video frames
    for sample in (from_frames, from_video):
        shades = [np.round((img.mean() - 9) / SHADE) for img in sample['imgs']]
        np.testing.assert_array_equal(shades, clip_frames)  # the frame each index names
        # skeleton frame k (x = 4k in the 64-wide annotation) on the 32-wide frames: 2k
        np.testing.assert_allclose(sample['keypoint'][0, :, 0, 0], 2 * clip_frames)
    assert from_video['img_shape'] == from_frames['img_shape'] == (24, 32)


def test_synthetic_videos_give_the_skeletons_of_the_frame_folders(tmp_path, pipelines):
    """The Kinetics-skeleton JSON format: the same skeleton frames for files and videos."""
    generate_synthetic('integral_action', tmp_path, num_train=1, num_val=6, num_mimetics=0,
                       videos=True)
    pipeline = [pipelines[1][0], dict(type='LoadSkeletonFrames')]
    from_frames = kinetics(tmp_path, 'val', pipeline, test_mode=True)
    from_video = PoseRGBDataset(
        ann_file=str(tmp_path / 'Kinetics8_val.json'), pipeline=pipeline, test_mode=True,
        skeleton_format='kinetics_skeleton', min_frames=6, skeleton_tmpl='{video_name}.json',
        frame_dir_tmpl='{seq_name}/{file_name}',
        data_prefix=dict(video=str(tmp_path / 'videos' / 'val_64'),
                         skeleton=str(tmp_path / 'kinetics-skeleton' / 'kinetics_val')))
    assert len(from_video) == len(from_frames) == 6
    for index in (0, 1):  # a short video (12 frames) and a full one (16)
        by_file, by_video = from_frames[index], from_video[index]
        assert osp.isfile(by_video['filename'])
        np.testing.assert_array_equal(by_video['frame_inds'] + 1, by_file['frame_inds'])
        np.testing.assert_array_equal(by_video['keypoint'], by_file['keypoint'])
        assert by_video['img_shape'] == by_file['img_shape'] == (64, 64)
