# TIN "RP_D C_D" (Li et al., CVPR 2019): ResNet-50 (caffe style, ImageNet) up to res4 on the
# image, res5 per instance, iCAN attention, spatial-pose stream, interactiveness discriminator,
# LIS + NIS at test time (official HICO-DET settings; datasets override the class count).
model = dict(
    type='TIN',
    data_preprocessor=dict(
        type='mmdet.DetDataPreprocessor',
        mean=[103.530, 116.280, 123.675],
        std=[1.0, 1.0, 1.0],
        bgr_to_rgb=False,
        pad_size_divisor=32,
        boxtype2tensor=False),
    backbone=dict(
        type='mmdet.ResNet',
        depth=50,
        num_stages=4,
        strides=(1, 2, 2, 1),  # res5 on the RoI features keeps 7x7
        out_indices=(2, ),
        frozen_stages=1,
        norm_cfg=dict(type='BN', requires_grad=False),
        norm_eval=True,
        style='caffe',
        init_cfg=dict(type='Pretrained', checkpoint='open-mmlab://detectron2/resnet50_caffe')),
    spatial_encoder=dict(type='SpatialPoseEncoder', pattern_channels=(64, 32),
                         pose_channels=(32, 16)),
    attention=dict(type='InstanceCentricAttention', in_channels=1024, instance_channels=2048,
                   embed_channels=512, out_channels=1024),
    hoi_head=dict(
        type='TINHOIHead',
        human_channels=2048 + 1024,
        object_channels=2048 + 1024,
        spatial_channels=5408 + 2048,
        hidden=1024,
        num_classes=600,
        dropout=0.5,
        class_weight='hico_det'),
    interactiveness_head=dict(
        type='InteractivenessHead',
        human_channels=2048 + 1024 + 5408 + 2704,
        object_channels=2048 + 1024,
        hidden=1024,
        dropout=0.2,  # TRAIN_DROP_OUT_BINARY = 0.8 keep probability
        # (no interaction, interaction) columns: log 1.25, log 5 (official TIN_HICO.py L132,
        # whose columns are the other way round)
        binary_weight=(0.22314355131420976, 1.6094379124341003)),
    post_processor=dict(
        type='NonInteractionSuppression',
        no_interaction_thr=0.9,  # tools/Test_TIN_HICO.py L75-79
        interaction_thr=0.1,
        object_thresholds='official',
        lis=(6.0, 10.0, 1.4, 0.0),
        enabled=True))
