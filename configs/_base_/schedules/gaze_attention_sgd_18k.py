# The official Gaze-Attention schedule (main.py defaults): one clip per SGD step, lr 0.032,
# momentum 0.9, weight decay 4e-5, gradient norm clipped to 20, 18,000 iterations, lr x0.1 at
# 8,000 and 15,000; the direct-optimization epsilon max(0.1, 1000 exp(-1e-3 i)) every 100
# iterations. More clips per step (a larger batch_size or several GPUs): scale lr linearly,
# 0.032 x clips per step, e.g. with tools/train.py --auto-scale-lr (base_batch_size=1).
train_cfg = dict(type='IterBasedTrainLoop', max_iters=18000, val_interval=18000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.032, momentum=0.9, weight_decay=4e-5),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, milestones=[8000, 15000], gamma=0.1)]
custom_hooks = [
    dict(type='DirectOptimizationEpsilonHook', eps_start=1000.0, anneal_rate=1e-3,
         eps_min=0.1, interval=100)
]
auto_scale_lr = dict(enable=False, base_batch_size=1)
