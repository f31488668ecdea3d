# Interaction Hotspots on OPRA: the paper model (configs/_base_/models/hotspots_dr50.py) trained
# on clips of up to 8 frames at 5 fps, with the official schedule (Adam 1e-4, batch 128, 20
# epochs) and class-balanced sampling; tested on the annotated product images (KLD, SIM, AUC-J at
# 28x28). Data: tools/data/opra/README.md.
_base_ = [
    '../_base_/models/hotspots_dr50.py', '../_base_/schedules/hotspots_adam_20e.py',
    '../_base_/default_runtime.py'
]

data_root = 'data/opra'
ann_file = 'annotations.json'  # relative to data_root
num_classes = 7
max_len = 8
image_size = 224

model = dict(cls_head=dict(num_classes=num_classes))

train_pipeline = [
    dict(type='SampleClipWindow', max_len=max_len),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=image_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='LoadInactiveImages', size=image_size, flip_ratio=0.5),
    dict(type='PackHotspotsInputs'),
]
# inactive images resized with PIL's bilinear, as the official loader
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

# AUC-J breaks ties with the official jitter, seeded (jitter_seed=None: no jitter); the
# center-bias baseline of the official evaluator is scored beside the model (center_KLD, ...)
val_evaluator = dict(type='SaliencyMetric', eval_size=28, jitter_seed=0, center_baseline=True)
test_evaluator = val_evaluator

# A checkpoint at each test (every 5 epochs); the runtime's ClipVisualizationHook stays disabled:
# it draws clips, not heatmaps (drawing the hotspots of an image is demo/demo_hotspots.py's job).
default_hooks = dict(checkpoint=dict(interval=5))
