# The split-1 recipe with the random training start the official loader meant to draw (uniform
# over the clip, mmaction2's SampleFrames) instead of its frame-1 start. Not the official recipe:
# the only change is the first transform of the training pipeline.
_base_ = ['./gaze-attention_i3d_18k_egtea-split1.py']

clip_len = 24
gaze_stride = 8
crop_size = 224
train_pipeline = [
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
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
