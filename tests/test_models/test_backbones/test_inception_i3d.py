"""Inception-v1 I3D backbone: end points, shapes and the official module names."""
import pytest
import torch

from hoi_plugins.models.backbones import InceptionI3d


def test_end_point_shapes_and_names():
    model = InceptionI3d(in_channels=2).eval()
    with torch.no_grad():
        pool5, mixed5c = model(torch.randn(1, 2, 16, 64, 64))
    assert pool5.shape == (1, 832, 2, 2, 2)  # 24x224x224 gives [832, 3, 7, 7]
    assert mixed5c.shape == (1, 1024, 2, 2, 2)
    keys = model.state_dict()
    assert keys['Conv3d_1a_7x7.conv3d.weight'].shape == (64, 2, 7, 7, 7)
    assert 'Mixed_5c.b3b.bn.running_mean' in keys
    assert keys['Mixed_4f.b1b.conv3d.weight'].shape == (320, 160, 3, 3, 3)


def test_stops_at_the_last_end_point():
    model = InceptionI3d(out_end_points=('Mixed_4f', ))
    assert not hasattr(model, 'Mixed_5b')
    with pytest.raises(ValueError, match='unknown end points'):
        InceptionI3d(out_end_points=('Mixed_6a', ))


def test_same_padding_by_hand():
    """official: pytorch_i3d.py L8-31 (TensorFlow "same": total pad k - s, or k - size % s,
    split front = total // 2, back = the rest, zeros). A 5x4 frame, 3x3 windows, stride 2:
    rows get (1, 1), columns (0, 1); the 3x2 outputs cover rows -1..1, 1..3, 3..5 and columns
    0..2, 2..4 of x[r, c] = 4 r + c + 1."""
    from hoi_plugins.models.backbones.inception_i3d import MaxPool3dSamePadding
    pool = MaxPool3dSamePadding(kernel_size=(1, 3, 3), stride=(1, 2, 2))
    x = (torch.arange(20.0) + 1).view(1, 1, 1, 5, 4)
    torch.testing.assert_close(pool(x).view(3, 2), torch.tensor([[7.0, 8.0], [15.0, 16.0],
                                                                [19.0, 20.0]]))
    # zeros, not -inf, in the padding: a negative frame gives 0 wherever a window reaches it
    torch.testing.assert_close(pool(-x).view(3, 2), torch.tensor([[0.0, 0.0], [-5.0, 0.0],
                                                                 [0.0, 0.0]]))
