# integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py reading the videos as MP4 files (as
# Kinetics and Mimetics come) with mmaction2's DecordInit / DecordDecode (OpenCVInit /
# OpenCVDecode work the same) instead of frame folders. The decoder comes after
# SampleStridedClips, which samples the annotated frames (the skeleton's length) as from a
# frame folder (DecordInit would set total_frames to the video's length); video frames are
# numbered from 0 (the dataset's start_index), frame files from 1, and both get skeleton
# frame k for video frame k.
# Data: python tools/data/synthetic/generate.py --task integral_action --out data/synthetic/integral_action --videos
_base_ = ['./integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py']

data_root = 'data/synthetic/integral_action'
clip_len = 4
frame_interval = 2

pose_maps = {{_base_.pose_maps}}
train_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval),
    dict(type='LoadSkeletonFrames'),
    dict(type='DecordInit'),
    dict(type='DecordDecode'),
    dict(type='MultiScaleCrop', input_size=56, scales=(56 / 64, 49 / 64, 42 / 64),
         random_crop=True, max_wh_scale_gap=1),
    dict(type='Resize', scale=(56, 56), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, left_kp={{_base_.left_kp}}, right_kp={{_base_.right_kp}}),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]
test_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval,
         num_clips=3, test_mode=True),
    dict(type='LoadSkeletonFrames'),
    dict(type='DecordInit'),
    dict(type='DecordDecode'),
    dict(type='CenterCrop', crop_size=56),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]
train_dataloader = dict(dataset=dict(
    data_prefix=dict(_delete_=True, video=f'{data_root}/videos/train_64',
                     skeleton=f'{data_root}/kinetics-skeleton/kinetics_train'),
    pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(
    data_prefix=dict(_delete_=True, video=f'{data_root}/videos/val_64',
                     skeleton=f'{data_root}/kinetics-skeleton/kinetics_val'),
    pipeline=test_pipeline))
test_dataloader = val_dataloader
