# gaze-attention_tiny-r18_1200it_egtea-synthetic.py reading the clips from their MP4 files, as
# EGTEA Gaze+ releases them (cropped_clips/<video>/<clip>.mp4), with mmaction2's DecordInit /
# DecordDecode (OpenCVInit / OpenCVDecode work the same) in place of RawFrameDecode. The
# decoders come after the frame sampler, which samples the annotated end - start frames of the
# clip as from a frame folder (DecordInit would set total_frames to the video's length); video
# frames are numbered from 0 (the dataset's start_index), frame files from 1, and both give the
# same gaze rows. (Two streams: keep data_prefix.flow and LoadFlowFrames after DecordDecode.)
# Data: python tools/data/synthetic/generate.py --task egtea_gaze --out data/synthetic/egtea_gaze --videos
_base_ = ['./gaze-attention_tiny-r18_1200it_egtea-synthetic.py']

data_root = 'data/synthetic/egtea_gaze'

# the base pipelines with RawFrameDecode replaced by the video decoders
train_pipeline = [step for base_step in _base_.train_pipeline for step in (
    [dict(type='DecordInit'), dict(type='DecordDecode')]
    if base_step['type'] == 'RawFrameDecode' else [base_step])]
test_pipeline = [step for base_step in _base_.test_pipeline for step in (
    [dict(type='DecordInit'), dict(type='DecordDecode')]
    if base_step['type'] == 'RawFrameDecode' else [base_step])]
data_prefix = dict(_delete_=True, video=f'{data_root}/cropped_clips',
                   gaze=f'{data_root}/gaze_data')
train_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader
