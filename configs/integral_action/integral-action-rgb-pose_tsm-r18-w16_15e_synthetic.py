# The Kinetics50 stage-3 recipe (integral-action-rgb-pose_tsm-r18_29e_kinetics50.py) shrunk to
# the synthetic clips (tools/data/synthetic/generate.py --task integral_action, the official
# Kinetics layout): 8 classes, 64x64 frames cropped to 56, pose maps on a 14x14 grid (56 / 4,
# as 224 -> 56 in the paper), clips of 4 frames 2 apart, TSM ResNet-18 at a quarter width from
# scratch, a short schedule; as in the official stage 3 only the fusion module and the
# classifier train. The synthetic skeletons number frames correctly from 1 and no converted
# weights are evaluated here: skeleton_frame_index_base=1. Stage 3 of
# tools/quickstart/40_integral_action.sh.
_base_ = [
    '../_base_/models/integral_action_tsm-r18.py',
    '../_base_/schedules/integral_action_sgd_stages.py', '../_base_/default_runtime.py'
]

num_classes = 8
clip_len = 4
frame_interval = 2
min_frames = (clip_len - 1) * frame_interval
data_root = 'data/synthetic/integral_action'
work_root = 'work_dirs/quickstart/integral_action'

width = 16  # base_channels of both TSM ResNet-18 (64 in the paper): 128-d features
model = dict(
    rgb_backbone=dict(type='SlimResNetTSM', base_channels=width, num_segments=clip_len),
    pose_backbone=dict(base_channels=width, num_segments=clip_len),
    fusion=dict(rgb_channels=8 * width, pose_channels=8 * width, out_channels=8 * width),
    cls_head=dict(num_classes=num_classes, in_channels=8 * width, num_segments=clip_len))

pose_maps = dict(type='GenerateJointHeatmapPAF', heatmap_size=(14, 14), sigma=0.5,
                 paf_width=1.0, top_k=5, score_thr=0.1, limbs={{_base_.limbs}})
train_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval),
    dict(type='LoadSkeletonFrames'),
    dict(type='RawFrameDecode'),
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
    dict(type='RawFrameDecode'),
    dict(type='CenterCrop', crop_size=56),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]
kinetics_dataset = dict(
    type='PoseRGBDataset',
    skeleton_format='kinetics_skeleton',
    frame_dir_tmpl='{seq_name}/{file_name}',
    skeleton_tmpl='{video_name}.json',
    skeleton_frame_index_base=1,
    num_classes=num_classes,
    min_frames=min_frames)
train_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        **kinetics_dataset,
        ann_file=f'{data_root}/Kinetics{num_classes}_train.json',
        label_file=f'{data_root}/kinetics-skeleton/kinetics_train_label.json',
        strip_name_fields=2,
        data_prefix=dict(img=f'{data_root}/frames/train_64',
                         skeleton=f'{data_root}/kinetics-skeleton/kinetics_train'),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8, num_workers=0, persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        **kinetics_dataset,
        ann_file=f'{data_root}/Kinetics{num_classes}_val.json',
        label_file=f'{data_root}/kinetics-skeleton/kinetics_val_label.json',
        data_prefix=dict(img=f'{data_root}/frames/val_64',
                         skeleton=f'{data_root}/kinetics-skeleton/kinetics_val'),
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', metric_list=('top_k_accuracy', ))
test_evaluator = val_evaluator

max_epochs = 15
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=5e-3), clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_epochs, by_epoch=True,
                        eta_min=0)]
default_hooks = dict(logger=dict(interval=8), checkpoint=dict(interval=max_epochs))
auto_scale_lr = dict(enable=False, base_batch_size=8)
load_from = f'{work_root}/merged_init.pth'
