"""tools/convert_weights/integral_action.py: official checkpoint layout -> our shipped configs.

The acceptance test builds a state dict in the official parameter layout (the keys and shapes
of a released snapshot, random weights), converts it, and compares our model built from each
shipped config, fed the frames in their natural order, with a re-statement of the official
forward written below from the official code (mks0601/IntegralAction_RELEASE).
"""
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample
from mmengine.config import Config

from hoi_plugins.registry import MODELS

from tests.helpers import load_script

CONFIGS = 'configs/integral_action'
T = 8  # frames per clip of the shipped configs (official cfg.frame_per_seg)


def official_bn(state, name, channels):
    state[f'{name}.weight'] = torch.rand(channels) + 0.5
    state[f'{name}.bias'] = torch.randn(channels) * 0.1
    state[f'{name}.running_mean'] = torch.randn(channels) * 0.1
    state[f'{name}.running_var'] = torch.rand(channels) + 0.5
    state[f'{name}.num_batches_tracked'] = torch.tensor(7)


def conv_weight(out_channels, in_channels, k):
    return torch.randn(out_channels, in_channels, k, k) * (2 / (in_channels * k * k))**0.5


def official_resnet18(state, prefix):
    """Keys and shapes of the official TSM ResNet-18 (torchvision layout,
    official: common/nets/tsm/tsm_resnet.py L9-54)."""
    state[f'{prefix}.conv1.weight'] = conv_weight(64, 3, 7)
    official_bn(state, f'{prefix}.bn1', 64)
    inplanes = 64
    for stage, planes in enumerate((64, 128, 256, 512), start=1):
        for block in range(2):
            name = f'{prefix}.layer{stage}.{block}'
            state[f'{name}.conv1.weight'] = conv_weight(planes, inplanes, 3)
            official_bn(state, f'{name}.bn1', planes)
            state[f'{name}.conv2.weight'] = conv_weight(planes, planes, 3)
            official_bn(state, f'{name}.bn2', planes)
            if block == 0 and inplanes != planes:
                state[f'{name}.downsample.0.weight'] = conv_weight(planes, inplanes, 1)
                official_bn(state, f'{name}.downsample.1', planes)
            inplanes = planes


def official_network(mode='rgb+pose', num_classes=50, pose_channels=18 + 2 * 17):
    """The ``network`` of a released snapshot of ``mode`` (DataParallel keys)."""
    state = {}
    if mode != 'pose_only':
        official_resnet18(state, 'img_backbone')
    if mode != 'rgb_only':
        official_resnet18(state, 'pose_backbone')
        state['pose2feat.conv.0.weight'] = conv_weight(64, pose_channels, 3)
        state['pose2feat.conv.0.bias'] = torch.randn(64) * 0.1
        official_bn(state, 'pose2feat.conv.1', 64)
    if mode == 'rgb+pose':
        state['aggregator.pose_temporal_conv.0.weight'] = torch.randn(512, 512, 5, 1, 1)
        state['aggregator.pose_temporal_conv.0.bias'] = torch.randn(512)
        official_bn(state, 'aggregator.pose_temporal_conv.1', 512)
        state['aggregator.pose_gate_fc.0.weight'] = torch.randn(512, 512) * 512**-0.5
        state['aggregator.pose_gate_fc.0.bias'] = torch.randn(512) * 0.1
        for stream in ('img', 'pose'):
            state[f'aggregator.{stream}_conv.0.weight'] = conv_weight(512, 512, 1)
            state[f'aggregator.{stream}_conv.0.bias'] = torch.randn(512) * 0.1
            official_bn(state, f'aggregator.{stream}_conv.1', 512)
            state[f'aggregator.{stream}_norm.weight'] = torch.rand(512, 1, 1) + 0.5
            state[f'aggregator.{stream}_norm.bias'] = torch.randn(512, 1, 1) * 0.1
    state['classifier.fc.0.weight'] = torch.randn(num_classes, 512) * 512**-0.5
    state['classifier.fc.0.bias'] = torch.randn(num_classes) * 0.1
    return {f'module.{k}': v for k, v in state.items()}


# ---- a re-statement of the official forward (eval mode), on the official state dict ----
def official_tsm(x, frames):
    """official: common/nets/tsm/tsm_util.py L6-22 (version 'zero'): channel quarter 1 takes
    the previous frame, quarter 2 the next one."""
    size = x.size()
    x = x.view((-1, frames) + size[1:])
    pre, post, peri = x.split([size[1] // 4, size[1] // 4, size[1] // 2], dim=2)
    pre = F.pad(pre, (0, 0, 0, 0, 0, 0, 1, 0))[:, :-1]
    post = F.pad(post, (0, 0, 0, 0, 0, 0, 0, 1))[:, 1:]
    return torch.cat((pre, post, peri), dim=2).view(size)


def official_batch_norm(x, state, name):
    return F.batch_norm(x, state[f'{name}.running_mean'], state[f'{name}.running_var'],
                        state[f'{name}.weight'], state[f'{name}.bias'], training=False)


def official_backbone(x, state, prefix, frames, skip_early):
    """official: common/nets/tsm/tsm_resnet.py L57-68 with the BasicBlock of
    common/nets/tsm/tsm_util.py L42-70 (shift before conv1, identity unshifted)."""
    if not skip_early:
        x = F.conv2d(x, state[f'{prefix}.conv1.weight'], stride=2, padding=3)
        x = F.relu(official_batch_norm(x, state, f'{prefix}.bn1'))
        x = F.max_pool2d(x, kernel_size=3, stride=2, padding=1)
    for stage in range(1, 5):
        for block in range(2):
            name = f'{prefix}.layer{stage}.{block}'
            stride = 2 if stage > 1 and block == 0 else 1
            out = F.conv2d(official_tsm(x, frames), state[f'{name}.conv1.weight'],
                           stride=stride, padding=1)
            out = F.relu(official_batch_norm(out, state, f'{name}.bn1'))
            out = F.conv2d(out, state[f'{name}.conv2.weight'], padding=1)
            out = official_batch_norm(out, state, f'{name}.bn2')
            identity = x
            if f'{name}.downsample.0.weight' in state:
                identity = F.conv2d(x, state[f'{name}.downsample.0.weight'], stride=stride)
                identity = official_batch_norm(identity, state, f'{name}.downsample.1')
            x = F.relu(out + identity)
    return x


def official_projection(feat, state, name):
    """``make_conv_layers([C, 512], kernel=1, padding=0)``: conv + BN + ReLU
    (official: common/nets/layer.py L15-34)."""
    feat = F.conv2d(feat, state[f'{name}.0.weight'], state[f'{name}.0.bias'])
    return F.relu(official_batch_norm(feat, state, f'{name}.1'))


def official_forward(state, mode, video, pose_maps):
    """official: main/model.py L67-113 in test mode.

    Args:
        video: ``[B, T, 3, H, W]`` frames / 255; pose_maps: ``[B, T, V + 2L, h, w]``.

    Returns:
        logits ``[B, classes]``, softmax scores ``[B, classes]``, gate ``[B]`` (or None).
    """
    state = {k[len('module.'):]: v for k, v in state.items()}
    batch, frames = video.shape[:2]
    if mode != 'pose_only':
        video_feat = official_backbone(video.flatten(0, 1), state, 'img_backbone', frames,
                                       skip_early=False)
    if mode != 'rgb_only':
        pose_feat = F.conv2d(pose_maps.flatten(0, 1), state['pose2feat.conv.0.weight'],
                             state['pose2feat.conv.0.bias'], padding=1)
        pose_feat = F.relu(official_batch_norm(pose_feat, state, 'pose2feat.conv.1'))
        pose_feat = official_backbone(pose_feat, state, 'pose_backbone', frames,
                                      skip_early=True)
    gate = None
    if mode == 'rgb_only':
        feat = video_feat
    elif mode == 'pose_only':
        feat = pose_feat
    else:  # official: common/nets/module.py L40-69 (Aggregator with pose_gate)
        pose_feat = pose_feat.mean((2, 3))[:, :, None, None]
        video_feat = video_feat.mean((2, 3))[:, :, None, None]
        gate = torch.sigmoid(F.linear(torch.squeeze(pose_feat),
                                      state['aggregator.pose_gate_fc.0.weight'],
                                      state['aggregator.pose_gate_fc.0.bias']))[:, :, None, None]
        pose_feat = official_projection(pose_feat, state, 'aggregator.pose_conv')
        pose_feat = F.layer_norm(pose_feat, (512, 1, 1), state['aggregator.pose_norm.weight'],
                                 state['aggregator.pose_norm.bias'])
        video_feat = official_projection(video_feat, state, 'aggregator.img_conv')
        video_feat = F.layer_norm(video_feat, (512, 1, 1), state['aggregator.img_norm.weight'],
                                  state['aggregator.img_norm.bias'])
        feat = video_feat * (1 - gate) + pose_feat * gate
    # official: common/nets/module.py L83-87 (the dropout output is not used)
    logits = F.linear(feat.mean((2, 3)), state['classifier.fc.0.weight'],
                      state['classifier.fc.0.bias'])
    logits = logits.view(batch, frames, -1).mean(1)
    scores = F.softmax(logits, 1)
    if gate is not None:
        gate = gate.view(batch, -1).mean(1)
    return logits, scores, gate


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


@pytest.fixture(scope='module')
def converter(project_root):
    return load_script('tools/convert_weights/integral_action.py')


def shipped_model(project_root, config):
    cfg = Config.fromfile(project_root / CONFIGS / f'{config}.py')
    for part in ('rgb_backbone', 'pose_backbone'):
        if cfg.model.get(part):
            cfg.model[part].update(pretrained=None, pretrained2d=False)
    return MODELS.build(cfg.model), cfg


SHIPPED = [  # config, mode, classes, pose channels
    ('integral-action-rgb-only_tsm-r18_30e_kinetics50', 'rgb_only', 50, 52),
    ('integral-action-pose-only_tsm-r18_30e_kinetics50', 'pose_only', 50, 52),
    ('integral-action-rgb-pose_tsm-r18_29e_kinetics50', 'rgb+pose', 50, 52),
    ('integral-action-rgb-pose_tsm-r18_29e_mimetics50', 'rgb+pose', 50, 52),
    ('integral-action-rgb-only_tsm-r18_30e_ntu60-xsub', 'rgb_only', 60, 73),
    ('integral-action-pose-only_tsm-r18_30e_ntu60-xsub', 'pose_only', 60, 73),
    ('integral-action-rgb-pose_tsm-r18_29e_ntu60-xsub', 'rgb+pose', 60, 73),
    ('integral-action-rgb-pose_tsm-r18_29e_ntu60-xview', 'rgb+pose', 60, 73),
]


@pytest.mark.parametrize('config,mode,num_classes,pose_channels', SHIPPED)
def test_converted_weights_give_the_official_outputs(project_root, converter, config, mode,
                                                     num_classes, pose_channels):
    """Acceptance of issue 12 item 1: logits, softmax scores and gates within 1e-4, frames in
    natural order, the shipped config as it is (two test clips of one video)."""
    torch.manual_seed(0)
    official = official_network(mode, num_classes, pose_channels)
    model, cfg = shipped_model(project_root, config)
    assert cfg.model.mode == mode
    model.load_state_dict(converter.convert_state_dict(official, mode), strict=True)
    model.eval()
    clips = 2
    frames = torch.randint(0, 256, (clips * T, 3, 64, 64)).float()  # after FormatShape
    pose_maps = torch.rand(clips * T, pose_channels, 16, 16)
    data = dict(inputs=dict(imgs=[frames], heatmap_imgs=[pose_maps]),
                data_samples=[ActionDataSample().set_gt_label(0)])
    with torch.no_grad():
        prediction = model.test_step(data)[0]
        logits = model(**model.data_preprocessor(data), mode='tensor')  # [clips, classes]
        expected_logits, expected_scores, expected_gate = official_forward(
            official, mode, frames.view(clips, T, 3, 64, 64) / 255.,
            pose_maps.view(clips, T, pose_channels, 16, 16))
    assert expected_logits.abs().max() > 0.5  # a case where a wrong shift shows
    torch.testing.assert_close(logits, expected_logits, atol=1e-4, rtol=0)
    # official: data/Kinetics/Kinetics.py L180-182, the clips' softmax scores averaged
    torch.testing.assert_close(prediction.pred_score, expected_scores.mean(0), atol=1e-4,
                               rtol=0)
    if mode == 'rgb+pose':
        torch.testing.assert_close(prediction.pose_gate, expected_gate.mean(), atol=1e-4,
                                   rtol=0)


def test_official_shift_direction_differs_from_mmaction2():
    """Why the converter reorders channels: on a hand-built clip the official shift and
    mmaction2's ``TemporalShift`` differ, and agree once quarters 1 and 2 are swapped."""
    from mmaction.models.backbones.resnet_tsm import TemporalShift
    frames, channels = 3, 8
    clip = torch.arange(frames, dtype=torch.float)[:, None, None, None].expand(
        frames, channels, 1, 1).contiguous()  # every channel holds its frame number
    official = official_tsm(clip, frames)[:, :, 0, 0]
    # quarter 1 (channels 0-1) of frame 1 holds frame 0, quarter 2 (channels 2-3) frame 2
    assert official[1].tolist() == [0, 0, 2, 2, 1, 1, 1, 1]
    ours = TemporalShift.shift(clip, frames, shift_div=4)[:, :, 0, 0]
    assert ours[1].tolist() == [2, 2, 0, 0, 1, 1, 1, 1]
    swapped = ours[:, [2, 3, 0, 1, 4, 5, 6, 7]]
    torch.testing.assert_close(swapped, official)


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
