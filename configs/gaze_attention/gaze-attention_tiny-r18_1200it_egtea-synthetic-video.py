# gaze-attention_tiny-r18_1200it_egtea-synthetic.py reading the clips from their MP4 files, as
# EGTEA Gaze+ releases them (cropped_clips/<video>/<clip>.mp4), with mmaction2's DecordInit /
# DecordDecode (OpenCVInit / OpenCVDecode work the same) instead of frame folders. The decoder
# comes after the frame sampler, which samples the annotated end - start frames of the clip as
# from a frame folder (DecordInit would set total_frames to the video's length); video frames
# are numbered from 0 (the dataset's start_index), frame files from 1, and both give the same
# gaze rows. (Two streams: keep data_prefix.flow and add LoadFlowFrames after DecordDecode.)
# Data: python tools/data/synthetic/generate.py --task egtea_gaze --out data/synthetic/egtea_gaze --videos
_base_ = ['./gaze-attention_tiny-r18_1200it_egtea-synthetic.py']

data_root = 'data/synthetic/egtea_gaze'
clip_len = 8
crop_size = 32

train_pipeline = [
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1, num_clips=1),
    dict(type='DecordInit'),
    dict(type='DecordDecode'),
    dict(type='LoadGazeForFrames', gaze_types=('fixation', )),
    dict(type='RandomCrop', size=crop_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='GenerateGazeTarget', stride=4, sigma=2.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs', algorithm_keys=('gaze_maps', ))
]
test_pipeline = [
    dict(type='SlidingWindowSampleFrames', clip_len=clip_len, stride=clip_len),
    dict(type='DecordInit'),
    dict(type='DecordDecode'),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
data_prefix = dict(_delete_=True, video=f'{data_root}/cropped_clips',
                   gaze=f'{data_root}/gaze_data')
train_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader
