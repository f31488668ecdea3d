"""PoseRGBDataset on the official JSON formats and on mmpose-made skeleton pickles."""
import json
import pickle

import numpy as np
import pytest
from mmengine.config import Config

from hoi_plugins.datasets import PoseRGBDataset
from hoi_plugins.formats.skeletons import (coco17_to_openpose18, load_ntu_skeleton)
from hoi_plugins.datasets.synthetic import generate_synthetic

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
                          'kinetics50_rgb_pose_synthetic.py')
    return cfg.train_pipeline, cfg.test_pipeline


def kinetics(root, split, pipeline, min_frames=6):
    return PoseRGBDataset(
        ann_file=str(root / f'Kinetics8_{split}.json'), pipeline=pipeline,
        skeleton_format='kinetics_skeleton', min_frames=min_frames,
        data_prefix=dict(img=str(root / 'frames' / f'{split}_64'),
                         skeleton=str(root / 'kinetics-skeleton' / f'kinetics_{split}')))


def test_kinetics_and_mimetics_json(synthetic, pipelines):
    train = kinetics(synthetic, 'train', pipelines[0])
    assert len(train) == 8
    sample = train[0]
    assert sample['inputs']['imgs'].shape == (4, 3, 56, 56)
    assert sample['inputs']['heatmap_imgs'].shape == (4, 18 + 34, 14, 14)
    info = train.get_data_info(1)
    assert info['keypoint'].shape[1:] == (16, 18, 2) and info['img_shape'] == (64, 64)
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
        del content['data'][3]['skeleton'][0]['score']
        (broken_dir / path.name).write_text(json.dumps(content))
    dataset = PoseRGBDataset(
        ann_file=str(synthetic / 'Kinetics8_val.json'), pipeline=pipelines[1],
        skeleton_format='kinetics_skeleton', min_frames=6, test_mode=True,
        data_prefix=dict(img=str(synthetic / 'frames' / 'val_64'), skeleton=str(broken_dir)))
    with pytest.raises(KeyError, match=r'kinetics_val|skeleton.*frame_index 4, person 0.*"score"'):
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
