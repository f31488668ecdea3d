# Gaze-Attention (Min & Corso, WACV 2021): two-stream Inception-v1 I3D (RGB 3 + flow 2 channels
# of one stacked clip), gaze prediction on MaxPool3d_5a_2x2, one sampled attention location per
# time step of the Mixed_5c grid, direct optimization through argmax; 106 EGTEA Gaze+ actions.
# The official model.py / utils.py with their defaults.
model = dict(
    type='GazeAttentionRecognizer',
    backbone=dict(type='InceptionI3d', in_channels=3,
                  out_end_points=('MaxPool3d_5a_2x2', 'Mixed_5c')),
    flow_backbone=dict(type='InceptionI3d', in_channels=2,
                       out_end_points=('MaxPool3d_5a_2x2', 'Mixed_5c')),
    rgb_channels=3,
    gaze_head=dict(type='GazePredictionHead', in_channels=832, mid_channels=(256, 64)),
    # num_positions = T * H * W of Mixed_5c for 24x224x224 snippets (3 * 7 * 7)
    cls_head=dict(type='GazeAttentionHead', num_classes=106, in_channels=1024,
                  num_positions=3 * 7 * 7, dropout_ratio=0.7),
    sampler=dict(type='GumbelArgmaxSampler', eps=1e-10, sample_in_test=True),
    estimator=dict(type='DirectOptimizationEstimator', eps=1000.0, loss_weight=1.0),
    loss_cls=dict(type='CrossEntropyLoss', loss_weight=1.0),
    loss_gaze=dict(type='GazeKLLoss', loss_weight=1.0),
    # x * 2 / 255 - 1 for the 3 RGB and the 2 flow channels
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[127.5] * 5, std=[127.5] * 5,
                           format_shape='NCTHW'))
