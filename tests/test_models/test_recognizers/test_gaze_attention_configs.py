"""The Gaze-Attention configs build; the I3D-R50 variant runs through the same recognizer."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS


@pytest.mark.parametrize('name,split', [('egtea_split1', 1), ('egtea_split2', 2),
                                        ('egtea_split3', 3), ('egtea_split1_i3d-r50', 1)])
def test_real_configs(project_root, name, split):
    cfg = Config.fromfile(project_root / 'configs' / 'gaze_attention' / f'{name}.py')
    assert cfg.train_dataloader.dataset.ann_file == f'data/egtea/train_split{split}.txt'
    assert cfg.test_dataloader.dataset.ann_file == f'data/egtea/test_split{split}.txt'
    assert cfg.optim_wrapper.optimizer.lr == 0.032 and cfg.train_cfg.max_iters == 18000
    assert cfg.model.estimator.eps == 1000.0


def test_i3d_r50_variant_forward(project_root):
    cfg = Config.fromfile(project_root / 'configs/gaze_attention/egtea_split1_i3d-r50.py')
    init_default_scope('hoi_plugins')
    cfg.model.cls_head.num_positions = 1 * 2 * 2  # 8x64x64 snippets -> 1x2x2 grid
    model = MODELS.build(cfg.model).eval()
    with torch.no_grad():
        x4, h = model.extract_feat(torch.randn(1, 5, 8, 64, 64))
        logits = model.cls_head(model.sampler(model.gaze_head(x4))[0], h)
    assert x4.shape == (1, 1024, 1, 2, 2) and h.shape == (1, 2048, 1, 2, 2)
    assert logits.shape == (1, 106)
