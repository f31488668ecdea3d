# The OPRA recipe shrunk for CPU on the synthetic hotspots task (64x64 images, 4 actions): the
# first stage of a ResNet-18 (64 x 16 x 16 maps), hidden 64, clips of up to 4 frames, 12 epochs.
# Without ImageNet weights on a CPU-only machine, this small encoder is trained (frozen=False)
# instead of frozen; everything else is the OPRA model. Data:
#   python tools/data/synthetic/generate.py --task hotspots --out data/synthetic/hotspots
_base_ = ['./hotspots_dr50_20e_opra.py']

data_root = 'data/synthetic/hotspots'
ann_file = 'annotations.json'  # relative to data_root
num_classes = 4
max_len = 4
image_size = 64

model = dict(
    backbone=dict(depth=18, pretrained=None, num_stages=1, strides=(1, ), dilations=(1, ),
                  frozen=False),
    cls_head=dict(num_classes=num_classes, in_channels=64, hidden_size=64),
    anticipation=dict(in_channels=64))

train_pipeline = [
    dict(type='SampleClipWindow', max_len=max_len),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(image_size, image_size), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='LoadInactiveImages', size=image_size, flip_ratio=0.5),
    dict(type='PackHotspotsInputs'),
]
test_pipeline = [
    dict(type='LoadInactiveImages', sources=dict(inactive='img_path'), size=image_size),
    dict(type='PointsToHeatmap', k_ratio=3.0, out_size=224),
    dict(type='PackHotspotsInputs'),
]
train_dataloader = dict(
    batch_size=16, num_workers=0, persistent_workers=False,
    dataset=dict(ann_file=ann_file, data_root=data_root, num_classes=num_classes,
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16, num_workers=0, persistent_workers=False,
    dataset=dict(ann_file=ann_file, data_root=data_root, num_classes=num_classes,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader

train_cfg = dict(max_epochs=12, val_interval=12)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [dict(type='MultiStepLR', by_epoch=True, milestones=[9], gamma=0.1)]
default_hooks = dict(checkpoint=dict(interval=12), logger=dict(interval=6))
auto_scale_lr = dict(enable=False, base_batch_size=16)
