"""HotspotsRecognizer: losses, the active frame, predictions through IntCAM, the model's mode."""
import pytest
import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample

import hoi_plugins  # noqa: F401
from hoi_plugins.models.attribution.intcam import interaction_hotspots
from hoi_plugins.models.heads.lstm_action_head import l2_pool
from hoi_plugins.registry import MODELS

NUM_ACTIONS = 3


def small_model(loss_type: str = 'mse') -> torch.nn.Module:
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='HotspotsRecognizer',
        backbone=dict(type='DilatedResNet', depth=18, num_stages=2, strides=(1, 1),
                      dilations=(1, 2)),
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


def test_active_frame_scores_the_true_action_best_within_the_clip(monkeypatch):
    """Rule (official: models/rnn.py L89-96): the active frame is the step whose logits give
    the true action the lowest cross-entropy, clipped to the clip's last real frame. Clip 0
    (2 frames) scores best at padded step 2 -> frame 1; clip 1 (3 frames) at step 0."""
    model = small_model()
    data = model.data_preprocessor(batch(lengths=(2, 3)), True)
    labels = [int(s.gt_label) for s in data['data_samples']]  # 0, 1
    step_logits = torch.zeros(2, 3, NUM_ACTIONS)
    step_logits[0, 2, labels[0]] = 5.0
    step_logits[0, 0, labels[0]] = 1.0
    step_logits[1, 0, labels[1]] = 5.0
    monkeypatch.setattr(model.cls_head, 'forward',
                        lambda maps, lengths: (step_logits[:, -1], step_logits))
    seen = {}

    def loss(anticipated, active, negative=None):
        seen['active'] = active
        return anticipated.sum() * 0

    monkeypatch.setattr(model.anticipation, 'loss', loss)
    model.train()
    model(**data, mode='loss')
    with torch.no_grad():
        maps = model.clip_features(data['inputs']['clip'])
    expected = torch.stack([l2_pool(maps[0, 1:2])[0], l2_pool(maps[1, 0:1])[0]])
    torch.testing.assert_close(seen['active'], expected)


def test_aux_loss_classifies_the_anticipated_feature():
    """Rule (official: models/rnn.py L105-108): the anticipated inactive feature, pooled, is
    classified as a one-step clip with the clip's action (cross-entropy)."""
    model = small_model()
    data = model.data_preprocessor(batch(), True)
    model.train()
    losses = model(**data, mode='loss')
    labels = torch.tensor([int(s.gt_label) for s in data['data_samples']])
    with torch.no_grad():
        anticipated = l2_pool(model.anticipation(
            model.inactive_features(data['inputs']['inactive'])))
        expected = F.cross_entropy(model.cls_head.classify_pooled(anticipated), labels)
    assert losses['loss_aux'].item() == pytest.approx(expected.item(), rel=1e-5)


def test_predict_gives_the_intcam_maps_and_anticipated_scores():
    model = small_model().eval()
    data = model.data_preprocessor(batch(), False)
    images = data['inputs']['inactive']
    out = model(dict(inactive=images), data['data_samples'], mode='predict')
    maps, logits = interaction_hotspots(model, images, return_logits=True)
    assert out[0].pred_heatmaps.shape == (NUM_ACTIONS, 8, 8)
    torch.testing.assert_close(torch.stack([s.pred_heatmaps for s in out]), maps)
    torch.testing.assert_close(torch.stack([s.pred_score for s in out]), logits.softmax(1))


def test_predict_restores_the_train_mode_after_an_exception(monkeypatch):
    """Prediction switches to eval mode for IntCAM; an error inside leaves the model in the
    mode it was in (one implementation: ``interaction_hotspots``' try/finally)."""
    model = small_model().train()
    data = model.data_preprocessor(batch(), False)

    def failing(maps):
        raise RuntimeError('boom')

    monkeypatch.setattr(model, 'anticipation_logits', failing)
    with pytest.raises(RuntimeError, match='boom'):
        model(dict(inactive=data['inputs']['inactive']), data['data_samples'], mode='predict')
    assert model.training and all(m.training for m in model.anticipation.modules())
