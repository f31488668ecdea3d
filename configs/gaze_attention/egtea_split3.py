# Gaze-Attention on EGTEA Gaze+ split 3 (same model and schedule as split 1).
_base_ = ['./egtea_split1.py']

data_root = 'data/egtea'
train_dataloader = dict(dataset=dict(ann_file=f'{data_root}/train_split3.txt'))
val_dataloader = dict(dataset=dict(ann_file=f'{data_root}/test_split3.txt'))
test_dataloader = val_dataloader
