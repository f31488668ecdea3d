# Gaze-Attention on the synthetic EGTEA-like clips (CPU, about a minute on one thread): a tiny
# RGB-only ResNet3d instead of the two-stream Inception I3D, 8-frame 32x32 crops of 36x36 frames
# (a 2x4x4 grid), a short schedule. (Two streams: keep flow_backbone and LoadFlowFrames as in
# gaze-attention_i3d_18k_egtea-split1.py.)
# Data: python tools/data/synthetic/generate.py --task egtea_gaze --out data/synthetic/egtea_gaze
# Baseline without gaze and attention: --cfg-options model.gaze_head=None
_base_ = ['./gaze-attention_i3d_18k_egtea-split1.py']

data_root = 'data/synthetic/egtea_gaze'
num_classes = 6
clip_len = 8
gaze_stride = 4
crop_size = 32
max_iters = 1200

tiny_resnet3d = dict(
    type='ResNet3d', depth=18, base_channels=8, pretrained=None, pretrained2d=False,
    out_indices=(2, 3), conv1_kernel=(3, 7, 7), conv1_stride_t=2, pool1_stride_t=1,
    spatial_strides=(1, 2, 1, 1), inflate=(1, 1, 1, 1), norm_eval=False)
model = dict(
    backbone=dict(_delete_=True, in_channels=3, **tiny_resnet3d),
    flow_backbone=None,
    gaze_head=dict(in_channels=32, inception_branches=((8, 8, 16, 4, 8, 8), ),
                   mid_channels=(32, 16)),
    cls_head=dict(num_classes=num_classes, in_channels=64, num_positions=2 * 4 * 4,
                  dropout_ratio=0.3),
    data_preprocessor=dict(mean=[127.5] * 3, std=[127.5] * 3))

train_pipeline = [
    # a random start (not the official frame 1): the 16-frame clips hold two 8-frame snippets
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1, num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='LoadGazeForFrames', gaze_types=('fixation', )),
    dict(type='RandomCrop', size=crop_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='GenerateGazeTarget', stride=gaze_stride, sigma=2.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs', algorithm_keys=('gaze_maps', ))
]
test_pipeline = [
    dict(type='SlidingWindowSampleFrames', clip_len=clip_len, stride=clip_len),
    dict(type='RawFrameDecode'),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
data_prefix = dict(img=f'{data_root}/images_rgb', flow=f'{data_root}/images_flow',
                   gaze=f'{data_root}/gaze_data')
train_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    dataset=dict(ann_file=f'{data_root}/train_split1.txt', data_prefix=data_prefix,
                 num_classes=num_classes, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=0, persistent_workers=False,
    dataset=dict(ann_file=f'{data_root}/test_split1.txt', data_prefix=data_prefix,
                 num_classes=num_classes, pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(num_classes=num_classes)
test_evaluator = val_evaluator

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
# from scratch on a small set: AdamW converges in the short schedule where SGD does not
optim_wrapper = dict(optimizer=dict(_delete_=True, type='AdamW', lr=4e-3, weight_decay=1e-4))
param_scheduler = [dict(type='MultiStepLR', by_epoch=False, milestones=[900, 1100], gamma=0.1)]
custom_hooks = [
    dict(type='DirectOptimizationEpsilonHook', eps_start=1000.0, anneal_rate=0.013,
         eps_min=0.1, interval=10)
]
default_hooks = dict(logger=dict(interval=50),
                     checkpoint=dict(interval=max_iters, save_begin=0, max_keep_ckpts=1))
auto_scale_lr = dict(base_batch_size=8)
# seeded training and testing (the test samples its attention with Gumbel noise, as the
# official test does with its seed 1); tools/train.py --seed overrides it
randomness = dict(seed=0)
load_from = None
