"""GazePredictionHead (the official I3D_IGA_gaze): shapes, layers and no ReLU on the logits."""
import torch

from hoi_plugins.models.heads import GazePredictionHead


def test_official_sizes_and_shapes():
    """official: model.py L23-29: Mixed_5b 832 -> 832, Mixed_5c -> 1024, 1x3x3 convs to 256
    and 64 with BN (eps 1e-3, momentum 0.01), a 1x1x1 conv to one logit channel."""
    head = GazePredictionHead()
    assert head.mixed_blocks[0].out_channels == 832 and head.mixed_blocks[1].out_channels == 1024
    assert head.conv1.weight.shape == (256, 1024, 1, 3, 3) and head.conv1.padding == (0, 1, 1)
    assert head.conv2.weight.shape == (64, 256, 1, 3, 3)
    assert head.conv_logits.weight.shape == (1, 64, 1, 1, 1)
    assert (head.bn1.eps, head.bn1.momentum, head.bn2.eps) == (1e-3, 0.01, 1e-3)
    small = GazePredictionHead(in_channels=8, inception_branches=(), mid_channels=(4, 2)).eval()
    assert small(torch.randn(2, 8, 3, 7, 7)).shape == (2, 3, 7, 7)


def test_relu_after_the_two_bn_layers_only():
    """official: model.py L31-36 (ReLU after b1 and b2, none after g3): with a negative bias
    the logits are negative; the hidden features are non-negative."""
    head = GazePredictionHead(in_channels=4, inception_branches=(), mid_channels=(3, 2)).eval()
    with torch.no_grad():
        head.conv_logits.weight.fill_(0.1)
        head.conv_logits.bias.fill_(-5.0)
        head.conv2.bias.fill_(-100.0)  # bn2 keeps the sign: relu -> 0 -> logits = bias
    logits = head(torch.randn(1, 4, 2, 3, 3))
    torch.testing.assert_close(logits, torch.full((1, 2, 3, 3), -5.0))
