# Stage 2 on the synthetic clips: kinetics50_pose_only.py's changes on top of the synthetic
# data and sizes of kinetics50_rgb_pose_synthetic.py.
_base_ = ['kinetics50_rgb_pose_synthetic.py']

model = dict(mode='pose_only', rgb_backbone=None, fusion=None)
optim_wrapper = dict(optimizer=dict(lr=2e-2))
load_from = None
