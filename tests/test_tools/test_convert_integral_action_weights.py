"""tools/convert_weights/integral_action.py on a state dict with the official keys and shapes."""
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config

from hoi_plugins.registry import MODELS

from tests.helpers import load_script


def official_bn(state, name, channels):
    for field in ('weight', 'bias', 'running_mean', 'running_var'):
        state[f'{name}.{field}'] = torch.randn(channels)
    state[f'{name}.num_batches_tracked'] = torch.tensor(7)


def official_resnet18(state, prefix):
    """Keys and shapes of the official TSM ResNet-18 (torchvision layout)."""
    state[f'{prefix}.conv1.weight'] = torch.randn(64, 3, 7, 7)
    official_bn(state, f'{prefix}.bn1', 64)
    inplanes = 64
    for stage, planes in enumerate((64, 128, 256, 512), start=1):
        for block in range(2):
            name = f'{prefix}.layer{stage}.{block}'
            state[f'{name}.conv1.weight'] = torch.randn(planes, inplanes, 3, 3)
            official_bn(state, f'{name}.bn1', planes)
            state[f'{name}.conv2.weight'] = torch.randn(planes, planes, 3, 3)
            official_bn(state, f'{name}.bn2', planes)
            if block == 0 and inplanes != planes:
                state[f'{name}.downsample.0.weight'] = torch.randn(planes, inplanes, 1, 1)
                official_bn(state, f'{name}.downsample.1', planes)
            inplanes = planes


def official_network(num_classes=50, pose_channels=18 + 2 * 17):
    """The ``network`` of a released rgb+pose snapshot (DataParallel keys)."""
    state = {}
    official_resnet18(state, 'img_backbone')
    official_resnet18(state, 'pose_backbone')
    state['pose2feat.conv.0.weight'] = torch.randn(64, pose_channels, 3, 3)
    state['pose2feat.conv.0.bias'] = torch.randn(64)
    official_bn(state, 'pose2feat.conv.1', 64)
    state['aggregator.pose_temporal_conv.0.weight'] = torch.randn(512, 512, 5, 1, 1)
    state['aggregator.pose_temporal_conv.0.bias'] = torch.randn(512)
    official_bn(state, 'aggregator.pose_temporal_conv.1', 512)
    state['aggregator.pose_gate_fc.0.weight'] = torch.randn(512, 512)
    state['aggregator.pose_gate_fc.0.bias'] = torch.randn(512)
    for stream in ('img', 'pose'):
        state[f'aggregator.{stream}_conv.0.weight'] = torch.randn(512, 512, 1, 1)
        state[f'aggregator.{stream}_conv.0.bias'] = torch.randn(512)
        official_bn(state, f'aggregator.{stream}_conv.1', 512)
        state[f'aggregator.{stream}_norm.weight'] = torch.randn(512, 1, 1)
        state[f'aggregator.{stream}_norm.bias'] = torch.randn(512, 1, 1)
    state['classifier.fc.0.weight'] = torch.randn(num_classes, 512)
    state['classifier.fc.0.bias'] = torch.randn(num_classes)
    return {f'module.{k}': v for k, v in state.items()}


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


@pytest.fixture(scope='module')
def converter(project_root):
    return load_script('tools/convert_weights/integral_action.py')


@pytest.mark.parametrize('config,mode', [('kinetics50_rgb_pose', 'rgb+pose'),
                                         ('kinetics50_rgb_only', 'rgb_only'),
                                         ('kinetics50_pose_only', 'pose_only')])
def test_official_keys_load_strictly(project_root, converter, config, mode):
    torch.manual_seed(0)
    official = official_network()
    converted = converter.convert_state_dict(official, mode)
    cfg = Config.fromfile(project_root / 'configs' / 'integral_action' / f'{config}.py')
    for part in ('rgb_backbone', 'pose_backbone'):
        if cfg.model.get(part):
            cfg.model[part].update(pretrained=None, pretrained2d=False)
    model = MODELS.build(cfg.model)
    model.load_state_dict(converted, strict=True)
    state = model.state_dict()
    torch.testing.assert_close(state['cls_head.fc_cls.weight'],
                               official['module.classifier.fc.0.weight'])
    if mode != 'pose_only':
        torch.testing.assert_close(state['rgb_backbone.layer2.0.conv1.conv.net.weight'],
                                   official['module.img_backbone.layer2.0.conv1.weight'])
        torch.testing.assert_close(state['rgb_backbone.layer2.0.downsample.bn.running_var'],
                                   official['module.img_backbone.layer2.0.downsample.1.'
                                            'running_var'])
    if mode == 'rgb+pose':
        torch.testing.assert_close(state['fusion.rgb_norm.weight'],
                                   official['module.aggregator.img_norm.weight'])
        torch.testing.assert_close(state['pose_backbone.pose2feat.bn.running_mean'],
                                   official['module.pose2feat.conv.1.running_mean'])


def test_command_line_and_unknown_keys(project_root, converter, tmp_path):
    torch.save(dict(epoch=29, network=official_network()), tmp_path / 'snapshot_29.pth.tar')
    subprocess.run([sys.executable, 'tools/convert_weights/integral_action.py',
                    str(tmp_path / 'snapshot_29.pth.tar'), str(tmp_path / 'out.pth')],
                   cwd=project_root, check=True, capture_output=True)
    out = torch.load(tmp_path / 'out.pth', weights_only=True)
    assert out['meta']['mode'] == 'rgb+pose'
    assert 'fusion.gate_fc.weight' in out['state_dict']
    with pytest.raises(KeyError, match='unknown official key'):
        converter.convert_state_dict({'module.aggregator.extra.weight': torch.zeros(1)})


def test_reversed_clips_make_mmaction2_shift_match_the_official_direction():
    """The converter's note: the official shift gives channel quarter 1 the previous frame and
    quarter 2 the next one; mmaction2's TemporalShift on the time-reversed clip does the same."""
    from mmaction.models.backbones.resnet_tsm import TemporalShift
    frames, channels = 5, 8
    x = torch.randn(2 * frames, channels, 3, 3)
    clip = x.view(2, frames, channels, 3, 3)
    fold = channels // 4
    official = clip.clone()
    official[:, :, :2 * fold] = 0
    official[:, 1:, :fold] = clip[:, :-1, :fold]  # from the previous frame
    official[:, :-1, fold:2 * fold] = clip[:, 1:, fold:2 * fold]  # from the next frame
    reversed_clip = clip.flip(1).reshape(2 * frames, channels, 3, 3)
    shifted = TemporalShift.shift(reversed_clip, frames, shift_div=4)
    torch.testing.assert_close(shifted.view(2, frames, channels, 3, 3).flip(1), official)
