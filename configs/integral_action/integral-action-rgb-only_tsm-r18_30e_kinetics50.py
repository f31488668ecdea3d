# IntegralAction stage 1 of 3: the RGB stream alone (TSM ResNet-18,
# ImageNet initialised like the official code), on Kinetics50; data as in stage 3.
_base_ = ['integral-action-rgb-pose_tsm-r18_29e_kinetics50.py']

model = {{_base_.rgb_only_model}}
train_cfg = {{_base_.single_stream_train_cfg}}
optim_wrapper = {{_base_.single_stream_optim_wrapper}}
param_scheduler = {{_base_.single_stream_param_scheduler}}
load_from = None
