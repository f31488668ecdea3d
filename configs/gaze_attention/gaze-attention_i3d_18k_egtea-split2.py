# Gaze-Attention on EGTEA Gaze+ split 2 (the split-1 recipe with the split-2 files).
_base_ = ['./gaze-attention_i3d_18k_egtea-split1.py']

data_root = 'data/egtea'
train_dataloader = dict(dataset=dict(ann_file=f'{data_root}/train_split2.txt'))
val_dataloader = dict(dataset=dict(ann_file=f'{data_root}/test_split2.txt'))
test_dataloader = val_dataloader
