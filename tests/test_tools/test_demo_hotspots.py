"""demo/demo_hotspots.py on the real OPRA sample images (reference data) and make_gt_heatmaps."""
import json
import sys
from pathlib import Path

import numpy as np
import torch
from mmengine.config import Config

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS

from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_demo_writes_one_overlay_per_action_and_a_grid(reference_data, tmp_path, monkeypatch):
    config = str(ROOT / 'configs/hotspots/hotspots_r18-stage1_12e_synthetic.py')
    model = MODELS.build(Config.fromfile(config).model)
    checkpoint = tmp_path / 'model.pth'
    names = ['hold', 'touch', 'rotate', 'push']
    torch.save(dict(state_dict=model.state_dict(), meta=dict(dataset_meta=dict(classes=names))),
               checkpoint)
    demo = load_script('demo/demo_hotspots.py')
    monkeypatch.setattr(sys, 'argv', ['demo_hotspots.py',
                                      str(reference_data / 'opra_samples' / '673.jpg'), config,
                                      str(checkpoint), '--out', str(tmp_path / 'out')])
    demo.main()
    written = sorted(p.name for p in (tmp_path / 'out').iterdir())
    assert written == sorted([f'673_{n}.jpg' for n in names] + ['673_grid.jpg'])


def test_make_gt_heatmaps_keys_match_the_dataset(tmp_path, monkeypatch):
    annotations = dict(verbs=['a', 'b'], test_images=[
        dict(image=['c', 'p', 'x', 'img.jpg'], verb=1, shape=[30, 40], points=[[10, 20]])])
    (tmp_path / 'ann.json').write_text(json.dumps(annotations))
    tool = load_script('tools/data/opra/make_gt_heatmaps.py')
    monkeypatch.setattr(sys, 'argv', ['make_gt_heatmaps.py', str(tmp_path / 'ann.json'),
                                      '--out', str(tmp_path / 'gt.npz')])
    tool.main()
    with np.load(tmp_path / 'gt.npz') as gt:
        assert list(gt['keys']) == ['c/p/x/img.jpg/1']
        assert gt['heatmaps'].shape == (1, 224, 224)
        assert abs(gt['heatmaps'].sum() - 1) < 1e-5
