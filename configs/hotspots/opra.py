# Interaction Hotspots on OPRA (Nagarajan, Feichtenhofer, Grauman, ICCV 2019): frozen dilated
# ResNet-50 (2048 x 28 x 28 per 224 frame), L2 pooling, LSTM (hidden 2048) over up to 8 frames at
# 5 fps, anticipation with the MSE loss (x 0.1), auxiliary classification; Adam 1e-4, weight
# decay 5e-4, batch 128, 20 epochs, lr / 10 after epoch 15. Data: tools/data/opra/README.md.
_base_ = ['../_base_/default_runtime.py']

data_root = 'data/opra'
ann_file = 'annotations.json'  # relative to data_root
num_classes = 7
max_len = 8
image_size = 224

model = dict(
    type='HotspotsRecognizer',
    backbone=dict(
        type='DilatedResNet',
        depth=50,
        # torchvision's ImageNet ResNet-50 (as the official code), a URL or a local path
        pretrained='https://download.pytorch.org/models/resnet50-19c8e357.pth',
        strides=(1, 2, 1, 1),
        dilations=(1, 1, 2, 4),
        frozen=True),
    cls_head=dict(
        type='LSTMActionHead', num_classes=num_classes, in_channels=2048, hidden_size=2048,
        loss_weight=1.0),
    anticipation=dict(
        type='AnticipationModule', in_channels=2048, loss_type='mse', loss_weight=0.1),
    aux_loss_weight=1.0,
    data_preprocessor=dict(type='HotspotsDataPreprocessor'))

train_pipeline = [
    dict(type='SampleClipWindow', max_len=max_len),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=image_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='LoadInactiveImages', size=image_size, flip_ratio=0.5),
    dict(type='PackHotspotsInputs'),
]
test_pipeline = [
    dict(type='LoadInactiveImages', sources=dict(inactive='img_path'), size=image_size),
    dict(type='PointsToHeatmap', k_ratio=3.0, out_size=image_size),
    dict(type='PackHotspotsInputs'),
]

train_dataloader = dict(
    batch_size=128,
    num_workers=8,
    persistent_workers=True,
    # as the official training: draws with replacement, weight 1 / verb frequency (capped at 100)
    sampler=dict(type='ClassBalancedSampler', max_weight=100),
    dataset=dict(
        type='OPRADataset', ann_file=ann_file, data_root=data_root, mode='clips',
        split='train', num_classes=num_classes, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='OPRADataset', ann_file=ann_file, data_root=data_root, mode='heatmaps',
        split='test', num_classes=num_classes, pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='SaliencyMetric', eval_size=28)
test_evaluator = val_evaluator

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4, weight_decay=5e-4))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[15], gamma=0.1)]

# mmaction2's hook (drawing heatmaps is demo/demo_hotspots.py's job); the runtime's
default_hooks = dict(checkpoint=dict(interval=5))
auto_scale_lr = dict(enable=False, base_batch_size=128)
