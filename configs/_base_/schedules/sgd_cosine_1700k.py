# The official TIN schedule: SGD momentum 0.9, weight decay 1e-4, lr 1e-3 with cosine decay,
# one image per iteration on one GPU, 1.7M iterations.
max_iters = 1700000
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=200000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=0.0, by_epoch=False, begin=0,
         end=max_iters)
]
auto_scale_lr = dict(enable=False, base_batch_size=1)
