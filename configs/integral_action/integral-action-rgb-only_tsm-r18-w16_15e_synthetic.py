# Stage 1 on the synthetic clips: the RGB stream alone (from scratch), data and
# sizes of integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py.
_base_ = ['integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py']

model = dict(mode='rgb_only', pose_backbone=None, fusion=None)
optim_wrapper = dict(optimizer=dict(lr=5e-2), paramwise_cfg=None)
load_from = None
