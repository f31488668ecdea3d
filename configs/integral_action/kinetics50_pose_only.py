# IntegralAction stage 2 of 3: the pose stream alone (Pose2Feat + TSM ResNet-18 without its
# stem, ImageNet initialised like the official code).
_base_ = ['kinetics50_rgb_pose.py']

model = dict(
    mode='pose_only',
    rgb_backbone=None,
    pose_backbone=dict(pretrained='torchvision://resnet18', pretrained2d=True),
    fusion=None)
optim_wrapper = dict(optimizer=dict(lr=5e-3))
load_from = None
