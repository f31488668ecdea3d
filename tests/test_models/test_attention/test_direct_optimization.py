"""The direct-optimization estimator: a hand-computed case and the definition by enumeration,
in cases where ``eps * L`` decides the argmax (the estimate is not zero)."""
import math

import pytest
import torch
import torch.nn.functional as F

from hoi_plugins.models.attention import DirectOptimizationEstimator, GumbelArgmaxSampler
from hoi_plugins.models.heads import GazeAttentionHead


def hand_built_head():
    """One time step over a 2x2 grid, 1 channel, 2 classes: the head attends (almost only) the
    chosen cell ``k`` and its logits are ``(h_k / 4, -h_k / 4)``."""
    head = GazeAttentionHead(num_classes=2, in_channels=1, num_positions=4, dropout_ratio=0.5)
    with torch.no_grad():
        head.fc_attention.weight.copy_(torch.eye(4) * 40.0)  # sigmoid(40 z - 20): 1 at k, 0 else
        head.fc_attention.bias.fill_(-20.0)
        head.fc_cls.weight.copy_(torch.tensor([1.0, -1.0]).view(2, 1, 1, 1, 1))
        head.fc_cls.bias.zero_()
    return head


def test_hand_computed_estimate():
    """official: utils.py L71-73 (``k = argmax(pi_g - eps * losses)``), L77
    (``z - onehot(k)``) and L80 (``/ eps``). Cell losses for label 0 are
    ``log(1 + exp(-h_k / 2))`` = 0.127, 0.693, 0.693, 2.127 for h = 4, 0, 0, -4; the sample
    took the worst cell 3 (pi_g is highest there) and ``pi_g - 2 L`` is highest at cell 0."""
    head = hand_built_head().train()
    h = torch.tensor([[4.0, 0.0], [0.0, -4.0]]).view(1, 1, 1, 2, 2)
    pi_g = torch.tensor([0.0, 0.2, 0.1, 0.5]).view(1, 1, 2, 2)
    z = torch.tensor([0.0, 0.0, 0.0, 1.0]).view(1, 1, 2, 2)
    labels = torch.tensor([0])
    estimator = DirectOptimizationEstimator(eps=2.0)
    losses = estimator.candidate_losses(z, h, labels, head.eval())
    torch.testing.assert_close(losses.view(-1), torch.tensor(
        [math.log(1 + math.exp(-2)), math.log(2), math.log(2), math.log(1 + math.exp(2))]),
        atol=1e-6, rtol=0)
    g = estimator.gradient(z, pi_g, h, labels, head.train())
    torch.testing.assert_close(g.view(-1), torch.tensor([-0.5, 0.0, 0.0, 0.5]))
    assert head.training  # the estimator restores the head's mode
    # a small eps leaves the sampled cell: pi_g - 0.01 L is highest at cell 3 = z, g = 0
    estimator.eps = 0.01
    assert estimator.gradient(z, pi_g, h, labels, head).abs().sum() == 0


def definition_by_enumeration(z, pi_g, h, labels, head, eps):
    """``(z[b, n] - onehot(argmax_k(pi_g[b, n, k] - eps * L(z with step n at k)))) / eps``."""
    expected = torch.zeros_like(z)
    with torch.no_grad():
        for b in range(z.shape[0]):
            for n in range(z.shape[1]):
                scores = []
                for k in range(z[b, n].numel()):
                    changed = z[b:b + 1].clone()
                    changed[0, n] = 0
                    changed[0, n].view(-1)[k] = 1
                    loss = F.cross_entropy(head(changed, h[b:b + 1]), labels[b:b + 1])
                    scores.append(pi_g[b, n].reshape(-1)[k] - eps * loss)
                best = int(torch.stack(scores).argmax())
                expected[b, n] = z[b, n]
                expected[b, n].view(-1)[best] -= 1
    return expected / eps


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_gradient_matches_definition_by_enumeration(seed):
    """official: utils.py L66-80. Two samples, two time steps of 3x3 cells; the classifier is
    scaled so the candidate losses spread by several units and ``eps * L`` moves the argmax
    away from ``z`` in half of the steps or more."""
    torch.manual_seed(seed)
    head = GazeAttentionHead(num_classes=3, in_channels=4, num_positions=2 * 3 * 3,
                             dropout_ratio=0.5)
    with torch.no_grad():
        head.fc_attention.weight.mul_(20.0)
        head.fc_cls.weight.mul_(20.0)
    h = torch.randn(2, 4, 2, 3, 3)
    pi_g = 0.3 * torch.randn(2, 2, 3, 3)  # perturbed logits spread less than eps * L
    z = F.one_hot(pi_g.flatten(2).argmax(-1), 9).float().view(pi_g.shape)
    labels = torch.tensor([0, 2])
    eps = 0.7
    head.eval()
    expected = definition_by_enumeration(z, pi_g, h, labels, head, eps)
    assert (expected.flatten(2).abs().sum(-1) > 0).sum() >= 2  # half of the steps move or more
    head.train()
    pi_g.requires_grad_(True)
    estimator = DirectOptimizationEstimator(eps=eps, chunk_size=5)  # chunks cross samples
    torch.testing.assert_close(estimator.gradient(z, pi_g, h, labels, head), expected)
    # the surrogate loss hands g (per sample, over the batch size) to the gaze logits
    estimator(z, pi_g, h, labels, head).backward()
    torch.testing.assert_close(pi_g.grad, expected / z.shape[0])


def test_expected_estimate_approaches_gradient_of_expected_loss():
    """One time step over 4 cells: E[L] = sum_k softmax(pi)_k L_k is exact by enumeration."""
    head = hand_built_head().eval()
    h = torch.tensor([[4.0, 0.0], [-2.0, -4.0]]).view(1, 1, 1, 2, 2)
    pi = torch.tensor([0.3, -0.2, 0.1, 0.5]).view(1, 1, 2, 2).requires_grad_(True)
    labels = torch.tensor([0])
    estimator = DirectOptimizationEstimator(eps=1.0)
    eye = torch.eye(4).view(4, 1, 2, 2)
    with torch.no_grad():
        cell_losses = F.cross_entropy(head(eye, h.expand(4, -1, -1, -1, -1)),
                                      labels.expand(4), reduction='none')  # [4]
    expected_loss = (F.softmax(pi.view(-1), 0) * cell_losses).sum()
    exact = torch.autograd.grad(expected_loss, pi)[0].view(-1)
    assert exact.abs().min() > 0.02

    # Gumbel-max: E[z] = softmax(pi) and E[onehot(k*)] = softmax(pi - eps * L)
    def mean_estimate(eps):
        logits, losses = pi.detach().view(-1).double(), cell_losses.double()
        return (F.softmax(logits, 0) - F.softmax(logits - eps * losses, 0)) / eps

    torch.testing.assert_close(mean_estimate(1e-6).float(), exact, atol=1e-5, rtol=1e-4)

    # Monte-Carlo mean of the estimator itself matches the closed form at eps = 1
    torch.manual_seed(1)
    draws = 20000
    z, pi_g = GumbelArgmaxSampler()(pi.detach().expand(draws, -1, -1, -1))
    g = estimator.gradient(z, pi_g, h.expand(draws, -1, -1, -1, -1), labels.expand(draws), head)
    assert mean_estimate(1.0).abs().max() > 0.25  # far from zero: a sign error shows
    torch.testing.assert_close(g.mean(0).view(-1), mean_estimate(1.0).float(), atol=0.02, rtol=0)
