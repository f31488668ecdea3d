"""SpatialPoseEncoder: the official pattern and pose paths (TIN_HICO.py sp_to_head)."""
import torch

from hoi_plugins.models.backbones import SpatialPoseEncoder


def test_pattern_path_reads_two_channels_and_pose_path_the_third():
    # official: lib/networks/TIN_HICO.py L183-196: conv 5x5 VALID 64 -> pool -> conv 32 ->
    # pool -> 5408 on spatial[..., 0:2]; the pose map (channel 2) through 32, 16 -> 2704
    torch.manual_seed(0)
    encoder = SpatialPoseEncoder().eval()
    patterns = torch.rand(2, 3, 64, 64)
    spatial, pose = encoder(patterns)
    assert spatial.shape == (2, 5408) and pose.shape == (2, 2704)
    assert encoder.pattern_dim == 5408 and encoder.pose_dim == 2704
    changed = patterns.clone()
    changed[:, 2] = torch.rand(2, 64, 64)
    spatial2, pose2 = encoder(changed)
    assert torch.equal(spatial, spatial2) and not torch.equal(pose, pose2)
    changed = patterns.clone()
    changed[:, :2] = torch.rand(2, 2, 64, 64)
    spatial3, pose3 = encoder(changed)
    assert not torch.equal(spatial, spatial3) and torch.equal(pose, pose3)
