"""HICODetDataset, detections (JSON and the iCAN/TIN pickle) and pose files as inputs."""
import json
import pickle

import numpy as np
import pytest
from mmengine.registry import init_default_scope

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.datasets import HICODetDataset
from hoi_plugins.formats.detections import (attach_poses, load_detections,
                                             load_ican_negatives)
from hoi_plugins.datasets.synthetic import generate_synthetic

PERSON = hico_det_classes().person_object


@pytest.fixture(scope='module')
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp('hico_det_data')
    generate_synthetic('hico_det', root, num_train=4, num_test=3, size=96)
    return root


def test_training_samples_hold_positive_and_negative_pairs(root):
    init_default_scope('hoi_plugins')
    dataset = HICODetDataset(
        ann_file=str(root / 'annotations/trainval_hico.json'),
        data_prefix=dict(img=str(root / 'images/train2015')),
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='SampleHOIPairs', pos_augment=2, neg_select=5),
                  dict(type='GenerateInteractionPattern'), dict(type='PackHOIInputs')])
    sample = dataset[0]
    pairs = sample['data_samples'].pairs
    assert sample['inputs'].shape == (3, 96, 96)
    assert pairs.patterns.shape[1:] == (3, 64, 64)
    assert pairs.binary_labels.sum() > 0 and (pairs.binary_labels == 0).sum() > 0
    assert pairs.hoi_labels.shape[1] == 600
    info = dataset.get_data_info(0)
    # people carry their keypoints
    assert info['gt_has_pose'][info['gt_is_human']].all()


def test_test_samples_pair_the_detections(root):
    init_default_scope('hoi_plugins')
    dataset = HICODetDataset(
        ann_file=str(root / 'annotations/test_hico.json'),
        data_prefix=dict(img=str(root / 'images/test2015')),
        det_file=str(root / 'annotations/test_detections.json'), test_mode=True,
        pipeline=[dict(type='LoadImageFromFile'), dict(type='PairDetections'),
                  dict(type='GenerateInteractionPattern'), dict(type='PackHOIInputs')])
    assert len(dataset) == 3
    pairs = dataset[0]['data_samples'].pairs
    assert len(pairs.subject_ids) == len(pairs.boxes_h) > 0
    assert (pairs.scores_h > 0.8).all()


def test_detection_files_json_and_ican_pickle(tmp_path):
    names = ['HICO_test2015_00000001.jpg', 'HICO_test2015_00000002.jpg']
    dets = [dict(file_name=names[0], detections=[
        dict(bbox=[0, 0, 10, 20], category_id=1, score=0.9, keypoints=[1.0] * 51),
        dict(bbox=[5, 5, 30, 30], category_id=47, score=0.6)])]
    (tmp_path / 'dets.json').write_text(json.dumps(dets))
    from_json = load_detections(str(tmp_path / 'dets.json'), names)
    classes = hico_det_classes()
    assert from_json[names[0]]['objects'].tolist() == [PERSON, classes.objects.index('cup')]
    assert from_json[names[0]]['has_pose'].tolist() == [True, False]
    assert len(from_json[names[1]]['boxes']) == 0
    # the iCAN/TIN pickle: class index in COCO's 80-class order (cup is the 42nd)
    # official: test_HICO_pose_pattern_all_wise_pair.py L48: humans are the rows labelled
    # 'Human'; an 'Object' row of class person is an object
    ican = {1: [[1, 'Human', np.array([0., 0., 10., 20.]), np.nan, 1, 0.9],
                [1, 'Object', np.array([5., 5., 30., 30.]), np.nan, 42, 0.6],
                [1, 'Object', np.array([40., 5., 60., 50.]), np.nan, 1, 0.95]]}
    with open(tmp_path / 'dets.pkl', 'wb') as f:
        pickle.dump(ican, f)
    from_pickle = load_detections(str(tmp_path / 'dets.pkl'), names)
    np.testing.assert_array_equal(from_pickle[names[0]]['objects'][:2],
                                  from_json[names[0]]['objects'])
    np.testing.assert_allclose(from_pickle[names[0]]['boxes'][:2], from_json[names[0]]['boxes'])
    assert from_pickle[names[0]]['objects'][2] == PERSON
    assert from_pickle[names[0]]['is_human'].tolist() == [True, False, False]
    assert from_json[names[0]]['is_human'].tolist() == [True, False]


def test_detection_file_errors_name_file_image_and_field(tmp_path):
    dets = [dict(file_name='a.jpg', detections=[dict(bbox=[5, 0, 4, 9], category_id=1,
                                                     score=1.0)])]
    (tmp_path / 'd.json').write_text(json.dumps(dets))
    with pytest.raises(ValueError, match=r'd.json: image "a.jpg": detection 0 `bbox` has x2 < x1'):
        load_detections(str(tmp_path / 'd.json'), ['a.jpg'])
    dets[0]['detections'][0].update(bbox=[0, 0, 4, 9], category_id=12)
    (tmp_path / 'd.json').write_text(json.dumps(dets))
    with pytest.raises(ValueError, match=r'`category_id` 12, not a HICO-DET object'):
        load_detections(str(tmp_path / 'd.json'), ['a.jpg'])


def test_pose_file_attaches_to_overlapping_humans(tmp_path):
    dets = [dict(file_name='a.jpg', detections=[dict(bbox=[0, 0, 10, 20], category_id=1,
                                                     score=0.9)])]
    (tmp_path / 'd.json').write_text(json.dumps(dets))
    poses = [dict(file_name='a.jpg', poses=[dict(bbox=[0, 0, 10, 21], keypoints=[2.0] * 51)])]
    (tmp_path / 'p.json').write_text(json.dumps(poses))
    loaded = load_detections(str(tmp_path / 'd.json'), ['a.jpg'])
    attach_poses(loaded, str(tmp_path / 'p.json'))
    assert loaded['a.jpg']['has_pose'].tolist() == [True]
    assert loaded['a.jpg']['keypoints'][0, 0].tolist() == [2.0, 2.0, 2.0]


def test_official_negative_pickle(tmp_path):
    # official: ult.py L797-813 reads Neg[1] (HOI class), Neg[2], Neg[3] (boxes), Neg[7] (pose)
    negatives = {7: [[7, 57, [0, 0, 10, 20], [5, 5, 9, 9], 0, 0.9, 0.8, [1.0] * 51],
                     [7, 598, [1, 1, 11, 21], [20, 5, 29, 9], 0, 0.9, 0.5, None]]}
    with open(tmp_path / 'neg.pkl', 'wb') as f:
        pickle.dump(negatives, f)
    names = ['HICO_train2015_00000007.jpg', 'HICO_train2015_00000008.jpg']
    loaded = load_ican_negatives(str(tmp_path / 'neg.pkl'), names)
    assert list(loaded) == [names[0]]
    neg = loaded[names[0]]
    classes = hico_det_classes()
    assert neg['hoi'].tolist() == [57, 598]
    assert neg['objects'].tolist() == classes.hoi_object[[57, 598]].tolist()
    assert neg['has_pose'].tolist() == [True, False]
    np.testing.assert_array_equal(neg['boxes_o'][1], [20, 5, 29, 9])
    negatives[7][1][1] = 600
    with open(tmp_path / 'neg.pkl', 'wb') as f:
        pickle.dump(negatives, f)
    with pytest.raises(ValueError, match=r'neg.pkl: image "HICO_train2015_00000007.jpg": '
                                         r'negative 1 has HOI class 600'):
        load_ican_negatives(str(tmp_path / 'neg.pkl'), names)


def test_training_images_become_chunks_of_at_most_five_pairs(tmp_path):
    # official: train_Solver_HICO_pose_pattern_inD_more_positive_coslr.py L56-73 changeForm,
    # interval_divide = 5 (L377)
    instances = [dict(bbox=[0, 0, 10, 20], category_id=1)] + [
        dict(bbox=[20 + 5 * i, 0, 24 + 5 * i, 4], category_id=47) for i in range(7)]
    pairs = [dict(subject_id=0, object_id=o, category_id=86) for o in (3, 1, 2, 4, 5, 6, 7)]
    pairs.append(dict(subject_id=0, object_id=3, category_id=37))  # a second verb of pair 1
    image = dict(file_name='HICO_train2015_00000007.jpg', annotations=instances,
                 hoi_annotation=pairs)
    (tmp_path / 'a.json').write_text(json.dumps([image]))
    negatives = {7: [[7, 57, [0, 0, 10, 20], [5, 5, 9, 9], 0, 0.9, 0.8, None]]}
    with open(tmp_path / 'neg.pkl', 'wb') as f:
        pickle.dump(negatives, f)
    dataset = HICODetDataset(ann_file=str(tmp_path / 'a.json'), pipeline=[], pairs_per_sample=5,
                             neg_file=str(tmp_path / 'neg.pkl'))
    assert len(dataset) == 2
    first, second = dataset.get_data_info(0), dataset.get_data_info(1)
    assert first['gt_sample_pairs'].tolist() == [[0, 3], [0, 1], [0, 2], [0, 4], [0, 5]]
    assert second['gt_sample_pairs'].tolist() == [[0, 6], [0, 7]]
    assert first['neg_hoi'].tolist() == second['neg_hoi'].tolist() == [57]
    whole = HICODetDataset(ann_file=str(tmp_path / 'a.json'), pipeline=[])
    assert len(whole) == 1 and 'neg_hoi' not in whole.get_data_info(0)
