"""tools/data/opra/make_gt_heatmaps.py: one ground-truth map per (image, verb), the last entry."""
import json
import sys

import numpy as np

from hoi_plugins.datasets.transforms.hotspots_transforms import PointsToHeatmap
from tests.helpers import load_script


def test_repeated_image_and_verb_keep_the_last_entry(tmp_path, monkeypatch, capsys):
    """Rule (official: data/hotspot_dataset.py L158, the heatmap lookup keeps the last entry
    of a key): entries 0 and 2 share image and verb; the file has 2 keys, the first drawn from
    entry 2's points, and says 1 entry was merged."""
    image = ['c', 'p', 'x', 'img.jpg']
    annotations = dict(verbs=['a', 'b'], test_images=[
        dict(image=image, verb=1, shape=[30, 40], points=[[10, 20]]),
        dict(image=image, verb=0, shape=[30, 40], points=[[5, 5]]),
        dict(image=image, verb=1, shape=[30, 40], points=[[25, 30]])])
    (tmp_path / 'ann.json').write_text(json.dumps(annotations))
    tool = load_script('tools/data/opra/make_gt_heatmaps.py')
    monkeypatch.setattr(sys, 'argv', ['make_gt_heatmaps.py', str(tmp_path / 'ann.json'),
                                      '--out', str(tmp_path / 'gt.npz')])
    tool.main()
    assert '(1 entries repeat an (image, verb)' in capsys.readouterr().out
    expected = PointsToHeatmap(out_size=224).transform(
        dict(points=[[25, 30]], shape=[30, 40]))['gt_heatmap']
    with np.load(tmp_path / 'gt.npz') as gt:
        assert list(gt['keys']) == ['c/p/x/img.jpg/1', 'c/p/x/img.jpg/0']
        np.testing.assert_array_equal(gt['heatmaps'][0], expected)
