# Gaze-Attention (Min & Corso, WACV 2021) on EGTEA Gaze+ split 1, the official recipe: two-stream
# Inception-v1 I3D, one 24-frame clip per SGD step on one GPU (main.py --b 1), every training
# clip starting at frame 1 as the official loader does (the random start: *_18k-random-start_*).
# More clips per step: see ../_base_/schedules/gaze_attention_sgd_18k.py for the lr.
# Data layout: tools/data/egtea/README.md. Weights: tools/convert_weights/gaze_attention.py.
_base_ = [
    '../_base_/models/gaze_attention_i3d.py', '../_base_/schedules/gaze_attention_sgd_18k.py',
    '../_base_/default_runtime.py'
]

data_root = 'data/egtea'
split = 1
num_classes = 106
clip_len = 24  # frames per snippet
gaze_stride = 8  # one gaze map per 8 frames -> 3 time steps on the 3x7x7 grid
crop_size = 224

# RGB (3 channels) and flow u, v (2 channels) are stacked so crops and flips are shared.
train_pipeline = [
    # official dataset.py L42-43: the snippet length is set before the random start is drawn,
    # so every training snippet is frames 1..24 of its clip (the first sliding window)
    dict(type='SlidingWindowSampleFrames', clip_len=clip_len, stride=clip_len, num_windows=1),
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
    batch_size=1,  # one clip per SGD step (official main.py --b 1), one GPU
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

# Acc (the paper's first column) = acc/mean1, the mean class accuracy over all 106 classes (a
# class without test clip counts 0, official utils.py get_accuracy); Acc* = acc/top1.
val_evaluator = dict(type='AllClassAccMetric', num_classes=num_classes,
                     metric_list=('mean_class_accuracy', 'top_k_accuracy'),
                     metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator

default_hooks = dict(
    logger=dict(interval=20),
    # the best models come between about 10,000 and 15,500 iterations
    checkpoint=dict(interval=500, by_epoch=False, save_begin=10000, max_keep_ckpts=20))
log_processor = dict(by_epoch=False)

# The two-stream base of the release (i3d_both_base.pt), converted with
# python tools/convert_weights/gaze_attention.py --base i3d_both_base.pt --out ...
load_from = 'checkpoints/gaze_attention/i3d_both_base.pth'
