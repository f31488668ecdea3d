# The NIS plug-in on the synthetic HICO-DET: a TIN trained with
# tin_r18-16c_12e_hico-det-synthetic.py suppresses the non-interactive pairs of a weak "other
# system" (annotations/test_other_system_pred.json, written by the generator). Poses come from
# the detections' keypoints (test_detections.json), matched to the other system's humans.
#   python tools/test.py configs/tin/tin-nis-plugin_r18-16c_12e_hico-det-synthetic.py \
#       work_dirs/quickstart/tin/epoch_12.pth
_base_ = ['./tin_r18-16c_12e_hico-det-synthetic.py']

data_root = 'data/synthetic/hico_det'
model = dict(post_processor=dict(lis=None))  # the other system's scores already weigh boxes
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadPairPredictions',
         pred_file=f'{data_root}/annotations/test_other_system_pred.json'),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
