"""GumbelArgmaxSampler: the official Gumbel noise on a hand-built draw, and softmax sampling."""
import torch
import torch.nn.functional as F

from hoi_plugins.models.attention import GumbelArgmaxSampler


def test_official_gumbel_noise_by_hand(monkeypatch):
    """official: utils.py L16-18 (noise ``-log(eps - log(U + eps))``) and L20-25 (argmax of
    ``pi + noise`` per time step). U = exp(-exp(-g)) gives the noise g."""
    noise = torch.tensor([2.0, -1.0, 0.5, 0.0, 3.0, -2.0])
    uniform = torch.exp(-torch.exp(-noise)).view(1, 2, 3)  # [N, T, H * W]
    monkeypatch.setattr(torch, 'rand_like', lambda tensor: uniform.clone())
    pi = torch.tensor([[[0.0, 2.5, 1.0]], [[1.0, 1.0, 0.0]]]).view(1, 2, 1, 3)
    z, pi_g = GumbelArgmaxSampler()(pi)
    torch.testing.assert_close(pi_g.view(-1), pi.view(-1) + noise, atol=1e-5, rtol=0)
    # step 0: (0, 2.5, 1) + (2, -1, 0.5) = (2, 1.5, 1.5)
    # step 1: (1, 1, 0) + (0, 3, -2) = (1, 4, -2)
    torch.testing.assert_close(z.view(2, 3), torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))


def test_gumbel_sampler_follows_softmax():
    torch.manual_seed(0)
    pi = torch.tensor([[[[2.0, 0.0], [-1.0, 0.5]]]])
    z, pi_g = GumbelArgmaxSampler()(pi.expand(20000, -1, -1, -1))
    assert z.sum((2, 3)).eq(1).all()
    assert torch.equal(z.flatten(2).argmax(-1), pi_g.flatten(2).argmax(-1))
    torch.testing.assert_close(z.mean(0).view(-1), F.softmax(pi.view(-1), 0), atol=0.015, rtol=0)


def test_plain_argmax_in_eval_without_test_sampling(monkeypatch):
    """``sample_in_test=False`` takes argmax(pi) in eval mode; the official test samples."""
    monkeypatch.setattr(torch, 'rand_like', lambda tensor: torch.full_like(tensor, 1e-30))
    pi = torch.tensor([[[[2.0, 0.0], [-1.0, 0.5]]]])
    z, pi_g = GumbelArgmaxSampler(sample_in_test=False).eval()(pi)
    assert z.view(-1).argmax() == 0 and torch.equal(pi_g, pi)
    _, pi_g = GumbelArgmaxSampler().eval()(pi)  # official: noise in eval too (main.py L239)
    assert not torch.equal(pi_g, pi)
