# IntegralAction (Moon et al., CVPRW 2021), stage 3 of 3: RGB + pose streams integrated by the
# pose-driven gate, on Kinetics50; only the fusion module and the classifier train (see the
# schedule). Initialised from the merge of the stage-1
# (integral-action-rgb-only_tsm-r18_30e_kinetics50.py) and stage-2
# (integral-action-pose-only_tsm-r18_30e_kinetics50.py) checkpoints:
#   python tools/merge_stage_checkpoints.py RGB_ONLY.pth POSE_ONLY.pth \
#       work_dirs/integral-action-rgb-pose_tsm-r18_29e_kinetics50/merged_init.pth
# or tests a checkpoint converted from the official release
# (tools/convert_weights/integral_action.py) as it is.
# Data: the official layout (data/Kinetics/data of the official code, see
# tools/data/kinetics/README.md): frames in frames/<split>_256/<seq_name>/<file_name>/,
# skeletons kinetics-skeleton/kinetics_<split>/<name>.json with the training file names
# stripped of their last two `_` fields, videos whose kinetics_<split>_label.json entry has
# has_skeleton false dropped (data/Kinetics/Kinetics.py L44-49). The skeleton of RGB frame t
# (0-based) is the one the file numbers t, i.e. the previous frame's, as in the official
# loader (skeleton_frame_index_base=0, Kinetics.py L77-78); set it to 1 for the correct
# mapping (frame_index is 1-based), e.g. to train from scratch.
_base_ = [
    '../_base_/models/integral_action_tsm-r18.py',
    '../_base_/schedules/integral_action_sgd_stages.py', '../_base_/default_runtime.py'
]

data_root = 'data/kinetics50'
num_classes = 50
min_frames = 7 * 8  # (clip_len - 1) * frame_interval, the official filter
kinetics_dataset = dict(
    type='PoseRGBDataset',
    skeleton_format='kinetics_skeleton',
    frame_dir_tmpl='{seq_name}/{file_name}',
    skeleton_tmpl='{video_name}.json',
    skeleton_frame_index_base=0,
    num_classes=num_classes,
    min_frames=min_frames)
train_dataloader = dict(
    batch_size=8, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        **kinetics_dataset,
        ann_file=f'{data_root}/Kinetics{num_classes}_train.json',
        label_file=f'{data_root}/kinetics-skeleton/kinetics_train_label.json',
        strip_name_fields=2,
        data_prefix=dict(img=f'{data_root}/frames/train_256',
                         skeleton=f'{data_root}/kinetics-skeleton/kinetics_train'),
        pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    batch_size=2, num_workers=8, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        **kinetics_dataset,
        ann_file=f'{data_root}/Kinetics{num_classes}_val.json',
        label_file=f'{data_root}/kinetics-skeleton/kinetics_val_label.json',
        data_prefix=dict(img=f'{data_root}/frames/val_256',
                         skeleton=f'{data_root}/kinetics-skeleton/kinetics_val'),
        pipeline={{_base_.test_pipeline}},
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='AccMetric', metric_list=('top_k_accuracy', ))
test_evaluator = val_evaluator

load_from = 'work_dirs/integral-action-rgb-pose_tsm-r18_29e_kinetics50/merged_init.pth'
