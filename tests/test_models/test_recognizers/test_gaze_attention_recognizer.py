"""GazeAttentionRecognizer with mmaction2's ResNet3d and with two streams; losses and test."""
import numpy as np
import torch
from mmaction.structures import ActionDataSample

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS

TINY_RESNET3D = dict(
    type='ResNet3d', depth=18, base_channels=4, pretrained=None, pretrained2d=False,
    out_indices=(2, 3), conv1_kernel=(3, 7, 7), conv1_stride_t=2, pool1_stride_t=1,
    spatial_strides=(1, 2, 1, 1), inflate=(1, 1, 1, 1))


def build(flow: bool = False, gaze: bool = True):
    cfg = dict(
        type='GazeAttentionRecognizer',
        backbone=dict(in_channels=3, **TINY_RESNET3D),
        flow_backbone=dict(in_channels=2, **TINY_RESNET3D) if flow else None,
        gaze_head=dict(type='GazePredictionHead', in_channels=16,
                       inception_branches=((4, 4, 8, 2, 4, 4), ), mid_channels=(8, 4))
        if gaze else None,
        cls_head=dict(type='GazeAttentionHead', num_classes=3, in_channels=32,
                      num_positions=2 * 2 * 2, dropout_ratio=0.0),
        data_preprocessor=dict(type='ActionDataPreprocessor', mean=[127.5] * (5 if flow else 3),
                               std=[127.5] * (5 if flow else 3), format_shape='NCTHW'))
    return MODELS.build(cfg)


def samples(labels, gaze_cells):
    out = []
    for label, (y, x) in zip(labels, gaze_cells):
        sample = ActionDataSample().set_gt_label(label)
        maps = np.zeros((2, 16, 16), np.float32)
        maps[0, y * 8 + 3, x * 8 + 3] = 1  # the second time step has no gaze
        sample.set_field(maps, 'gaze_maps')
        out.append(sample)
    return out


def test_two_stream_loss_decreases_and_predicts():
    torch.manual_seed(0)
    model = build(flow=True)
    inputs = torch.rand(4, 1, 5, 8, 16, 16) * 255
    data = samples([0, 1, 2, 0], [(0, 0), (1, 0), (1, 1), (0, 1)])
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.estimator.eps = 1.0
    first = None
    for _ in range(6):
        batch = model.data_preprocessor(dict(inputs=list(inputs), data_samples=data), True)
        losses = model(**batch, mode='loss')
        assert set(losses) == {'loss_cls', 'loss_attn', 'loss_gaze'}
        total = sum(losses.values())
        first = first if first is not None else (losses['loss_cls'] + losses['loss_gaze']).item()
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
    assert (losses['loss_cls'] + losses['loss_gaze']).item() < first
    assert model.gaze_head.conv_logits.weight.grad.abs().sum() > 0

    model.eval()
    windows = torch.rand(2, 3, 5, 8, 16, 16) * 255  # three sliding windows per video
    batch = model.data_preprocessor(dict(inputs=list(windows), data_samples=samples(
        [0, 1], [(0, 0), (0, 0)])), False)
    with torch.no_grad():
        results = model(**batch, mode='predict')
        window_logits = model(batch['inputs'], mode='tensor')
    assert results[0].pred_score.shape == (3, )
    assert results[0].pred_gaze.shape == (3, 2, 2, 2)
    assert window_logits.shape == (6, 3)


def test_baseline_without_gaze_head():
    model = build(gaze=False)
    inputs = torch.rand(2, 1, 3, 8, 16, 16) * 255
    batch = model.data_preprocessor(dict(inputs=list(inputs),
                                         data_samples=samples([0, 1], [(0, 0)] * 2)), True)
    assert set(model(**batch, mode='loss')) == {'loss_cls'}


def test_two_streams_are_summed():
    """official: model.py L15-16 (x4 = r4 + f4, x5 = r5 + f5); RGB is channels 0-2, flow 3-4."""
    torch.manual_seed(0)
    model = build(flow=True).eval()
    clip = torch.randn(1, 5, 8, 16, 16)
    with torch.no_grad():
        x4, h = model.extract_feat(clip)
        r4, r5 = model.backbone(clip[:, :3])
        f4, f5 = model.flow_backbone(clip[:, 3:])
    torch.testing.assert_close(h, r5 + f5)
    torch.testing.assert_close(x4, torch.nn.functional.adaptive_max_pool3d(r4 + f4, h.shape[2:]))
    assert not torch.allclose(h, r5) and not torch.allclose(h, f5)


def test_prediction_averages_the_window_logits():
    """official: main.py L243 (y_avg = mean over the windows of the logits, not of softmax)."""
    torch.manual_seed(0)
    model = build().eval()
    model.sampler.sample_in_test = False  # the same z in both calls
    with torch.no_grad():
        model.cls_head.fc_cls.weight.mul_(50.0)  # logits far from a softmax's [0, 1]
        windows = torch.rand(1, 3, 3, 8, 16, 16) * 255
        batch = model.data_preprocessor(dict(inputs=list(windows), data_samples=samples(
            [0], [(0, 0)])), False)
        score = model(**batch, mode='predict')[0].pred_score
        window_logits = model(batch['inputs'], mode='tensor')  # [3, num_classes]
    assert window_logits.abs().max() > 1
    torch.testing.assert_close(score, window_logits.mean(0))
