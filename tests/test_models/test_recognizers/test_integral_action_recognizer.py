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
    """official: main/model.py L105, BCE(pose_gate, ones) * reg_weight: the gate (the weight of
    the pose feature) rises under the gate loss alone."""
    torch.manual_seed(0)
    model = tiny_model('rgb+pose')
    optimizer = torch.optim.SGD(model.fusion.gate_fc.parameters(), lr=1.0)
    data = inputs(2)
    model.eval()  # fixed BN statistics: only the gate layer changes
    gates = []
    for _ in range(3):
        losses = model(data, samples(2), mode='loss')
        optimizer.zero_grad()
        losses['loss_pose_gate'].backward()
        optimizer.step()
        with torch.no_grad():
            gates.append(model(data, samples(2), mode='predict')[0].pose_gate.item())
    assert gates[0] < gates[1] < gates[2]


class SumFusion(torch.nn.Module):
    """A user's gate-less fusion: the sum of the two pooled features."""

    def forward(self, rgb_feat, pose_feat):
        return rgb_feat.mean((2, 3), keepdim=True) + pose_feat.mean((2, 3), keepdim=True), None


@pytest.mark.parametrize('fusion', [
    dict(type='PoseDrivenIntegration', rgb_channels=8 * WIDTH, pose_channels=8 * WIDTH,
         out_channels=16, use_gate=False),
    dict(type='SumFusionForTest')])
def test_gate_loss_only_with_a_gate(fusion):
    """Issue 15 item 8: a fusion without gate trains with the default ``loss_gate``."""
    if fusion['type'] == 'SumFusionForTest' and 'SumFusionForTest' not in MODELS:
        MODELS.register_module('SumFusionForTest', module=SumFusion)
    head = dict(type='TSMHead', num_classes=5, num_segments=T, dropout_ratio=0.0,
                is_shift=False, init_std=0.01, average_clips='prob',
                in_channels=16 if fusion['type'] == 'PoseDrivenIntegration' else 8 * WIDTH)
    model = tiny_model('rgb+pose', fusion=fusion, cls_head=head)
    assert model.loss_gate is not None  # the default, kept
    losses = model(inputs(2), samples(2), mode='loss')
    assert 'loss_pose_gate' not in losses
    losses['loss_cls'].backward()
    model.eval()
    with torch.no_grad():
        predictions = model(inputs(2), samples(2), mode='predict')
    assert 'pose_gate' not in predictions[0]


def test_pose2feat_initialised_as_the_official_code():
    """official: main/model.py L116-121 (Conv2d normal std 0.001, bias 0; BN 1 / 0) applied to
    pose2feat (L139)."""
    torch.manual_seed(0)
    pose = MODELS.build(dict(type='PoseResNetTSM', in_channels=52, num_segments=T,
                             pretrained=None, pretrained2d=False))
    pose.init_weights()
    weight = pose.pose2feat.conv.weight
    assert weight.std().item() == pytest.approx(0.001, rel=0.05)
    assert pose.pose2feat.conv.bias.abs().max() == 0
    assert pose.pose2feat.bn.weight.eq(1).all() and pose.pose2feat.bn.bias.eq(0).all()


STAGE_CONFIGS = ['integral-action-rgb-only_tsm-r18_30e_kinetics50',
                 'integral-action-pose-only_tsm-r18_30e_kinetics50',
                 'integral-action-rgb-pose_tsm-r18_29e_kinetics50',
                 'integral-action-rgb-pose_tsm-r18_29e_mimetics50',
                 'integral-action-rgb-only_tsm-r18_30e_ntu60-xsub',
                 'integral-action-pose-only_tsm-r18_30e_ntu60-xsub',
                 'integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub',
                 'integral-action-rgb-pose_tsm-r18_29e_ntu60-xview',
                 'integral-action-rgb-only_tsm-r18-w16_15e_synthetic',
                 'integral-action-pose-only_tsm-r18-w16_15e_synthetic',
                 'integral-action-rgb-pose_tsm-r18-w16_15e_synthetic',
                 'integral-action-rgb-pose_tsm-r18-w16_15e_synthetic-mimetics']


def build_from_config(project_root, name):
    cfg = Config.fromfile(project_root / 'configs' / 'integral_action' / f'{name}.py')
    model_cfg = cfg.model.copy()
    for part in ('rgb_backbone', 'pose_backbone'):
        if model_cfg.get(part):
            model_cfg[part] = dict(model_cfg[part], pretrained=None, pretrained2d=False)
    return MODELS.build(model_cfg), cfg


@pytest.mark.parametrize('name', STAGE_CONFIGS)
def test_real_configs_build(project_root, name):
    model, cfg = build_from_config(project_root, name)
    assert model.mode == cfg.model.mode
    assert name.split('_')[0].endswith(cfg.model.mode.replace('_', '-').replace('+', '-'))


@pytest.mark.parametrize('name,epochs', [
    ('integral-action-rgb-pose_tsm-r18_29e_kinetics50', 29),
    ('integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub', 29),
    ('integral-action-rgb-pose_tsm-r18-w16_15e_synthetic', 15),
    ('integral-action-rgb-only_tsm-r18_30e_kinetics50', 30),
    ('integral-action-pose-only_tsm-r18_30e_ntu60-xsub', 30)])
def test_stage_three_trains_only_the_fusion_and_the_classifier(project_root, name, epochs):
    """official: common/base.py L44-46, the rgb+pose optimiser holds only the aggregator and
    the classifier parameters; the single-stream stages (L47-48) train everything. One SGD
    step with the config's optimiser on a loss that reaches every parameter."""
    from mmengine.optim import build_optim_wrapper
    torch.manual_seed(0)
    model, cfg = build_from_config(project_root, name)
    assert cfg.train_cfg.max_epochs == epochs
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    before = {k: v.detach().clone() for k, v in model.named_parameters()}
    data = dict(imgs=torch.rand(2, cfg.clip_len, 3, 32, 32),
                heatmap_imgs=torch.rand(2, cfg.clip_len, cfg.pose_channels, 8, 8))
    losses = model(data, samples(2), mode='loss')
    optim_wrapper.update_params(sum(losses.values()))
    changed = {k.split('.')[0] for k, v in model.named_parameters() if not v.equal(before[k])}
    if model.mode == 'rgb+pose':
        assert changed == {'fusion', 'cls_head'}
    else:
        assert changed == {model.rgb_backbone and 'rgb_backbone' or 'pose_backbone',
                           'cls_head'}
