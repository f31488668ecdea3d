# IntegralAction stage 1 on NTU RGB+D 60, cross-subject: the RGB stream alone.
_base_ = ['ntu60_xsub_rgb_pose.py']

model = dict(
    mode='rgb_only',
    rgb_backbone=dict(pretrained='torchvision://resnet18', pretrained2d=True),
    pose_backbone=None,
    fusion=None)
optim_wrapper = dict(optimizer=dict(lr=5e-3))
load_from = None
