# Test only: a model of the synthetic recipe (any of the three
# integral-action-*_tsm-r18-w16_15e_synthetic.py stages, whose data and sizes it takes) on the
# synthetic Mimetics-like split (pose-class motions in appearance-class scenes), in the official
# Mimetics layout:
#   python tools/test.py configs/integral_action/integral-action-rgb-pose_tsm-r18-w16_15e_synthetic-mimetics.py \
#       CHECKPOINT --cfg-options model.mode=rgb_only model.pose_backbone=None model.fusion=None
# (the mode options for a single-stream checkpoint, as tools/quickstart/40_integral_action.sh).
_base_ = ['integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py']

data_root = 'data/synthetic/integral_action'
test_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='PoseRGBDataset',
        ann_file=f'{data_root}/Mimetics8.json',
        skeleton_format='mimetics',
        frame_dir_tmpl='{seq_name}/{file_name}',
        skeleton_tmpl='{seq_name}/{file_name}/data.json',
        data_prefix=dict(img=f'{data_root}/frames/mimetics',
                         skeleton=f'{data_root}/pose_results'),
        num_classes={{_base_.num_classes}},
        min_frames={{_base_.min_frames}},
        pipeline={{_base_.test_pipeline}},
        test_mode=True))
