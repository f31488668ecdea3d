# The interactiveness discriminator + Non-Interaction Suppression of a trained TIN as a
# post-processing plug-in for the pair predictions of any other HOI detector: the test pipeline
# reads the other system's predictions (the PRED.json of tools/analysis/eval_hoi.py) instead of
# pairing detections; TIN keeps their scores and drops the pairs it finds non-interactive.
# Poses: from the posed iCAN detections of the base config's det_file (each of the other
# system's humans takes the pose of the detection that overlaps it most), or from a pose file
# (`pose_file=` of LoadPairPredictions, the format of hoi_plugins/formats/detections.py, e.g.
# written from an mmpose model); without poses TIN's discriminator sees the no-pose pattern.
#   python tools/test.py configs/tin/tin-nis-plugin_r50_hico-det.py TIN_CHECKPOINT \
#       --cfg-options "test_dataloader.dataset.pipeline.1.pred_file=OTHER_PRED.json"
_base_ = ['./tin_r50_1700k_hico-det.py']

other_predictions = 'work_dirs/other_detector/pred_test.json'
model = dict(post_processor=dict(lis=None))  # the other system's scores already weigh boxes
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadPairPredictions', pred_file=other_predictions),
    dict(type='GenerateInteractionPattern', size=64),
    dict(type='PackHOIInputs')
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
# the other system's pairs are scored as they are: no per-class cap of TIN's own protocol
test_evaluator = dict(max_per_class=None)
