# TIN "RP_D C_D" on V-COCO (Li et al., CVPR 2019): the HICO-DET model with the official 29
# outputs of TIN_VCOCO.py (25 <action>_<role> classes and 4 agent-only actions, in the order of
# iCAN's action_index.json), interactiveness loss weights log 3 / log 1.5, and the official
# V-COCO test-time scoring of tools/Vcoco_lis_nis.py: LIS (6, 6, 7, 0), apply_prior, the
# per-object NIS table, person objects suppressed, one row per (human, action, role) = the
# best-scoring object. Test thresholds human 0.6 / object 0.4 (tools/Test_TIN_VCOCO.py).
# Differences from the official code: configs/tin/README.md. Data: tools/data/vcoco/README.md.
_base_ = [
    '../_base_/models/tin_r50.py', '../_base_/schedules/sgd_cosine_1700k.py',
    '../_base_/default_runtime.py'
]

data_root = 'data/v-coco'
coco_root = 'data/coco'
# official: the 29 outputs of lib/networks/TIN_VCOCO.py (num_classes = 29)
class_names = ('surf_instr', 'ski_instr', 'cut_instr', 'walk', 'cut_obj', 'ride_instr',
               'talk_on_phone_instr', 'kick_obj', 'work_on_computer_instr', 'eat_obj',
               'sit_instr', 'jump_instr', 'lay_instr', 'drink_instr', 'carry_obj', 'throw_obj',
               'eat_instr', 'smile', 'look_obj', 'hit_instr', 'hit_obj', 'snowboard_instr',
               'run', 'point_instr', 'read_obj', 'hold_obj', 'skateboard_instr', 'stand',
               'catch_obj')
num_classes = len(class_names)

model = dict(
    hoi_head=dict(num_classes=num_classes, class_weight=None),
    interactiveness_head=dict(
        # official: TIN_VCOCO.py L89 binary_weight: log 3 on the interactive column, log 1.5
        # on the non-interactive one; our columns are (no interaction, interaction)
        binary_weight=(0.4054651081081644, 1.0986122886681098)),
    post_processor=dict(
        _delete_=True,
        type='VCOCONonInteractionSuppression',
        class_names=class_names,
        lis=(6.0, 6.0, 7.0, 0.0),
        object_thresholds='official',
        prior=True,
        # the official Data/prior_mask.pkl (iCAN), when downloaded; None: apply_prior only
        prior_mask=None,
        suppress_person_objects=True),
    class_objects=None)

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
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='VCOCODataset',
        class_names=class_names,
        ann_file=f'{data_root}/annotations/vcoco_trainval.json',
        data_prefix=dict(img=f'{coco_root}/train2014'),
        pipeline=train_pipeline))
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        type='VCOCODataset',
        class_names=class_names,
        ann_file=f'{data_root}/annotations/vcoco_test.json',
        data_prefix=dict(img=f'{coco_root}/val2014'),
        det_file=f'{data_root}/test_detections.json',
        pipeline=test_pipeline,
        test_mode=True))
val_dataloader = test_dataloader
test_evaluator = dict(type='VCOCOMetric', ann_file=f'{data_root}/annotations/vcoco_test.json',
                      class_names=class_names, one_per_human=True)
val_evaluator = test_evaluator

# the HICO-DET schedule shortened to 300k iterations (not the official V-COCO schedule: see
# the README's differences table)
max_iters = 300000
train_cfg = dict(max_iters=max_iters, val_interval=50000)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=0.0, by_epoch=False, begin=0,
         end=max_iters)
]
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(type='CheckpointHook', interval=100000, by_epoch=False, max_keep_ckpts=3))
log_processor = dict(by_epoch=False)
