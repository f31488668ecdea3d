"""InstanceCentricAttention against a re-statement of the official attention (TIN_HICO.py)."""
import numpy as np
import torch

from hoi_plugins.models.necks import InstanceCentricAttention


def relu(x):
    return np.maximum(x, 0)


def test_attention_follows_the_official_ops():
    # official: lib/networks/TIN_HICO.py L312-345 (fc1_b, mean over channels of
    # head_phi x fc1, softmax over positions), L409-425 (head_g x attention, 1x1 bottleneck),
    # L225 (fc7_SH: the mean over positions); every slim layer with ReLU
    torch.manual_seed(0)
    module = InstanceCentricAttention(in_channels=6, instance_channels=5, embed_channels=4,
                                      out_channels=3).eval()
    feats = torch.randn(2, 6, 3, 4)
    instance = torch.randn(3, 5)
    batch_index = torch.tensor([1, 0, 1])
    ours = module(feats, instance, batch_index, kind=1).detach().numpy()

    def conv1x1(conv, x):  # x [C, H, W]
        w = conv.weight.detach().numpy()[:, :, 0, 0]
        return np.einsum('oc,chw->ohw', w, x) + conv.bias.detach().numpy()[:, None, None]

    for p in range(3):
        image = feats[batch_index[p]].numpy()
        phi = relu(conv1x1(module.head_phi, image))  # [E, H, W]
        g = relu(conv1x1(module.head_g, image))
        fc = module.instance_fcs[1]  # Att_O's own fc1_b; the convs are shared
        fc1 = relu(fc.weight.detach().numpy() @ instance[p].numpy()
                   + fc.bias.detach().numpy())  # [E]
        att = (phi * fc1[:, None, None]).mean(axis=0)  # [H, W]
        att = np.exp(att - att.max())
        att /= att.sum()
        context = relu(conv1x1(module.out_conv, g * att[None]))  # [out, H, W]
        np.testing.assert_allclose(ours[p], context.mean(axis=(1, 2)), rtol=1e-5, atol=1e-6)


def test_human_and_object_share_the_convs_and_drop_only_the_embedding():
    # official: TIN_HICO.py L409-425 one head_phi, head_g and bottleneck (reused for the
    # object); L316, L337 dropout keep 0.8 on fc1_b in training
    module = InstanceCentricAttention(in_channels=6, instance_channels=5, embed_channels=4,
                                      out_channels=3)
    names = {name for name, _ in module.named_parameters()}
    assert names == {'head_phi.weight', 'head_phi.bias', 'head_g.weight', 'head_g.bias',
                     'instance_fcs.0.weight', 'instance_fcs.0.bias', 'instance_fcs.1.weight',
                     'instance_fcs.1.bias', 'out_conv.weight', 'out_conv.bias'}
    assert module.dropout.p == 0.2
    feats, instance = torch.randn(1, 6, 3, 4), torch.randn(2, 5)
    index = torch.zeros(2, dtype=torch.long)
    module.eval()
    assert not torch.allclose(module(feats, instance, index, 0), module(feats, instance, index, 1))
    assert torch.equal(module(feats, instance, index, 0), module(feats, instance, index, 0))
