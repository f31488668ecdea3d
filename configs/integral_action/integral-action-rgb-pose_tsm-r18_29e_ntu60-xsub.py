# IntegralAction stage 3 on NTU RGB+D 60, cross-subject. Skeletons: the 25 Kinect joints
# projected on the colour frames, from tools/data/ntu/ntu_skeleton_to_pkl.py; frames resized
# to 240x320 as in the official code (data/NTU/NTU.py). Stages 1/2:
# integral-action-{rgb-only,pose-only}_tsm-r18_30e_ntu60-xsub.py.
_base_ = [
    '../_base_/models/integral_action_tsm-r18.py',
    '../_base_/schedules/integral_action_sgd_stages.py', '../_base_/default_runtime.py'
]

num_classes = 60
data_root = 'data/ntu'
clip_len = 8
frame_interval = 8
limbs = ((0, 1), (1, 2), (2, 3), (4, 20), (4, 5), (5, 6), (6, 7), (7, 21), (21, 22), (8, 20),
         (8, 9), (9, 10), (10, 11), (11, 23), (23, 24), (0, 12), (12, 13), (13, 14), (14, 15),
         (0, 16), (16, 17), (17, 18), (18, 19), (1, 20))
left_kp = (8, 9, 10, 11, 16, 17, 18, 19, 23, 24)
right_kp = (4, 5, 6, 7, 12, 13, 14, 15, 21, 22)
pose_channels = 25 + 2 * 24

model = dict(
    pose_backbone=dict(in_channels=pose_channels),
    cls_head=dict(num_classes=num_classes))

pose_maps = dict(type='GenerateJointHeatmapPAF', heatmap_size=(56, 56), sigma=0.5,
                 paf_width=1.0, top_k=5, score_thr=0.1, limbs=limbs)
train_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(320, 240), keep_ratio=False),
    # the official crops, 224/196/168/147 px of the 240x320 frame (preprocessing.py L117-124)
    dict(type='MultiScaleCrop', input_size=224,
         scales=(224 / 240, 196 / 240, 168 / 240, 147 / 240), random_crop=True,
         max_wh_scale_gap=1),
    dict(type='Resize', scale=(224, 224), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, left_kp=left_kp, right_kp=right_kp),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]
test_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval,
         num_clips=10, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(320, 240), keep_ratio=False),
    dict(type='CenterCrop', crop_size=224),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]
ntu_dataset = dict(
    type='PoseRGBDataset',
    ann_file=f'{data_root}/ntu60_integral_action.pkl',
    data_prefix=dict(img=f'{data_root}/frames'),
    num_classes=num_classes,
    min_frames=(clip_len - 1) * frame_interval)
train_dataloader = dict(
    batch_size=8, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(**ntu_dataset, split='xsub_train', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=2, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(**ntu_dataset, split='xsub_val', pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='AccMetric', metric_list=('top_k_accuracy', ))
test_evaluator = val_evaluator

load_from = 'work_dirs/integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub/merged_init.pth'
