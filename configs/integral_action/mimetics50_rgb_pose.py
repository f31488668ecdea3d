# Test only: the Kinetics50 rgb+pose model (kinetics50_rgb_pose.py) on Mimetics50, mimed
# actions whose scenes do not show the action (Mimetics is never used for training):
#   python tools/test.py configs/integral_action/mimetics50_rgb_pose.py KINETICS50_RGB_POSE.pth
_base_ = ['kinetics50_rgb_pose.py']

mimetics_root = 'data/mimetics'
test_dataloader = dict(
    dataset=dict(
        ann_file=f'{mimetics_root}/Mimetics50.json',
        skeleton_format='mimetics',
        frame_dir_tmpl='{seq_name}/{file_name}',
        skeleton_tmpl='{seq_name}/{file_name}/data.json',
        data_prefix=dict(img=f'{mimetics_root}/frames',
                         skeleton=f'{mimetics_root}/pose_results')))
