# IntegralAction stage 2 of 3 on NTU RGB+D 60, cross-subject: the pose stream alone.
_base_ = ['integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub.py']

model = {{_base_.pose_only_model}}
train_cfg = {{_base_.single_stream_train_cfg}}
optim_wrapper = {{_base_.single_stream_optim_wrapper}}
param_scheduler = {{_base_.single_stream_param_scheduler}}
load_from = None
