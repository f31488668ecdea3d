"""IntCAM: the batched backward gives the official per-action maps; the model's mode is kept."""
import pytest
import torch

import hoi_plugins  # noqa: F401
from hoi_plugins.models.attribution.intcam import hotspot_maps, interaction_hotspots

from tests.test_models.test_recognizers.test_hotspots_recognizer import NUM_ACTIONS, small_model


def test_batched_intcam_equals_one_backward_per_action():
    """Rule (official: models/intcam.py L20-22, per action: backward of a one-hot gradient on
    the logits, ``relu(grad * activations).sum`` over channels): the batched backward gives
    the maps of that loop, and the logits of its forward."""
    model = small_model().eval()
    features = model.inactive_features(torch.randn(2, 3, 32, 32))
    expected = []
    for action in range(NUM_ACTIONS):
        leaf = features.detach().clone().requires_grad_(True)
        logits = model.anticipation_logits(leaf)
        grad = torch.zeros_like(logits)
        grad[:, action] = 1
        logits.backward(grad)
        expected.append(torch.relu(leaf.grad * leaf).sum(1))
    maps, logits = hotspot_maps(model, features)
    torch.testing.assert_close(maps, torch.stack(expected, 1))
    torch.testing.assert_close(logits, model.anticipation_logits(features).detach())
    assert maps.abs().sum() > 0 and (maps >= 0).all()
    selected, _ = hotspot_maps(model, features, actions=[2, 0])
    torch.testing.assert_close(selected, maps[:, [2, 0]])


def test_interaction_hotspots_runs_in_eval_mode_and_upsamples():
    model = small_model().train()
    images = torch.randn(2, 3, 32, 32)
    maps = interaction_hotspots(model, images, actions=[1], out_size=(32, 32))
    assert model.training and model.anticipation.project[1].training
    model.eval()
    features = model.inactive_features(images)
    expected = torch.nn.functional.interpolate(hotspot_maps(model, features, [1])[0], (32, 32),
                                               mode='bilinear', align_corners=False)
    torch.testing.assert_close(maps, expected)


def test_an_exception_restores_the_train_mode(monkeypatch):
    """The extraction switches to eval mode and restores the caller's mode even on error."""
    model = small_model().train()
    seen = {}

    def failing(maps):
        seen['training'] = model.training
        raise RuntimeError('boom')

    monkeypatch.setattr(model, 'anticipation_logits', failing)
    with pytest.raises(RuntimeError, match='boom'):
        interaction_hotspots(model, torch.randn(1, 3, 32, 32))
    assert seen['training'] is False
    assert model.training and all(m.training for m in model.anticipation.modules())


def test_interaction_hotspots_needs_an_anticipation_path():
    with pytest.raises(TypeError, match='has no anticipation path'):
        interaction_hotspots(torch.nn.Linear(2, 2), torch.zeros(1, 3, 8, 8))
