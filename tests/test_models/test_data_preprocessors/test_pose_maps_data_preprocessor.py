"""PoseMapsDataPreprocessor: the maps of GenerateJointHeatmapPAF, drawn in the model."""
import numpy as np
import pytest
import torch
from mmaction.structures import ActionDataSample

from hoi_plugins.datasets.transforms import GenerateJointHeatmapPAF
from hoi_plugins.registry import MODELS


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


def test_device_maps_equal_the_pipeline_maps():
    rng = np.random.default_rng(0)
    samples = []
    for num_people in (3, 7):  # fewer and more people than top_k
        samples.append(dict(
            img_shape=(40, 50),
            keypoint=rng.uniform(-5, 55, (num_people, 4, 18, 2)).astype(np.float32),
            keypoint_score=rng.uniform(0, 1, (num_people, 4, 18)).astype(np.float32)))
    pipeline_maps = [GenerateJointHeatmapPAF(heatmap_size=(14, 12))(dict(s))['heatmap_imgs']
                     for s in samples]
    points = [GenerateJointHeatmapPAF(heatmap_size=(14, 12), draw=False,
                                      output_key='pose_points')(dict(s))['pose_points']
              for s in samples]
    assert points[0].shape == (4, 5, 18, 3) and points[1].shape == (4, 5, 18, 3)
    assert points[0][:, 3:, :, 2].max() == 0  # padded people have score 0
    preprocessor = MODELS.build(dict(
        type='PoseMapsDataPreprocessor', heatmap_size=(14, 12),
        preprocessors=dict(heatmap_imgs=dict(type='ActionDataPreprocessor',
                                             format_shape='NCHW'))))
    data = dict(inputs=dict(pose_points=[torch.from_numpy(p) for p in points]),
                data_samples=[ActionDataSample(), ActionDataSample()])
    out = preprocessor(data)['inputs']
    assert set(out) == {'heatmap_imgs'}
    assert out['heatmap_imgs'].shape == (2, 4, 18 + 34, 14, 12)
    assert out['heatmap_imgs'].abs().max() > 0.5
    torch.testing.assert_close(out['heatmap_imgs'],
                               torch.from_numpy(np.stack(pipeline_maps)), atol=1e-6, rtol=0)
    with pytest.raises(KeyError, match='needs input "pose_points"'):
        preprocessor(dict(inputs=dict(imgs=[torch.zeros(4, 3, 8, 8)]),
                          data_samples=[ActionDataSample()]))
