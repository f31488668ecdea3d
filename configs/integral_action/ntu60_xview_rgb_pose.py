# IntegralAction stage 3 on NTU RGB+D 60, cross-view (cameras 2 and 3 train, camera 1 tests);
# stages 1/2 as in ntu60_xsub_{rgb_only,pose_only}.py with the xview splits.
_base_ = ['ntu60_xsub_rgb_pose.py']

train_dataloader = dict(dataset=dict(split='xview_train'))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = val_dataloader
load_from = 'work_dirs/ntu60_xview_rgb_pose/merged_init.pth'
