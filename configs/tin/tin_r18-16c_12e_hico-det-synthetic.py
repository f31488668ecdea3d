# TIN on the synthetic HICO-DET (tools/data/synthetic/generate.py --task hico_det): the real
# config with a small ResNet-18 (16 base channels, trained from scratch), narrow streams, small
# images and a short schedule, so that it trains on CPU in a few minutes. mAP runs over the 7
# HOI classes the generator uses.
_base_ = ['./tin_r50_1700k_hico-det.py']

data_root = 'data/synthetic/hico_det'
# push bicycle, ride bicycle, drink_with cup, hold cup, hold / kick / throw sports_ball
synthetic_classes = [16, 18, 296, 297, 493, 495, 500]

model = dict(
    data_preprocessor=dict(mean=[100.0, 100.0, 100.0], std=[60.0, 60.0, 60.0]),
    backbone=dict(
        depth=18, base_channels=16, frozen_stages=-1, style='pytorch',
        norm_cfg=dict(type='BN', requires_grad=True), norm_eval=False, init_cfg=None),
    spatial_encoder=dict(pattern_channels=(16, 8), pose_channels=(8, 4)),
    attention=dict(in_channels=64, instance_channels=128, embed_channels=32, out_channels=64),
    hoi_head=dict(human_channels=128 + 64, object_channels=128 + 64,
                  spatial_channels=8 * 13 * 13 + 128, hidden=256),
    interactiveness_head=dict(human_channels=128 + 64 + 8 * 13 * 13 + 4 * 13 * 13,
                              object_channels=128 + 64, hidden=256))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='SampleHOIPairs', pos_augment=3, neg_select=12),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(
        ann_file=f'{data_root}/annotations/trainval_hico.json',
        data_prefix=dict(img=f'{data_root}/images/train2015'),
        neg_file=None,  # no detector negatives: unannotated ground-truth pairs instead
        pipeline=train_pipeline))
test_dataloader = dict(
    batch_size=4,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(
        ann_file=f'{data_root}/annotations/test_hico.json',
        data_prefix=dict(img=f'{data_root}/images/test2015'),
        det_file=f'{data_root}/annotations/test_detections.json'))
test_evaluator = dict(ann_file=f'{data_root}/annotations/test_hico.json',
                      eval_classes=synthetic_classes, max_per_class=None)
val_dataloader = None
val_evaluator = None
val_cfg = None

max_epochs = 12
train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=max_epochs + 1)
optim_wrapper = dict(
    optimizer=dict(_delete_=True, type='AdamW', lr=2e-3, weight_decay=1e-4),
    clip_grad=dict(max_norm=20, norm_type=2))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=1e-5, by_epoch=True, begin=0,
         end=max_epochs)
]
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=max_epochs, by_epoch=True, max_keep_ckpts=1))
log_processor = dict(by_epoch=True)
