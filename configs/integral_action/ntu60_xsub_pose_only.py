# IntegralAction stage 2 on NTU RGB+D 60, cross-subject: the pose stream alone.
_base_ = ['ntu60_xsub_rgb_pose.py']

model = dict(
    mode='pose_only',
    rgb_backbone=None,
    pose_backbone=dict(pretrained='torchvision://resnet18', pretrained2d=True),
    fusion=None)
optim_wrapper = dict(optimizer=dict(lr=5e-3))
load_from = None
