# IntegralAction stage 3 on NTU RGB+D 60, cross-subject. Skeletons: the 25 Kinect joints
# projected on the colour frames, from tools/data/ntu/ntu_skeleton_to_pkl.py; frames resized
# to 240x320 as in the official code. Stages 1/2: ntu60_xsub_{rgb_only,pose_only}.py.
_base_ = ['kinetics50_rgb_pose.py']

num_classes = 60
data_root = 'data/ntu'
limbs = ((0, 1), (1, 2), (2, 3), (4, 20), (4, 5), (5, 6), (6, 7), (7, 21), (21, 22), (8, 20),
         (8, 9), (9, 10), (10, 11), (11, 23), (23, 24), (0, 12), (12, 13), (13, 14), (14, 15),
         (0, 16), (16, 17), (17, 18), (18, 19), (1, 20))
left_kp = (8, 9, 10, 11, 16, 17, 18, 19, 23, 24)
right_kp = (4, 5, 6, 7, 12, 13, 14, 15, 21, 22)
pose_channels = 25 + 2 * 24
clip_len = 8
frame_interval = 8

model = dict(
    pose_backbone=dict(in_channels=pose_channels),
    cls_head=dict(num_classes=num_classes))

pose_maps = dict(type='GenerateJointHeatmapPAF', heatmap_size=(56, 56), sigma=0.5,
                 paf_width=1.0, top_k=5, score_thr=0.1, limbs=limbs)
train_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(320, 240), keep_ratio=False),
    dict(type='MultiScaleCrop', input_size=224, scales=(0.933, 0.817, 0.7, 0.616),
         random_crop=True, max_wh_scale_gap=1),
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
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='PoseRGBDataset',
        ann_file=f'{data_root}/ntu60_integral_action.pkl',
        split='xsub_train',
        data_prefix=dict(img=f'{data_root}/frames'),
        min_frames=(clip_len - 1) * frame_interval,
        pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='PoseRGBDataset',
        ann_file=f'{data_root}/ntu60_integral_action.pkl',
        split='xsub_val',
        data_prefix=dict(img=f'{data_root}/frames'),
        min_frames=(clip_len - 1) * frame_interval,
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

load_from = 'work_dirs/ntu60_xsub_rgb_pose/merged_init.pth'
