# IntegralAction stage 3 on NTU RGB+D 60, cross-view (cameras 2 and 3 train, camera 1 tests);
# stages 1/2: integral-action-{rgb-only,pose-only}_tsm-r18_30e_ntu60-xsub.py with the xview
# splits (train_dataloader.dataset.split=xview_train, val_dataloader.dataset.split=xview_val).
_base_ = ['integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub.py']

train_dataloader = dict(dataset=dict(split='xview_train'))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = val_dataloader
load_from = 'work_dirs/integral-action-rgb-pose_tsm-r18_29e_ntu60-xview/merged_init.pth'
