"""PoseDrivenIntegration: shapes, the gate's definition, and its response to the pose input."""
import pytest
import torch

from hoi_plugins.models.necks import PoseDrivenIntegration


def test_shapes_and_plain_sum_baseline():
    fusion = PoseDrivenIntegration(rgb_channels=8, pose_channels=6, out_channels=4)
    fused, gate_logits = fusion(torch.rand(10, 8, 3, 3), torch.rand(10, 6, 2, 2))
    assert fused.shape == (10, 4, 1, 1) and gate_logits.shape == (10, 4)
    baseline = PoseDrivenIntegration(rgb_channels=8, pose_channels=6, out_channels=4,
                                     use_gate=False).eval()
    rgb, pose = torch.rand(3, 8, 1, 1), torch.rand(3, 6, 1, 1)
    fused, gate_logits = baseline(rgb, pose)
    assert gate_logits is None
    torch.testing.assert_close(fused, baseline.rgb_proj(rgb) + baseline.pose_proj(pose))


def test_gate_is_a_function_of_the_pose_and_mixes_the_projections():
    torch.manual_seed(0)
    fusion = PoseDrivenIntegration(rgb_channels=8, pose_channels=6, out_channels=4).eval()
    rgb, pose = torch.rand(5, 8, 2, 2), torch.rand(5, 6, 2, 2)
    fused, gate_logits = fusion(rgb, pose)
    _, same_gate = fusion(torch.rand(5, 8, 2, 2), pose)
    torch.testing.assert_close(gate_logits, same_gate)  # the RGB input does not move it
    gate = torch.sigmoid(fusion.gate_fc(pose.mean((2, 3))))[..., None, None]
    rgb_part = fusion.rgb_norm(fusion.rgb_proj(rgb.mean((2, 3), keepdim=True)))
    pose_part = fusion.pose_norm(fusion.pose_proj(pose.mean((2, 3), keepdim=True)))
    torch.testing.assert_close(fused, (1 - gate) * rgb_part + gate * pose_part)
    with torch.no_grad():  # a saturated gate passes one stream only
        fusion.gate_fc.bias.fill_(-50)
        torch.testing.assert_close(fusion(rgb, pose)[0], rgb_part)
        fusion.gate_fc.bias.fill_(50)
        torch.testing.assert_close(fusion(rgb, pose)[0], pose_part)


@pytest.fixture
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: threads only add contention
    yield
    torch.set_num_threads(threads)


def test_uninformative_pose_moves_the_weight_toward_rgb(one_thread):
    """Trained with the paper's losses (CE + 1.5 * BCE(gate, 1)) on samples where the RGB
    feature always tells the class, and the pose feature tells it for half of them (the code
    of the class) and not for the other half (a pose of another kind, unrelated to the
    class), the gate rises toward pose where the pose is informative, and less where it is
    not: the uninformative pose leaves more weight to the RGB stream."""
    torch.manual_seed(0)
    num_classes, dim = 4, 8
    fusion = PoseDrivenIntegration(rgb_channels=dim, pose_channels=dim, out_channels=dim)
    fusion.init_weights()
    classifier = torch.nn.Linear(dim, num_classes)
    params = list(fusion.parameters()) + list(classifier.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-2)

    def batch(informative: bool, n: int = 64):
        labels = torch.randint(num_classes, (n, ))
        codes = torch.nn.functional.one_hot(labels, dim).float()
        rgb = codes + 0.3 * torch.randn(n, dim)
        unrelated = torch.randint(num_classes, (n, )) + num_classes
        pose = codes if informative else torch.nn.functional.one_hot(unrelated, dim).float()
        return rgb[..., None, None], (pose + 0.05 * torch.randn(n, dim))[..., None, None], labels

    for _ in range(300):
        loss = 0
        for informative in (True, False):
            rgb, pose, labels = batch(informative)
            fused, gate_logits = fusion(rgb, pose)
            loss = loss + torch.nn.functional.cross_entropy(classifier(fused.flatten(1)), labels)
            loss = loss + 1.5 * torch.nn.functional.binary_cross_entropy_with_logits(
                gate_logits, torch.ones_like(gate_logits))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    fusion.eval()
    with torch.no_grad():
        gates = {}
        for informative in (True, False):
            rgb, pose, labels = batch(informative, 256)
            fused, gate_logits = fusion(rgb, pose)
            gates[informative] = torch.sigmoid(gate_logits).mean().item()
            accuracy = (classifier(fused.flatten(1)).argmax(1) == labels).float().mean()
            assert accuracy > 0.9
    assert gates[True] > 0.9
    assert gates[False] < gates[True] - 0.04
