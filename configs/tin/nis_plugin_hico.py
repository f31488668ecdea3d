# The interactiveness discriminator + Non-Interaction Suppression of a trained TIN as a
# post-processing plug-in for the pair predictions of any other HOI detector: the test pipeline
# reads the other system's predictions (the PRED.json of tools/analysis/eval_hoi.py) instead of
# pairing detections; TIN keeps their scores and drops the pairs it finds non-interactive.
#   python tools/test.py configs/tin/nis_plugin_hico.py TIN_CHECKPOINT \
#       --cfg-options "test_dataloader.dataset.pipeline.1.pred_file=OTHER_PRED.json"
_base_ = ['./hico.py']

other_predictions = 'work_dirs/other_detector/pred_test.json'
model = dict(post_processor=dict(lis=None))  # the other system's scores already weigh boxes
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadPairPredictions', pred_file=other_predictions),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
test_dataloader = dict(dataset=dict(det_file=None, pipeline=test_pipeline))
