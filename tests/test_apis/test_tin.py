"""TIN single-image inference and the demo: detections and poses from files or from small,
randomly initialised mmdet / mmpose models."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config

from hoi_plugins.apis import (detections_from_model, inference_tin, init_pose_model, init_tin,
                              poses_from_model, top_triplets)
from hoi_plugins.datasets.synthetic import generate_synthetic

from tests.helpers import load_script

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
CODEC = dict(type='MSRAHeatmap', input_size=(64, 64), heatmap_size=(4, 4), sigma=1)
POSE_CFG = dict(
    default_scope='mmpose',
    model=dict(
        type='TopdownPoseEstimator',
        data_preprocessor=dict(type='PoseDataPreprocessor', mean=[0, 0, 0], std=[255, 255, 255],
                               bgr_to_rgb=True),
        backbone=dict(type='ResNet', depth=18, base_channels=8),
        head=dict(type='HeatmapHead', in_channels=64, out_channels=17,
                  deconv_out_channels=(16, ), deconv_kernel_sizes=(4, ),
                  loss=dict(type='KeypointMSELoss', use_target_weight=True), decoder=CODEC),
        test_cfg=dict(flip_test=False)),
    test_dataloader=dict(dataset=dict(pipeline=[
        dict(type='LoadImage'), dict(type='GetBBoxCenterScale'),
        dict(type='TopdownAffine', input_size=(64, 64)), dict(type='PackPoseInputs')])))


@pytest.fixture(scope='module')
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp('tin_demo')
    generate_synthetic('hico_det', root, num_train=1, num_test=1, size=96)
    cfg = Config.fromfile(str(ROOT / 'configs/tin/tin_r18-16c_12e_hico-det-synthetic.py'))
    torch.manual_seed(0)
    model = init_tin(cfg)
    torch.save(dict(state_dict=model.state_dict()), root / 'tin.pth')
    image = str(root / 'images/test2015/HICO_test2015_00000001.jpg')
    return root, cfg, model, image


def test_inference_from_a_detections_file(setup):
    root, _, model, image = setup
    from hoi_plugins.formats.detections import load_detections
    dets = load_detections(str(root / 'annotations/test_detections.json'),
                           ['HICO_test2015_00000001.jpg'])['HICO_test2015_00000001.jpg']
    pred = inference_tin(model, image, dets)
    triplets = top_triplets(pred, k=3)
    assert 0 < len(triplets) <= 3
    assert set(triplets[0]) == {'box_h', 'box_o', 'verb', 'object', 'hoi', 'score'}
    assert triplets[0]['score'] >= triplets[-1]['score']


def test_inference_with_mmdet_and_mmpose_models(setup):
    from mmdet.apis import init_detector
    _, _, model, image = setup
    det_model = init_detector(Config(DET_CFG), None, device='cpu')
    dets = detections_from_model(det_model, image, score_thr=0.0)
    assert dets['boxes'].shape[1] == 4 and len(dets['boxes']) == len(dets['objects'])
    # make sure a person is there for the pose model and the pairing
    dets['objects'][0] = 49
    dets['scores'][:] = 0.95
    pose_model = init_pose_model(Config(POSE_CFG))
    dets = poses_from_model(pose_model, image, dets)
    assert dets['has_pose'][0] and dets['keypoints'].shape[1:] == (17, 3)
    pred = inference_tin(model, image, dets)
    assert pred['hoi_scores'].shape[1] == 600 and np.isfinite(pred['hoi_scores']).all()


def test_demo_writes_image_and_json(setup, tmp_path):
    root, _, _, image = setup
    demo = load_script('demo/demo_hoi.py')
    out = tmp_path / 'out.jpg'
    config = ROOT / 'configs/tin/tin_r18-16c_12e_hico-det-synthetic.py'
    triplets = demo.main([image, str(config), str(root / 'tin.pth'), '--dets',
                          str(root / 'annotations/test_detections.json'), '--out', str(out)])
    assert out.is_file()
    assert json.loads((tmp_path / 'out.json').read_text()) == json.loads(json.dumps(triplets))
