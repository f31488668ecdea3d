# TIN "RP_D C_D" on HICO-DET with the official training and test protocol (the model in
# ../_base_/models/tin_r50.py, the schedule in ../_base_/schedules/sgd_cosine_1700k.py). Data
# layout: tools/data/hico_det/README.md. Differences from the official code:
# configs/tin/README.md.
_base_ = [
    '../_base_/models/tin_r50.py', '../_base_/schedules/sgd_cosine_1700k.py',
    '../_base_/default_runtime.py'
]

# iteration-based logging and checkpoints (the runtime base's are per epoch)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(type='CheckpointHook', interval=100000, by_epoch=False, max_keep_ckpts=3))
log_processor = dict(by_epoch=False)

data_root = 'data/hico_20160224_det'
num_classes = 600

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='SampleHOIPairs', num_classes=num_classes, pos_augment=15, neg_select=60,
         augment_min_iou=0.7),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    # official test_HICO_pose_pattern_all_wise_pair.py: humans > 0.8, objects > 0.3, and the
    # top-4 x top-4 pairs (padded as the official loop pads) for images with none
    dict(type='PairDetections', human_score_thr=0.8, object_score_thr=0.3,
         fallback='official', fallback_k=4),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]

train_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='HICODetDataset',
        ann_file=f'{data_root}/annotations/trainval_hico.json',
        data_prefix=dict(img=f'{data_root}/images/train2015'),
        # official: negatives from iCAN's negative pickle, at most 5 pairs per step
        neg_file=f'{data_root}/Trainval_Neg_HICO_with_pose.pkl',
        pairs_per_sample=5,
        pipeline=train_pipeline))
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='HICODetDataset',
        ann_file=f'{data_root}/annotations/test_hico.json',
        data_prefix=dict(img=f'{data_root}/images/test2015'),
        det_file=f'{data_root}/Test_Faster_RCNN_R-50-PFN_2x_HICO_DET_with_pose.pkl',
        pipeline=test_pipeline,
        test_mode=True))
val_dataloader = test_dataloader

# official Generate_HICO_detection_nis.py L142: the best 19,999 pairs of each HOI class
test_evaluator = dict(type='HICODetMetric', ann_file=f'{data_root}/annotations/test_hico.json',
                      max_per_class=19999)
val_evaluator = test_evaluator
