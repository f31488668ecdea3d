# IntegralAction stage 1 of 3: the RGB stream alone (TSM ResNet-18, ImageNet initialised).
_base_ = ['kinetics50_rgb_pose.py']

model = dict(
    mode='rgb_only',
    rgb_backbone=dict(pretrained='torchvision://resnet18', pretrained2d=True),
    pose_backbone=None,
    fusion=None)
optim_wrapper = dict(optimizer=dict(lr=5e-3))
load_from = None
