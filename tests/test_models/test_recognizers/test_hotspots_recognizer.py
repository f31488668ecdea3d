"""HotspotsRecognizer and its parts: shapes, losses, batched IntCAM against the per-action loop."""
import pytest
import torch
from mmaction.structures import ActionDataSample

import hoi_plugins  # noqa: F401
from hoi_plugins.models.heads.lstm_action_head import l2_pool
from hoi_plugins.models.attribution.intcam import (hotspot_maps,
                                                                 interaction_hotspots)
from hoi_plugins.registry import MODELS

NUM_ACTIONS = 3


def small_model(loss_type: str = 'mse', frozen: bool = True) -> torch.nn.Module:
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='HotspotsRecognizer',
        backbone=dict(type='DilatedResNet', depth=18, num_stages=2, strides=(1, 1),
                      dilations=(1, 2), frozen=frozen),
        cls_head=dict(type='LSTMActionHead', num_classes=NUM_ACTIONS, in_channels=128,
                      hidden_size=32),
        anticipation=dict(type='AnticipationModule', in_channels=128, loss_type=loss_type,
                          loss_weight=0.1 if loss_type == 'mse' else 1.0)))


def batch(lengths=(2, 3), size=32):
    inputs = [dict(clip=torch.randint(0, 255, (t, 3, size, size), dtype=torch.uint8),
                   inactive=torch.randint(0, 255, (3, size, size), dtype=torch.uint8),
                   negative=torch.randint(0, 255, (3, size, size), dtype=torch.uint8))
              for t in lengths]
    samples = [ActionDataSample().set_gt_label(i % NUM_ACTIONS) for i in range(len(lengths))]
    return dict(inputs=inputs, data_samples=samples)


def test_dilated_resnet50_keeps_28x28_and_dilates_first_blocks_only():
    backbone = MODELS.build(dict(type='DilatedResNet', depth=50))
    assert backbone(torch.randn(1, 3, 224, 224)).shape == (1, 2048, 28, 28)
    assert backbone.layer4[0].conv2.conv.dilation == (4, 4)
    assert backbone.layer4[1].conv2.conv.dilation == (1, 1)  # as the official _make_layer
    assert not any(p.requires_grad for p in backbone.parameters())
    backbone.train()
    assert not any(m.training for m in backbone.modules() if isinstance(m, torch.nn.BatchNorm2d))


def test_l2_pool_is_root_of_sum_of_squares():
    maps = torch.tensor([[[[3.0, 0.0], [0.0, 4.0]]]])
    assert l2_pool(maps).item() == pytest.approx(5.0)


def test_preprocessor_pads_clips_with_zeros_after_their_length():
    model = small_model()
    data = model.data_preprocessor(batch(lengths=(2, 4)), True)
    inputs = data['inputs']
    assert inputs['clip'].shape == (2, 4, 3, 32, 32)
    assert inputs['lengths'].tolist() == [2, 4]
    assert torch.all(inputs['clip'][0, 2:] == 0) and inputs['clip'][0, :2].abs().sum() > 0


@pytest.mark.parametrize('loss_type', ['mse', 'triplet'])
def test_losses_are_finite_and_train_the_anticipation_path(loss_type):
    model = small_model(loss_type)
    data = model.data_preprocessor(batch(), True)
    model.train()
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls', 'loss_ant', 'loss_aux'}
    assert all(torch.isfinite(v) for v in losses.values())
    sum(losses.values()).backward()
    assert model.anticipation.project[0].weight.grad.abs().sum() > 0
    assert all(p.grad is None for p in model.backbone.parameters())


def test_mse_anticipation_loss_value():
    """Rule: 0.1 * mean over channels of the squared difference, averaged over the batch."""
    module = MODELS.build(dict(type='AnticipationModule', in_channels=2))
    loss = module.loss(torch.tensor([[1.0, 3.0]]), torch.tensor([[0.0, 0.0]]))
    assert loss.item() == pytest.approx(0.1 * (1 + 9) / 2)


def test_predict_gives_one_heatmap_per_action():
    model = small_model()
    data = model.data_preprocessor(batch(), False)
    model.eval()
    inactive_only = dict(inactive=data['inputs']['inactive'])
    out = model(inactive_only, data['data_samples'], mode='predict')
    assert out[0].pred_heatmaps.shape == (NUM_ACTIONS, 8, 8)
    assert (out[0].pred_heatmaps >= 0).all()


def test_batched_intcam_equals_one_backward_per_action():
    """The batched backward gives the maps of the official loop (one backward per action)."""
    model = small_model().eval()
    images = torch.randn(2, 3, 32, 32)
    features = model.inactive_features(images)
    expected = []
    for action in range(NUM_ACTIONS):
        leaf = features.detach().clone().requires_grad_(True)
        logits = model.anticipation_logits(leaf)
        grad = torch.zeros_like(logits)
        grad[:, action] = 1
        logits.backward(grad)
        expected.append(torch.relu(leaf.grad * leaf).sum(1))
    expected = torch.stack(expected, 1)
    torch.testing.assert_close(hotspot_maps(model, features), expected)
    selected = interaction_hotspots(model, images, actions=[2], out_size=(32, 32))
    assert selected.shape == (2, 1, 32, 32)


def test_interaction_hotspots_needs_an_anticipation_path():
    with pytest.raises(TypeError, match='has no anticipation path'):
        interaction_hotspots(torch.nn.Linear(2, 2), torch.zeros(1, 3, 8, 8))
