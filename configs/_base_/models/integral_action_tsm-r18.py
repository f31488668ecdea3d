# IntegralAction (Moon et al., CVPRW 2021): an RGB stream and a pose stream (TSM ResNet-18 each,
# 8 frames) integrated by the pose-driven gate; the official main/config.py defaults. The pose
# stream enters after its stem from 56x56 joint heatmaps + part affinity fields (Pose2Feat).
# The pipelines are the official Kinetics ones (frames stored at short side 256); the three
# training stages are the three `*_model` variants below, used by the stage configs as
# `model = {{_base_.rgb_only_model}}` (stage 1), `{{_base_.pose_only_model}}` (stage 2) and
# this `model` (stage 3).
clip_len = 8
frame_interval = 8
num_classes = 50
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
# stage 1: the RGB stream alone, ImageNet initialised like the official code
rgb_only_model = dict(
    mode='rgb_only',
    rgb_backbone=dict(pretrained='torchvision://resnet18', pretrained2d=True),
    pose_backbone=None,
    fusion=None)
# stage 2: the pose stream alone (Pose2Feat + TSM ResNet-18 without its stem)
pose_only_model = dict(
    mode='pose_only',
    rgb_backbone=None,
    pose_backbone=dict(pretrained='torchvision://resnet18', pretrained2d=True),
    fusion=None)

pose_maps = dict(type='GenerateJointHeatmapPAF', heatmap_size=(56, 56), sigma=0.5,
                 paf_width=1.0, top_k=5, score_thr=0.1, limbs=limbs)
# mmaction2's renderer instead (Gaussian heatmaps + limb heatmaps at 224 / 4 = 56):
# pose_maps = dict(type='GeneratePoseTarget', sigma=0.6, with_kp=True, with_limb=True,
#                  skeletons=limbs, left_kp=left_kp, right_kp=right_kp, scaling=0.25)
# and pose_channels = 18 + 17.
train_pipeline = [
    dict(type='SampleStridedClips', clip_len=clip_len, frame_interval=frame_interval),
    dict(type='LoadSkeletonFrames'),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    # the official crops: int(224 * s) for s in (1, .875, .75, .66) wide and high, i.e.
    # 224/196/168/147 px of the short-side-256 frame (common/utils/preprocessing.py L117-124)
    dict(type='MultiScaleCrop', input_size=224,
         scales=(224 / 256, 196 / 256, 168 / 256, 147 / 256), random_crop=True,
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
    dict(type='LoadSkeletonFrames'),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='CenterCrop', crop_size=224),
    pose_maps,
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackActionInputs', collect_keys=('imgs', 'heatmap_imgs'))
]
