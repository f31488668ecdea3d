"""The Gaze-Attention configs: the official recipe (one clip per step, frame-1 training start,
Acc over all 106 classes), the variants, and the metafile."""
import numpy as np
import pytest
import torch
import yaml
from mmengine.config import Config
from mmengine.registry import init_default_scope

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import METRICS, MODELS, TRANSFORMS

FOLDER = 'configs/gaze_attention'
OFFICIAL = {f'gaze-attention_i3d_18k_egtea-split{split}.py': split for split in (1, 2, 3)}
VARIANTS = {'gaze-attention_i3d_18k-random-start_egtea-split1.py': 1,
            'gaze-attention_i3d-r50_18k_egtea-split1.py': 1}


def load(project_root, name):
    init_default_scope('hoi_plugins')
    return Config.fromfile(project_root / FOLDER / name)


def first_frames(cfg, total_frames, draws=20):
    """The first frame index of ``draws`` training snippets of a clip of ``total_frames``."""
    sampler = TRANSFORMS.build(cfg.train_dataloader.dataset.pipeline[0])
    np.random.seed(0)
    return {int(sampler(dict(total_frames=total_frames, start_index=1))['frame_inds'][0])
            for _ in range(draws)}


@pytest.mark.parametrize('name,split', list({**OFFICIAL, **VARIANTS}.items()))
def test_real_configs(project_root, name, split):
    cfg = load(project_root, name)
    assert cfg.train_dataloader.dataset.ann_file == f'data/egtea/train_split{split}.txt'
    assert cfg.test_dataloader.dataset.ann_file == f'data/egtea/test_split{split}.txt'
    assert cfg.optim_wrapper.optimizer.lr == 0.032 and cfg.train_cfg.max_iters == 18000
    assert cfg.model.estimator.eps == 1000.0


@pytest.mark.parametrize('name', list(OFFICIAL))
def test_official_recipe(project_root, name):
    cfg = load(project_root, name)
    # official: main.py L21 (--b 1) and L56 (batch_size=args.b): one clip per SGD step at
    # lr 0.032 (main.py L26); --auto-scale-lr scales lr from one clip per step
    assert cfg.train_dataloader.batch_size == 1 and cfg.auto_scale_lr.base_batch_size == 1
    # official: dataset.py L40-43: every training snippet starts at frame 1 of its clip
    assert first_frames(cfg, total_frames=90) == {1}
    # official: utils.py L6-14 and main.py L250: Acc averages over all 106 classes
    assert cfg.test_evaluator.type == 'AllClassAccMetric'
    assert cfg.test_evaluator.num_classes == 106 == cfg.model.cls_head.num_classes


def test_random_start_variant_draws_the_start(project_root):
    cfg = load(project_root, 'gaze-attention_i3d_18k-random-start_egtea-split1.py')
    starts = first_frames(cfg, total_frames=90)
    assert len(starts) > 5 and min(starts) >= 1 and max(starts) <= 90 - 24 + 1
    official = load(project_root, 'gaze-attention_i3d_18k_egtea-split1.py')
    assert cfg.train_dataloader.dataset.pipeline[1:] == \
        official.train_dataloader.dataset.pipeline[1:]


def test_synthetic_config_scores_its_six_classes(project_root):
    cfg = load(project_root, 'gaze-attention_tiny-r18_1200it_egtea-synthetic.py')
    metric = METRICS.build(cfg.test_evaluator)
    assert metric.num_classes == 6 == cfg.model.cls_head.num_classes


def test_i3d_r50_variant_forward(project_root):
    cfg = load(project_root, 'gaze-attention_i3d-r50_18k_egtea-split1.py')
    cfg.model.cls_head.num_positions = 1 * 2 * 2  # 8x64x64 snippets -> 1x2x2 grid
    model = MODELS.build(cfg.model).eval()
    with torch.no_grad():
        x4, h = model.extract_feat(torch.randn(1, 5, 8, 64, 64))
        logits = model.cls_head(model.sampler(model.gaze_head(x4))[0], h)
    assert x4.shape == (1, 1024, 1, 2, 2) and h.shape == (1, 2048, 1, 2, 2)
    assert logits.shape == (1, 106)


def test_metafile_lists_every_config(project_root):
    metafile = yaml.safe_load((project_root / FOLDER / 'metafile.yml').read_text())
    listed = {model['Config'] for model in metafile['Models']}
    present = {f'{FOLDER}/{path.name}' for path in (project_root / FOLDER).glob('*.py')}
    assert listed == present
    for model in metafile['Models']:
        assert model['In Collection'] == metafile['Collections'][0]['Name']
