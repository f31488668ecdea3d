"""The direct-optimization estimator against its definition, by exhaustive enumeration."""
import torch
import torch.nn.functional as F

from hoi_plugins.models.attention import DirectOptimizationEstimator, GumbelArgmaxSampler
from hoi_plugins.models.heads import GazeAttentionHead


def tiny_case(batch=2, steps=2, side=2, channels=4, classes=3, seed=0):
    torch.manual_seed(seed)
    head = GazeAttentionHead(num_classes=classes, in_channels=channels,
                             num_positions=steps * side * side, dropout_ratio=0.5)
    h = torch.randn(batch, channels, steps, side, side)
    pi = torch.randn(batch, steps, side, side, requires_grad=True)
    labels = torch.randint(0, classes, (batch,))
    return head, h, pi, labels


def test_gradient_matches_definition_by_enumeration():
    head, h, pi, labels = tiny_case()
    head.train()
    z, pi_g = GumbelArgmaxSampler()(pi)
    eps = 0.7
    estimator = DirectOptimizationEstimator(eps=eps)
    head.eval()
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
    expected /= eps
    head.train()
    estimate = estimator.gradient(z, pi_g, h, labels, head)
    torch.testing.assert_close(estimate, expected)
    assert head.training  # the estimator restores the head's mode

    # the surrogate loss hands g (per sample, over the batch size) to the gaze logits
    pi_g.retain_grad()
    estimator(z, pi_g, h, labels, head).backward()
    torch.testing.assert_close(pi_g.grad, expected / z.shape[0])


def test_expected_estimate_approaches_gradient_of_expected_loss():
    """One time step over 4 cells: E[L] = sum_k softmax(pi)_k L_k is exact by enumeration."""
    head, h, pi, labels = tiny_case(batch=1, steps=1)
    head.eval()
    estimator = DirectOptimizationEstimator(eps=1.0)
    eye = torch.eye(4).view(4, 1, 2, 2)
    with torch.no_grad():
        cell_losses = F.cross_entropy(head(eye, h.expand(4, -1, -1, -1, -1)),
                                      labels.expand(4), reduction='none')  # [4]
    expected_loss = (F.softmax(pi.view(-1), 0) * cell_losses).sum()
    exact = torch.autograd.grad(expected_loss, pi)[0].view(-1)

    # Gumbel-max: E[z] = softmax(pi) and E[onehot(k*)] = softmax(pi - eps * L)
    def mean_estimate(eps):
        return (F.softmax(pi.detach().view(-1), 0)
                - F.softmax(pi.detach().view(-1) - eps * cell_losses, 0)) / eps

    torch.testing.assert_close(mean_estimate(1e-4), exact, atol=1e-4, rtol=1e-3)

    # Monte-Carlo mean of the estimator itself matches the closed form at eps = 1
    torch.manual_seed(1)
    draws = 20000
    z, pi_g = GumbelArgmaxSampler()(pi.detach().expand(draws, -1, -1, -1))
    g = estimator.gradient(z, pi_g, h.expand(draws, -1, -1, -1, -1), labels.expand(draws), head)
    torch.testing.assert_close(g.mean(0).view(-1), mean_estimate(1.0), atol=0.02, rtol=0)


def test_gumbel_sampler_follows_softmax():
    torch.manual_seed(0)
    pi = torch.tensor([[[[2.0, 0.0], [-1.0, 0.5]]]])
    z, pi_g = GumbelArgmaxSampler()(pi.expand(20000, -1, -1, -1))
    assert z.sum((2, 3)).eq(1).all()
    assert torch.equal(z.flatten(2).argmax(-1), pi_g.flatten(2).argmax(-1))
    torch.testing.assert_close(z.mean(0).view(-1), F.softmax(pi.view(-1), 0), atol=0.015, rtol=0)
    sampler = GumbelArgmaxSampler(sample_in_test=False).eval()
    z, _ = sampler(pi)
    assert z.view(-1).argmax() == 0
