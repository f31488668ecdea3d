"""The ``hoi_plugins`` scope resolves our modules, mmaction2's without a prefix and mmdet's with."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS as ROOT_MODELS
from mmengine.registry import DefaultScope, init_default_scope
from torch import nn

from hoi_plugins.registry import DATASETS, METRICS, MODELS, SCOPE, TRANSFORMS


@pytest.fixture
def hoi_scope():
    init_default_scope(SCOPE)
    yield
    DefaultScope._instance_dict.pop(SCOPE, None)


def test_registries_are_children_of_mmaction():
    for registry in (MODELS, DATASETS, TRANSFORMS, METRICS):
        assert registry.scope == SCOPE
        assert registry.parent.scope == 'mmaction'


def test_mmaction_module_builds_without_prefix(hoi_scope):
    from mmaction.models import ResNet3d

    backbone = MODELS.build(
        dict(type='ResNet3d', depth=18, base_channels=4, pretrained=None,
             pretrained2d=False))
    assert isinstance(backbone, ResNet3d)
    features = backbone(torch.rand(1, 3, 4, 32, 32))
    # 4 stages double the channels: 4 * 2**3; stride 32 in space, 2 in time (pool1)
    assert features.shape == (1, 32, 2, 1, 1)


def test_mmdet_module_builds_with_prefix(hoi_scope):
    from mmdet.models.necks import FPN

    neck = MODELS.build(dict(type='mmdet.FPN', in_channels=[4, 8], out_channels=4,
                             num_outs=2))
    assert isinstance(neck, FPN)
    outs = neck([torch.rand(1, 4, 16, 16), torch.rand(1, 8, 8, 8)])
    assert [tuple(out.shape) for out in outs] == [(1, 4, 16, 16), (1, 4, 8, 8)]


def test_mmdet_module_needs_its_prefix(hoi_scope):
    with pytest.raises(KeyError, match='not in the hoi_plugins::model registry'):
        MODELS.build(dict(type='FPN', in_channels=[4], out_channels=4, num_outs=1))


def test_our_module_is_found_from_a_config_with_our_default_scope():
    class ScopeProbe(nn.Linear):
        """A module registered in hoi_plugins only for this test."""

    MODELS.register_module(module=ScopeProbe, force=True)
    try:
        cfg = Config(dict(default_scope=SCOPE,
                          model=dict(type='ScopeProbe', in_features=2, out_features=3)))
        with DefaultScope.overwrite_default_scope(cfg.default_scope):
            # the Runner builds from mmengine's root registry; the scope routes it to ours
            model = ROOT_MODELS.build(cfg.model)
        assert isinstance(model, ScopeProbe)
        assert model.weight.shape == (3, 2)
        with DefaultScope.overwrite_default_scope('mmaction'):
            with pytest.raises(KeyError):
                ROOT_MODELS.build(cfg.model)
            assert isinstance(ROOT_MODELS.build(dict(cfg.model, type='hoi_plugins.ScopeProbe')),
                              ScopeProbe)
    finally:
        MODELS._module_dict.pop('ScopeProbe')
