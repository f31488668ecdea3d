"""DilatedResNet: the official dr50_n28 encoder (28x28 maps, dilated first blocks, frozen)."""
import torch

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS


def test_dilated_resnet50_keeps_28x28_and_dilates_first_blocks_only():
    """Rule (official: models/backbones.py L128 dr50_n28 and L80, ``_make_layer`` dilates
    only a stage's first block): 224 -> 2048 x 28 x 28, layer4[0] dilation 4, layer4[1] 1."""
    backbone = MODELS.build(dict(type='DilatedResNet', depth=50))
    assert backbone(torch.randn(1, 3, 224, 224)).shape == (1, 2048, 28, 28)
    assert backbone.layer4[0].conv2.conv.dilation == (4, 4)
    assert backbone.layer4[1].conv2.conv.dilation == (1, 1)
    assert backbone.layer4[1].conv2.conv.padding == (1, 1)


def test_frozen_encoder_has_no_gradients_and_stays_in_eval_mode():
    backbone = MODELS.build(dict(type='DilatedResNet', depth=18, num_stages=1, strides=(1, ),
                                 dilations=(1, )))
    assert not any(p.requires_grad for p in backbone.parameters())
    backbone.train()
    assert not any(m.training for m in backbone.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))
    assert not backbone(torch.randn(1, 3, 32, 32)).requires_grad
    trainable = MODELS.build(dict(type='DilatedResNet', depth=18, num_stages=1, strides=(1, ),
                                  dilations=(1, ), frozen=False))
    assert trainable(torch.randn(1, 3, 32, 32)).requires_grad
