# Interaction Hotspots on EPIC-Kitchens: the OPRA recipe with the triplet anticipation loss
# (margin 0.5, a negative inactive crop of another noun), clips at every 10th frame (6 fps of
# 60 fps video), inactive object crops from the object-detection frames with random box
# expansion and shift. Data: tools/data/epic_kitchens/README.md.
_base_ = ['./hotspots_dr50_20e_opra.py']

data_root = 'data/epic_kitchens'
ann_file = 'annotations.json'  # relative to data_root
# the verbs of the released annotations.json: the datasets check it and name the right value
num_classes = 20
image_size = 224

model = dict(
    cls_head=dict(num_classes=num_classes),
    anticipation=dict(loss_type='triplet', loss_weight=1.0, margin=0.5))

train_pipeline = [
    dict(type='SampleClipWindow', max_len=8),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='RandomCrop', size=image_size),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='LoadInactiveImages', size=image_size, flip_ratio=0.5, box_jitter=True),
    dict(type='PackHotspotsInputs'),
]
train_dataloader = dict(dataset=dict(
    type='EPICHotspotsDataset', ann_file=ann_file, data_root=data_root,
    num_classes=num_classes, pipeline=train_pipeline))
# the test pipeline of the OPRA config (crops resized to 224 with PIL's bilinear)
val_dataloader = dict(dataset=dict(
    type='EPICHotspotsDataset', ann_file=ann_file, data_root=data_root,
    num_classes=num_classes))
test_dataloader = val_dataloader
