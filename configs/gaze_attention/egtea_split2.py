# Gaze-Attention on EGTEA Gaze+ split 2 (same model and schedule as split 1).
_base_ = ['./egtea_split1.py']

data_root = 'data/egtea'
train_dataloader = dict(dataset=dict(ann_file=f'{data_root}/train_split2.txt'))
val_dataloader = dict(dataset=dict(ann_file=f'{data_root}/test_split2.txt'))
test_dataloader = val_dataloader
