"""The inferencers of the four methods: registry, the config's own test pipeline, one forward
shared with the model, and what they return and write."""
import numpy as np
import pytest
import torch
from mmengine.config import Config

from hoi_plugins.apis import (GazeAttentionInferencer, HotspotsInferencer,
                              IntegralActionInferencer, TINInferencer)
from hoi_plugins.registry import INFERENCERS

from tests.test_apis.demo_inputs import (CLASSES, config_path, make_photo, make_video,
                                         mmpose_pose_file, untrained_checkpoint)


@pytest.mark.parametrize('name, cls', [
    ('tin', TINInferencer), ('hotspots', HotspotsInferencer),
    ('gaze-attention', GazeAttentionInferencer), ('integral-action', IntegralActionInferencer)])
def test_registered_in_our_scope(name, cls):
    assert INFERENCERS.get(name) is cls
    assert INFERENCERS.scope == 'hoi_plugins' and INFERENCERS.parent.scope == 'mmaction'


def test_gaze_attention_scores_are_the_models_window_average(tmp_path):
    make_video(tmp_path / 'clip.mp4', 17, 12.0)
    inferencer = GazeAttentionInferencer(
        config_path('gaze_attention'), str(untrained_checkpoint('gaze_attention',
                                                                tmp_path / 'm.pth')),
        'cpu', show_progress=False)
    assert [type(t).__name__ for t in inferencer.pipeline.transforms] == [
        'OpenCVInit', 'SlidingWindowSampleFrames', 'OpenCVDecode', 'Resize', 'CenterCrop',
        'FormatShape']  # the config's test pipeline reading a video; PackActionInputs apart
    batch = next(inferencer.preprocess([str(tmp_path / 'clip.mp4')]))
    torch.manual_seed(0)  # the sampler draws in test too (official): same draws on both sides
    pred = inferencer.forward(dict(batch))[0]
    batch.pop('meta')
    torch.manual_seed(0)
    with torch.no_grad():
        sample = inferencer.model.test_step(batch)[0]  # the model's own predict
    assert np.allclose(pred['scores'], sample.pred_score.softmax(0).numpy(), atol=1e-5)
    assert np.allclose(pred['gaze'], sample.pred_gaze.numpy(), atol=1e-6)
    assert pred['grad_cam'].max() == pytest.approx(1.0) and pred['grad_cam'].min() >= 0
    assert pred['frame_inds'].tolist() == [list(range(8)), list(range(8, 16))]
    assert [p.grad for p in inferencer.model.parameters()] == [None] * len(
        list(inferencer.model.parameters()))  # Grad-CAM leaves the weights untouched
    assert inferencer.label_names == CLASSES['gaze_attention']


def test_integral_action_runs_the_configs_test_pipeline(tmp_path):
    make_video(tmp_path / 'clip.mp4', 12, 8.0, size=(64, 64))
    mmpose_pose_file(tmp_path / 'clip.json', 12, size=(64, 64))
    cfg = Config.fromfile(config_path('integral_action'))
    inferencer = IntegralActionInferencer(
        cfg, str(untrained_checkpoint('integral_action', tmp_path / 'm.pth')), 'cpu',
        show_progress=False)
    assert [type(t).__name__ for t in inferencer.pipeline.transforms] == [
        'OpenCVInit', 'SampleStridedClips', 'LoadSkeletonFrames', 'OpenCVDecode', 'Resize',
        'CenterCrop', 'GenerateJointHeatmapPAF', 'FormatShape', 'PackActionInputs']
    result = inferencer(str(tmp_path / 'clip.mp4'), pose_file=str(tmp_path), out_dir=str(
        tmp_path / 'out'), return_datasamples=True)
    sample, = result['predictions']
    assert sample.pred_score.shape == (8, )
    assert sorted(p.split('/')[-1] for p in result['written']) == ['clip.mp4']


def test_hotspots_maps_are_the_models_predict(tmp_path):
    image = make_photo(tmp_path / 'p.jpg')
    inferencer = HotspotsInferencer(
        config_path('hotspots'), str(untrained_checkpoint('hotspots', tmp_path / 'm.pth')),
        'cpu', show_progress=False)
    assert 'PointsToHeatmap' not in [type(t).__name__ for t in inferencer.pipeline.transforms]
    result = inferencer(str(tmp_path / 'p.jpg'), return_vis=True)
    drawn, = result['visualization']
    assert sorted(drawn) == sorted(['_grid'] + [f'_{n}' for n in CLASSES['hotspots']])
    assert drawn['_grid'].shape == (image.shape[0], 4 * image.shape[1], 3)
    prediction, = result['predictions']
    assert [a['name'] for a in prediction['actions']] == CLASSES['hotspots']
    assert sum(a['score'] for a in prediction['actions']) == pytest.approx(1, abs=1e-4)
