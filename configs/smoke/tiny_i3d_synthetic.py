# A tiny I3D (mmaction2 ResNet3d-18, 8 base channels) on the synthetic moving-square clips:
# the smoke test of the train/test tools. Data: python tools/data/synthetic/generate.py
#   --task video_recognition --out data/synthetic/video_recognition
_base_ = ['../_base_/default_runtime.py']

data_root = 'data/synthetic/video_recognition'
num_classes = 4

model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='ResNet3d',
        depth=18,
        base_channels=8,
        pretrained=None,
        pretrained2d=False,
        conv1_kernel=(3, 7, 7),
        conv1_stride_t=1,
        pool1_stride_t=1,
        inflate=(1, 1, 1, 1),
        norm_eval=False),
    cls_head=dict(
        type='I3DHead',
        num_classes=num_classes,
        in_channels=64,
        spatial_type='avg',
        dropout_ratio=0.0,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[127.5, 127.5, 127.5],
        std=[64.0, 64.0, 64.0],
        format_shape='NCTHW'))

file_client_args = dict(io_backend='disk')
train_pipeline = [
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=1),
    dict(type='RawFrameDecode', **file_client_args),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=1, test_mode=True),
    dict(type='RawFrameDecode', **file_client_args),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]

train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='RawframeDataset',
        ann_file=f'{data_root}/train_list.txt',
        data_prefix=dict(img=f'{data_root}/rawframes'),
        filename_tmpl='img_{:05}.jpg',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='RawframeDataset',
        ann_file=f'{data_root}/val_list.txt',
        data_prefix=dict(img=f'{data_root}/rawframes'),
        filename_tmpl='img_{:05}.jpg',
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=12, val_interval=4)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=3e-3, weight_decay=1e-4),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [dict(type='CosineAnnealingLR', T_max=12, eta_min=1e-4, by_epoch=True)]

default_hooks = dict(logger=dict(interval=4))
auto_scale_lr = dict(enable=False, base_batch_size=8)
