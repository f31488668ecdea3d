"""IntegralActionRecognizer in its three modes, its backbones and the stage configs."""
import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.config import Config

from hoi_plugins.registry import MODELS

T, WIDTH, POSE_CHANNELS = 4, 8, 6


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


def tiny_model(mode: str, **overrides):
    cfg = dict(
        type='IntegralActionRecognizer', mode=mode,
        rgb_backbone=dict(type='SlimResNetTSM', base_channels=WIDTH, num_segments=T,
                          shift_div=4, pretrained=None, pretrained2d=False),
        pose_backbone=dict(type='PoseResNetTSM', in_channels=POSE_CHANNELS,
                           base_channels=WIDTH, num_segments=T, shift_div=4, pretrained=None,
                           pretrained2d=False),
        fusion=dict(type='PoseDrivenIntegration', rgb_channels=8 * WIDTH,
                    pose_channels=8 * WIDTH, out_channels=16),
        cls_head=dict(type='TSMHead', num_classes=5, in_channels=16, num_segments=T,
                      dropout_ratio=0.0, is_shift=False, init_std=0.01, average_clips='prob'))
    if mode == 'rgb_only':
        cfg.update(pose_backbone=None, fusion=None)
        cfg['cls_head']['in_channels'] = 8 * WIDTH
    if mode == 'pose_only':
        cfg.update(rgb_backbone=None, fusion=None)
        cfg['cls_head']['in_channels'] = 8 * WIDTH
    cfg.update(overrides)
    model = MODELS.build(cfg)
    model.init_weights()
    return model


def inputs(batch: int, clips: int = 1):
    return dict(imgs=torch.rand(batch, clips * T, 3, 32, 32),
                heatmap_imgs=torch.rand(batch, clips * T, POSE_CHANNELS, 8, 8))


def samples(batch: int):
    return [ActionDataSample().set_gt_label(i % 5) for i in range(batch)]


@pytest.mark.parametrize('mode', ['rgb_only', 'pose_only', 'rgb+pose'])
def test_modes_loss_and_predict(mode):
    model = tiny_model(mode)
    losses = model(inputs(2), samples(2), mode='loss')
    assert ('loss_pose_gate' in losses) == (mode == 'rgb+pose')
    assert losses['loss_cls'].item() == pytest.approx(torch.log(torch.tensor(5.)).item(),
                                                      abs=0.2)
    if mode == 'rgb+pose':  # BCE(sigmoid(~0), 1) * 1.5 at initialisation
        assert losses['loss_pose_gate'].item() == pytest.approx(1.5 * 0.6931, abs=0.1)
    model.eval()
    with torch.no_grad():
        predictions = model(inputs(2, clips=3), samples(2), mode='predict')
        scores = model(inputs(2, clips=3), mode='tensor')
    assert scores.shape == (6, 5)  # one score per clip
    assert predictions[0].pred_score.shape == (5, )
    assert predictions[0].pred_score.sum().item() == pytest.approx(1.0)  # averaged softmax
    assert ('pose_gate' in predictions[0]) == (mode == 'rgb+pose')


def test_mode_parts_are_checked():
    with pytest.raises(ValueError, match='does not use `pose_backbone`'):
        tiny_model('rgb_only', pose_backbone=dict(type='PoseResNetTSM', in_channels=3))
    with pytest.raises(ValueError, match='needs `fusion`'):
        tiny_model('rgb+pose', fusion=None)
    with pytest.raises(ValueError, match='mode must be one of'):
        tiny_model('rgb')
    model = tiny_model('pose_only')
    with pytest.raises(KeyError, match='heatmap_imgs'):
        model(dict(imgs=torch.rand(1, T, 3, 32, 32)), samples(1), mode='loss')


def test_backbones_width_and_pose_entry():
    pose = MODELS.build(dict(type='PoseResNetTSM', in_channels=POSE_CHANNELS, base_channels=8,
                             num_segments=T, pretrained=None, pretrained2d=False))
    assert not hasattr(pose, 'conv1') and not hasattr(pose, 'maxpool')
    out = pose(torch.rand(2 * T, POSE_CHANNELS, 16, 16))
    assert out.shape == (2 * T, 64, 2, 2)  # enters at stride 1: 16 / 8 after three stages
    full = MODELS.build(dict(type='SlimResNetTSM', num_segments=T, pretrained=None,
                             pretrained2d=False))
    reference = MODELS.build(dict(type='ResNetTSM', depth=18, num_segments=T, pretrained=None,
                                  pretrained2d=False))
    assert {k: v.shape for k, v in full.state_dict().items()} == \
        {k: v.shape for k, v in reference.state_dict().items()}


def test_gate_loss_pulls_the_gate_toward_pose():
    torch.manual_seed(0)
    model = tiny_model('rgb+pose')
    optimizer = torch.optim.SGD(model.fusion.gate_fc.parameters(), lr=1.0)
    data = inputs(2)
    gates = []
    for _ in range(3):
        losses = model(data, samples(2), mode='loss')
        optimizer.zero_grad()
        losses['loss_pose_gate'].backward()
        optimizer.step()
        gates.append(losses['loss_pose_gate'].item())
    assert gates[2] < gates[0]


@pytest.mark.parametrize('name', ['kinetics50_rgb_only', 'kinetics50_pose_only',
                                  'kinetics50_rgb_pose', 'ntu60_xsub_rgb_pose',
                                  'mimetics50_rgb_pose'])
def test_real_configs_build(project_root, name):
    cfg = Config.fromfile(project_root / 'configs' / 'integral_action' / f'{name}.py')
    model_cfg = cfg.model.copy()
    for part in ('rgb_backbone', 'pose_backbone'):
        if model_cfg.get(part):
            model_cfg[part] = dict(model_cfg[part], pretrained=None, pretrained2d=False)
    model = MODELS.build(model_cfg)
    assert model.mode == cfg.model.mode
