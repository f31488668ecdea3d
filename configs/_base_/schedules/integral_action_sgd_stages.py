# The official IntegralAction schedules (main/config.py, common/base.py): SGD, momentum 0.9,
# weight decay 1e-4, 8 clips per GPU; lr x0.1 at epochs 21 and 26.
# - `optim_wrapper` & co.: stage 3 (rgb+pose). The official optimiser updates only the fusion
#   module (`aggregator`) and the classifier (common/base.py L44-46): both streams (Pose2Feat
#   included) get lr 0 and weight decay 0 here (their BN statistics still follow the data, as
#   in the official model.train()). Delete `paramwise_cfg` to fine-tune everything:
#   `optim_wrapper = dict(paramwise_cfg=None)` in a config that inherits a stage-3 config.
#   The official stage 3 resumes the merged checkpoint (saved as epoch 0) at epoch 1 and stops
#   after epoch 29: 29 epochs, lr 5e-4, x0.1 after 20 and 25 of them.
# - `single_stream_*`: stages 1 and 2 (rgb_only, pose_only), used by their configs as
#   `optim_wrapper = {{_base_.single_stream_optim_wrapper}}` etc.: every parameter, lr 5e-3,
#   30 epochs.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=29, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=5e-4, momentum=0.9, weight_decay=1e-4),
    paramwise_cfg=dict(custom_keys={
        'rgb_backbone': dict(lr_mult=0., decay_mult=0.),
        'pose_backbone': dict(lr_mult=0., decay_mult=0.)}))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=29, by_epoch=True, milestones=[20, 25], gamma=0.1)
]

single_stream_train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=30, val_interval=5)
single_stream_optim_wrapper = dict(
    _delete_=True, optimizer=dict(type='SGD', lr=5e-3, momentum=0.9, weight_decay=1e-4))
single_stream_param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=30, by_epoch=True, milestones=[21, 26], gamma=0.1)
]
# 4 GPUs x 8 clips in the paper
auto_scale_lr = dict(enable=False, base_batch_size=32)
