# TIN "RP_D C_D" on HICO-DET (Li et al., CVPR 2019): ResNet-50 (caffe style, ImageNet), iCAN
# attention, spatial-pose stream, interactiveness discriminator, NIS + LIS at test time.
# Official schedule: SGD momentum 0.9, weight decay 1e-4, lr 1e-3 with cosine decay, one image
# per iteration, 1.7M iterations. Data layout: tools/data/hico_det/README.md.
_base_ = ['../_base_/default_runtime.py']

data_root = 'data/hico_20160224_det'
num_classes = 600

model = dict(
    type='TIN',
    data_preprocessor=dict(
        type='mmdet.DetDataPreprocessor',
        mean=[103.530, 116.280, 123.675],
        std=[1.0, 1.0, 1.0],
        bgr_to_rgb=False,
        pad_size_divisor=32,
        boxtype2tensor=False),
    backbone=dict(
        type='mmdet.ResNet',
        depth=50,
        num_stages=4,
        strides=(1, 2, 2, 1),  # res5 on the RoI features keeps 7x7
        out_indices=(2, ),
        frozen_stages=1,
        norm_cfg=dict(type='BN', requires_grad=False),
        norm_eval=True,
        style='caffe',
        init_cfg=dict(type='Pretrained', checkpoint='open-mmlab://detectron2/resnet50_caffe')),
    spatial_encoder=dict(type='SpatialPoseEncoder', pattern_channels=(64, 32),
                         pose_channels=(32, 16)),
    attention=dict(type='InstanceCentricAttention', in_channels=1024, instance_channels=2048,
                   embed_channels=512, out_channels=1024),
    hoi_head=dict(
        type='TINHOIHead',
        human_channels=2048 + 1024,
        object_channels=2048 + 1024,
        spatial_channels=5408 + 2048,
        hidden=1024,
        num_classes=num_classes,
        dropout=0.5,
        class_weight='hico_det'),
    interactiveness_head=dict(
        type='InteractivenessHead',
        human_channels=2048 + 1024 + 5408 + 2704,
        object_channels=2048 + 1024,
        hidden=1024,
        dropout=0.2,  # TRAIN_DROP_OUT_BINARY = 0.8 keep probability
        binary_weight=(1.6094379124341003, 0.22314355131420976)),
    post_processor=dict(
        type='NonInteractionSuppression',
        no_interaction_thr=0.85,
        interaction_thr=0.1,
        object_thresholds='official',
        lis=(6.0, 10.0, 1.4, 0.0),
        enabled=True))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='SampleHOIPairs', num_classes=num_classes, pos_augment=15, neg_select=60,
         augment_min_iou=0.7),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PairDetections', human_score_thr=0.8, object_score_thr=0.3),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]

train_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='HICODetDataset',
        ann_file=f'{data_root}/annotations/trainval_hico.json',
        data_prefix=dict(img=f'{data_root}/images/train2015'),
        pipeline=train_pipeline))
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='HICODetDataset',
        ann_file=f'{data_root}/annotations/test_hico.json',
        data_prefix=dict(img=f'{data_root}/images/test2015'),
        det_file=f'{data_root}/Test_Faster_RCNN_R-50-PFN_2x_HICO_DET.pkl',
        pipeline=test_pipeline,
        test_mode=True))
val_dataloader = test_dataloader

test_evaluator = dict(type='HICODetMetric', ann_file=f'{data_root}/annotations/test_hico.json')
val_evaluator = test_evaluator

max_iters = 1700000
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=200000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=0.0, by_epoch=False, begin=0,
         end=max_iters)
]
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(type='CheckpointHook', interval=100000, by_epoch=False, max_keep_ckpts=3))
log_processor = dict(by_epoch=False)
# the official run used one image per step on one GPU
auto_scale_lr = dict(enable=False, base_batch_size=1)
