# The official Interaction Hotspots schedule: Adam, lr 1e-4, weight decay 5e-4, 20 epochs of
# batch 128 (the authors: 4 GPUs x 32), lr / 10 after epoch 15, a test every 5 epochs (the
# dataset configs save a checkpoint as often).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4, weight_decay=5e-4))
param_scheduler = [dict(type='MultiStepLR', by_epoch=True, milestones=[15], gamma=0.1)]

auto_scale_lr = dict(enable=False, base_batch_size=128)
