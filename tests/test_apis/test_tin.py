"""TIN inference (TINInferencer): detections and poses from files or from small, randomly
initialised mmdet / mmpose models."""
import json
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from hoi_plugins.apis import (TINInferencer, detections_from_model, init_pose_model,
                              poses_from_model)
from hoi_plugins.datasets.synthetic import generate_synthetic

from tests.test_apis.demo_inputs import CONFIGS, POSE_CFG, config_path

ROOT = Path(__file__).resolve().parents[2]

DET_CFG = dict(
    default_scope='mmdet',
    model=dict(
        type='RetinaNet',
        data_preprocessor=dict(type='DetDataPreprocessor', mean=[0, 0, 0], std=[255, 255, 255],
                               bgr_to_rgb=True, pad_size_divisor=32),
        backbone=dict(type='ResNet', depth=18, base_channels=8, out_indices=(1, 2, 3),
                      norm_eval=False, style='pytorch'),
        neck=dict(type='FPN', in_channels=[16, 32, 64], out_channels=16, start_level=0,
                  add_extra_convs='on_input', num_outs=5),
        bbox_head=dict(
            type='RetinaHead', num_classes=80, in_channels=16, stacked_convs=1, feat_channels=16,
            anchor_generator=dict(type='AnchorGenerator', octave_base_scale=4,
                                  scales_per_octave=1, ratios=[1.0],
                                  strides=[8, 16, 32, 64, 128]),
            bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0., 0., 0., 0.],
                            target_stds=[1., 1., 1., 1.]),
            loss_cls=dict(type='FocalLoss', use_sigmoid=True, gamma=2.0, alpha=0.25),
            loss_bbox=dict(type='L1Loss')),
        test_cfg=dict(nms_pre=100, min_bbox_size=0, score_thr=0.0,
                      nms=dict(type='nms', iou_threshold=0.5), max_per_img=30)),
    test_dataloader=dict(dataset=dict(type='CocoDataset', ann_file='', pipeline=[
        dict(type='LoadImageFromFile'), dict(type='Resize', scale=(128, 128), keep_ratio=True),
        dict(type='PackDetInputs',
             meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'))])))


@pytest.fixture(scope='module')
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp('tin_demo')
    generate_synthetic('hico_det', root, num_train=1, num_test=3, size=96)
    torch.manual_seed(0)
    inferencer = TINInferencer(config_path('tin'), device='cpu', det_file=str(
        root / 'annotations/test_detections.json'), show_progress=False)
    torch.save(dict(state_dict=inferencer.model.state_dict()), root / 'tin.pth')
    image = str(root / 'images/test2015/HICO_test2015_00000002.jpg')
    return root, inferencer, image


def test_inference_from_a_detections_file_of_several_images(setup):
    root, inferencer, image = setup
    names = [e['file_name'] for e in json.loads(
        (root / 'annotations/test_detections.json').read_text())]
    assert len(names) == 3 and names.index('HICO_test2015_00000002.jpg') > 0
    triplets = inferencer(image, topk=3)['predictions'][0]['triplets']
    assert 0 < len(triplets) <= 3
    assert set(triplets[0]) == {'box_h', 'box_o', 'verb', 'object', 'hoi', 'score'}
    assert triplets[0]['score'] >= triplets[-1]['score']


def test_inference_with_mmdet_and_mmpose_models(setup):
    from mmdet.apis import init_detector
    _, inferencer, image = setup
    det_model = init_detector(Config(DET_CFG), None, device='cpu')
    dets = detections_from_model(det_model, image, score_thr=0.0)
    assert dets['boxes'].shape[1] == 4 and len(dets['boxes']) == len(dets['objects'])
    # make sure a person is there for the pose model and the pairing
    dets['objects'][0] = 49
    dets['scores'][:] = 0.95
    pose_model = init_pose_model(Config(POSE_CFG))
    dets = poses_from_model(pose_model, image, dets)
    assert dets['has_pose'][0] and dets['keypoints'].shape[1:] == (17, 3)
    inferencer.det_file, inferencer.det_model = None, det_model
    try:
        result = inferencer(image, return_datasamples=True)
    finally:
        inferencer.det_file, inferencer.det_model = str(
            setup[0] / 'annotations/test_detections.json'), None
    scores = result['predictions'][0].pred_pairs.hoi_scores
    assert scores.shape[1] == 600 and torch.isfinite(scores).all()


def test_config_by_name_gives_the_same_model(setup):
    root, inferencer, image = setup
    by_name = TINInferencer(Path(CONFIGS['tin']).stem, str(root / 'tin.pth'), 'cpu',
                            det_file=str(root / 'annotations/test_detections.json'),
                            show_progress=False)
    assert by_name(image)['predictions'] == inferencer(image)['predictions']
