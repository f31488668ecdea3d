# IntegralAction (Moon et al., CVPRW 2021), stage 3 of 3: RGB + pose streams (TSM ResNet-18
# each) integrated by the pose-driven gate, on Kinetics50. Initialised from the merge of the
# stage-1 (kinetics50_rgb_only.py) and stage-2 (kinetics50_pose_only.py) checkpoints:
#   python tools/merge_stage_checkpoints.py RGB_ONLY.pth POSE_ONLY.pth \
#       work_dirs/kinetics50_rgb_pose/merged_init.pth
# The pipeline packs both the RGB frames and the pose maps in every mode, so the three stage
# configs differ only in the model and the optimiser.
_base_ = ['../_base_/default_runtime.py']

num_classes = 50
clip_len = 8
frame_interval = 8
data_root = 'data/kinetics50'
# OpenPose-18 joints of the Kinetics skeletons; limbs and left/right joints of the official
# code (hoi_plugins.formats.skeletons.OPENPOSE18_*).
limbs = ((0, 1), (1, 2), (2, 3), (3, 4), (1, 5), (5, 6), (6, 7), (1, 8), (8, 9), (9, 10),
         (1, 11), (11, 12), (12, 13), (0, 14), (0, 15), (14, 16), (15, 17))
left_kp = (5, 6, 7, 11, 12, 13, 15, 17)
right_kp = (2, 3, 4, 8, 9, 10, 14, 16)
pose_channels = 18 + 2 * 17

model = dict(
    type='IntegralActionRecognizer',
    mode='rgb+pose',
    rgb_backbone=dict(
        type='ResNetTSM', depth=18, num_segments=clip_len, shift_div=4, norm_eval=False,
        pretrained=None, pretrained2d=False),
    pose_backbone=dict(
        type='PoseResNetTSM', in_channels=pose_channels, depth=18, num_segments=clip_len,
        shift_div=4, norm_eval=False, pretrained=None, pretrained2d=False),
    fusion=dict(type='PoseDrivenIntegration', rgb_channels=512, pose_channels=512,
                out_channels=512, use_gate=True),
    # The official classifier computes dropout but classifies the un-dropped feature:
    # dropout_ratio=0 is that behaviour; set it > 0 for real dropout.
    cls_head=dict(
        type='TSMHead', num_classes=num_classes, in_channels=512, num_segments=clip_len,
        spatial_type='avg', dropout_ratio=0.0, is_shift=False, init_std=0.01,
        average_clips='prob'),
    loss_gate=dict(type='BCELossWithLogits', loss_weight=1.5),
    data_preprocessor=dict(
        type='MultiModalDataPreprocessor',
        preprocessors=dict(
            # the official input is the frame / 255, without mean subtraction
            imgs=dict(type='ActionDataPreprocessor', mean=[0., 0., 0.],
                      std=[255., 255., 255.], format_shape='NCHW'),
            heatmap_imgs=dict(type='ActionDataPreprocessor', format_shape='NCHW'))))

pose_maps = dict(type='GenerateJointHeatmapPAF', heatmap_size=(56, 56), sigma=0.5,
                 paf_width=1.0, top_k=5, score_thr=0.1, limbs=limbs)
# mmaction2's renderer instead (Gaussian heatmaps + limb heatmaps at 224 / 4 = 56):
# pose_maps = dict(type='GeneratePoseTarget', sigma=0.6, with_kp=True, with_limb=True,
#                  skeletons=limbs, left_kp=left_kp, right_kp=right_kp, scaling=0.25)
# and pose_channels = 18 + 17.
train_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    # the official crops are 224 x {1, .875, .75, .66} of the short-side-256 frame
    dict(type='MultiScaleCrop', input_size=224, scales=(0.875, 0.766, 0.656, 0.578),
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
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]


train_dataloader = dict(
    batch_size=8, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='PoseRGBDataset',
        ann_file=f'{data_root}/Kinetics{num_classes}_train.json',
        skeleton_format='kinetics_skeleton',
        data_prefix=dict(img=f'{data_root}/frames/train_256',
                         skeleton=f'{data_root}/kinetics-skeleton/kinetics_train'),
        min_frames=(clip_len - 1) * frame_interval,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=2, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='PoseRGBDataset',
        ann_file=f'{data_root}/Kinetics{num_classes}_val.json',
        skeleton_format='kinetics_skeleton',
        data_prefix=dict(img=f'{data_root}/frames/val_256',
                         skeleton=f'{data_root}/kinetics-skeleton/kinetics_val'),
        min_frames=(clip_len - 1) * frame_interval,
        pipeline=test_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='AccMetric', metric_list=('top_k_accuracy', ))
test_evaluator = val_evaluator

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=30, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

# 4 GPUs x 8 clips; stage 3 uses a tenth of the single-stream learning rate
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=5e-4, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=30, by_epoch=True, milestones=[21, 26], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=32)


load_from = 'work_dirs/kinetics50_rgb_pose/merged_init.pth'
