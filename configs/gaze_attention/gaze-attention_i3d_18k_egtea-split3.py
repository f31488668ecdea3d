# Gaze-Attention on EGTEA Gaze+ split 3 (the split-1 recipe with the split-3 files).
_base_ = ['./gaze-attention_i3d_18k_egtea-split1.py']

data_root = 'data/egtea'
train_dataloader = dict(dataset=dict(ann_file=f'{data_root}/train_split3.txt'))
val_dataloader = dict(dataset=dict(ann_file=f'{data_root}/test_split3.txt'))
test_dataloader = val_dataloader
