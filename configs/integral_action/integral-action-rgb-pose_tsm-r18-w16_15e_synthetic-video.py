# integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py reading the videos as MP4 files (as
# Kinetics and Mimetics come) with mmaction2's DecordInit / DecordDecode (OpenCVInit /
# OpenCVDecode work the same) in place of RawFrameDecode. The decoders come after
# SampleStridedClips, which samples the annotated frames (the skeleton's length) as from a
# frame folder (DecordInit would set total_frames to the video's length); video frames are
# numbered from 0 (the dataset's start_index), frame files from 1, and both get skeleton
# frame k for video frame k.
# Data: python tools/data/synthetic/generate.py --task integral_action --out data/synthetic/integral_action --videos
_base_ = ['./integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py']

data_root = 'data/synthetic/integral_action'

# the base pipelines with RawFrameDecode replaced by the video decoders
train_pipeline = [step for base_step in _base_.train_pipeline for step in (
    [dict(type='DecordInit'), dict(type='DecordDecode')]
    if base_step['type'] == 'RawFrameDecode' else [base_step])]
test_pipeline = [step for base_step in _base_.test_pipeline for step in (
    [dict(type='DecordInit'), dict(type='DecordDecode')]
    if base_step['type'] == 'RawFrameDecode' else [base_step])]
train_dataloader = dict(dataset=dict(
    data_prefix=dict(_delete_=True, video=f'{data_root}/videos/train_64',
                     skeleton=f'{data_root}/kinetics-skeleton/kinetics_train'),
    pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(
    data_prefix=dict(_delete_=True, video=f'{data_root}/videos/val_64',
                     skeleton=f'{data_root}/kinetics-skeleton/kinetics_val'),
    pipeline=test_pipeline))
test_dataloader = val_dataloader
