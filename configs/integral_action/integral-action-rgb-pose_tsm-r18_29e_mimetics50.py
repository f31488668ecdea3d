# Test only: the Kinetics50 rgb+pose model (integral-action-rgb-pose_tsm-r18_29e_kinetics50.py)
# on Mimetics50, mimed actions whose scenes do not show the action (Mimetics is never used for
# training), in the official layout (data/Mimetics/Mimetics.py: frames/<seq_name>/<file_name>/,
# pose_results/<seq_name>/<file_name>/data.json; its frame indices are 0-based, no quirk):
#   python tools/test.py configs/integral_action/integral-action-rgb-pose_tsm-r18_29e_mimetics50.py \
#       KINETICS50_RGB_POSE.pth
_base_ = ['integral-action-rgb-pose_tsm-r18_29e_kinetics50.py']

mimetics_root = 'data/mimetics'
test_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='PoseRGBDataset',
        ann_file=f'{mimetics_root}/Mimetics50.json',
        skeleton_format='mimetics',
        frame_dir_tmpl='{seq_name}/{file_name}',
        skeleton_tmpl='{seq_name}/{file_name}/data.json',
        data_prefix=dict(img=f'{mimetics_root}/frames',
                         skeleton=f'{mimetics_root}/pose_results'),
        num_classes={{_base_.num_classes}},
        min_frames={{_base_.min_frames}},
        pipeline={{_base_.test_pipeline}},
        test_mode=True))
