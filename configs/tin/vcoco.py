# TIN on V-COCO: the HICO-DET model with the 25 (action, role) classes that have a role object
# (the role AP classes), no per-class loss weights, and no object-specific class masking.
# Official: lr 1e-3 (SGD, cosine), Pos_augment 15, Neg_select 60, test thresholds human 0.6 /
# object 0.4 (tools/Test_TIN_VCOCO.py). The official per-object NIS table for V-COCO
# (tools/Vcoco_lis_nis.py) is not ported: the HICO-DET defaults are used. Data layout:
# tools/data/vcoco/README.md.
_base_ = ['./hico.py']

data_root = 'data/v-coco'
coco_root = 'data/coco'
num_classes = 25

model = dict(
    class_objects=None,
    hoi_head=dict(num_classes=num_classes, class_weight=None),
    post_processor=dict(object_thresholds=None, label_space=None))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='SampleHOIPairs', num_classes=num_classes, pos_augment=15, neg_select=60,
         augment_min_iou=0.7),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PairDetections', human_score_thr=0.6, object_score_thr=0.4),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='VCOCODataset',
        ann_file=f'{data_root}/annotations/vcoco_trainval.json',
        data_prefix=dict(img=f'{coco_root}/train2014'),
        pipeline=train_pipeline))
test_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='VCOCODataset',
        ann_file=f'{data_root}/annotations/vcoco_test.json',
        data_prefix=dict(img=f'{coco_root}/val2014'),
        det_file=f'{data_root}/test_detections.json',
        pipeline=test_pipeline,
        test_mode=True))
val_dataloader = test_dataloader
test_evaluator = dict(_delete_=True, type='VCOCOMetric',
                      ann_file=f'{data_root}/annotations/vcoco_test.json')
val_evaluator = test_evaluator

max_iters = 300000
train_cfg = dict(max_iters=max_iters, val_interval=50000)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=0.0, by_epoch=False, begin=0,
         end=max_iters)
]
