"""demo/demo_hotspots.py: overlays that show the maps (real OPRA samples and a user's JPEGs)
and make_gt_heatmaps."""
import json
import sys

import cv2
import numpy as np

from tests.helpers import load_script
from tests.test_apis.demo_inputs import (CLASSES, assert_overlay_shows_the_peak, config_path,
                                         make_photo, untrained_checkpoint)


def assert_overlays_show_the_maps(out_dir, image_path, names, result):
    """Each written overlay differs from the image where its map is high (blank overlays fail)
    and hardly where it is low."""
    source = cv2.imread(str(image_path)).astype(int)
    prediction, = [p for p in result['predictions'] if p['image'] == str(image_path)]
    for action in prediction['actions']:
        drawn = cv2.imread(str(out_dir / f'{image_path.stem}_{action["name"]}.jpg')).astype(int)
        x, y = action['peak']
        assert_overlay_shows_the_peak(drawn, source, x, y)
    assert sorted(p.name for p in out_dir.glob(f'{image_path.stem}*')) == sorted(
        [f'{image_path.stem}_{n}.jpg' for n in names] + [f'{image_path.stem}_grid.jpg',
                                                          f'{image_path.stem}.json'])


def test_demo_on_real_opra_images(reference_data, tmp_path):
    checkpoint = untrained_checkpoint('hotspots', tmp_path / 'model.pth')
    image = reference_data / 'opra_samples' / '673.jpg'
    result = load_script('demo/demo_hotspots.py').main([
        config_path('hotspots'), str(checkpoint), str(image), '--out-dir', str(tmp_path / 'o')])
    assert_overlays_show_the_maps(tmp_path / 'o', image, CLASSES['hotspots'], result)


def test_demo_on_a_folder_of_user_images(tmp_path):
    checkpoint = untrained_checkpoint('hotspots', tmp_path / 'model.pth')
    for seed, name in enumerate(('a.jpg', 'b.png')):
        make_photo(tmp_path / 'photos' / name, seed=seed)
    (tmp_path / 'photos' / 'notes.txt').write_text('not an image')
    result = load_script('demo/demo_hotspots.py').main([
        config_path('hotspots'), str(checkpoint), str(tmp_path / 'photos'), '--out-dir',
        str(tmp_path / 'new' / 'out')])
    assert len(result['predictions']) == 2
    for name in ('a.jpg', 'b.png'):
        assert_overlays_show_the_maps(tmp_path / 'new' / 'out', tmp_path / 'photos' / name,
                                      CLASSES['hotspots'], result)


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
