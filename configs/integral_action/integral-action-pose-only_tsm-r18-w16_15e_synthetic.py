# Stage 2 on the synthetic clips: the pose stream alone (from scratch), data and
# sizes of integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py.
_base_ = ['integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py']

model = dict(mode='pose_only', rgb_backbone=None, fusion=None)
optim_wrapper = dict(optimizer=dict(lr=2e-2), paramwise_cfg=None)
load_from = None
