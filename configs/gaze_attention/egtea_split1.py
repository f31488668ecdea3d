# Gaze-Attention (Min & Corso, WACV 2021) on EGTEA Gaze+ split 1: two-stream Inception-v1 I3D,
# gaze-combined discrete attention trained by direct optimization; the official hyper-parameters.
# Data layout: tools/data/egtea/README.md. Weights: tools/convert_weights/gaze_attention.py.
_base_ = ['../_base_/default_runtime.py']

data_root = 'data/egtea'
split = 1
num_classes = 106
clip_len = 24  # frames per snippet
gaze_stride = 8  # one gaze map per 8 frames -> 3 time steps on the 3x7x7 grid
crop_size = 224
feature_grid = 3 * 7 * 7  # T * H * W of Mixed_5c for 24x224x224 snippets

model = dict(
    type='GazeAttentionRecognizer',
    backbone=dict(type='InceptionI3d', in_channels=3,
                  out_end_points=('MaxPool3d_5a_2x2', 'Mixed_5c')),
    flow_backbone=dict(type='InceptionI3d', in_channels=2,
                       out_end_points=('MaxPool3d_5a_2x2', 'Mixed_5c')),
    rgb_channels=3,
    gaze_head=dict(type='GazePredictionHead', in_channels=832, mid_channels=(256, 64)),
    cls_head=dict(type='GazeAttentionHead', num_classes=num_classes, in_channels=1024,
                  num_positions=feature_grid, dropout_ratio=0.7),
    sampler=dict(type='GumbelArgmaxSampler', eps=1e-10, sample_in_test=True),
    estimator=dict(type='DirectOptimizationEstimator', eps=1000.0, loss_weight=1.0),
    loss_cls=dict(type='CrossEntropyLoss', loss_weight=1.0),
    loss_gaze=dict(type='GazeKLLoss', loss_weight=1.0),
    # x * 2 / 255 - 1 for the 3 RGB and the 2 flow channels
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[127.5] * 5, std=[127.5] * 5,
                           format_shape='NCTHW'))

# RGB (3 channels) and flow u, v (2 channels) are stacked so crops and flips are shared.
train_pipeline = [
    # The official loader always starts at frame 1 (a slip); for that behaviour use
    # dict(type='SlidingWindowSampleFrames', clip_len=clip_len, num_windows=1).
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1, num_clips=1),
    dict(type='RawFrameDecode'),
    dict(type='LoadFlowFrames'),
    dict(type='LoadGazeForFrames', gaze_types=('fixation', )),
    dict(type='RandomCrop', size=crop_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='GenerateGazeTarget', stride=gaze_stride, sigma=10.0),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs', algorithm_keys=('gaze_maps', ))
]
test_pipeline = [
    # sliding 24-frame windows with stride 24; logits are averaged over the windows.
    # --test_sparse of the official code: add sparse_max_windows=10.
    dict(type='SlidingWindowSampleFrames', clip_len=clip_len, stride=clip_len),
    dict(type='RawFrameDecode'),
    dict(type='LoadFlowFrames'),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
data_prefix = dict(img=f'{data_root}/images_rgb', flow=f'{data_root}/images_flow',
                   gaze=f'{data_root}/gaze_data')

train_dataloader = dict(
    batch_size=1,  # per GPU, 4 GPUs
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='EGTEAGazeDataset', ann_file=f'{data_root}/train_split{split}.txt',
                 data_prefix=data_prefix, num_classes=num_classes, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,  # the number of windows differs between videos
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='EGTEAGazeDataset', ann_file=f'{data_root}/test_split{split}.txt',
                 data_prefix=data_prefix, num_classes=num_classes, pipeline=test_pipeline,
                 test_mode=True))
test_dataloader = val_dataloader

# Acc (the paper's first column) = mean class accuracy, Acc* = overall top-1 accuracy.
val_evaluator = dict(type='AccMetric', metric_list=('mean_class_accuracy', 'top_k_accuracy'),
                     metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator

train_cfg = dict(type='IterBasedTrainLoop', max_iters=18000, val_interval=18000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.032, momentum=0.9, weight_decay=4e-5),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, milestones=[8000, 15000], gamma=0.1)]
custom_hooks = [
    # eps = max(0.1, 1000 * exp(-1e-3 * i)), updated every 100 iterations
    dict(type='DirectOptimizationEpsilonHook', eps_start=1000.0, anneal_rate=1e-3,
         eps_min=0.1, interval=100)
]
default_hooks = dict(
    logger=dict(interval=20),
    # the best models come between about 10,000 and 15,500 iterations
    checkpoint=dict(interval=500, by_epoch=False, save_begin=10000, max_keep_ckpts=20))
log_processor = dict(by_epoch=False)
auto_scale_lr = dict(enable=False, base_batch_size=4)

# The two-stream base of the release (i3d_both_base.pt), converted with
# python tools/convert_weights/gaze_attention.py --base i3d_both_base.pt --out ...
load_from = 'checkpoints/gaze_attention/i3d_both_base.pth'
