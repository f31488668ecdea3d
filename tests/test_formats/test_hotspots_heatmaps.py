"""Heatmap keys, the official one-entry-per-key rule and the .npz heatmap files."""
import numpy as np
import pytest

from hoi_plugins.formats.hotspots_heatmaps import (heatmap_key, last_entry_per_key,
                                                   load_heatmaps, save_heatmaps)


def test_key_is_the_image_parts_and_the_verb():
    """Rule (official: data/hotspot_dataset.py L182-183 ``tuple(entry['image']) +
    (str(entry['verb']),)``), joined by '/'."""
    assert heatmap_key(['chan', 'list', 'prod', 'img.jpg'], 3) == 'chan/list/prod/img.jpg/3'


def test_each_key_keeps_its_last_entry_at_its_first_position():
    """Rule (official: data/hotspot_dataset.py L158 ``{key: idx for idx, key in ...}`` keeps
    the last index of a key; utils/evaluation.py L114 ``dict(zip(...))`` keeps the key's first
    position): keys a b a c b -> a from entry 2, b from entry 4, c from 3; two merged."""
    kept, merged = last_entry_per_key(['a', 'b', 'a', 'c', 'b'])
    assert kept == [2, 4, 3] and merged == 2
    assert last_entry_per_key(['x', 'y']) == ([0, 1], 0)


def test_heatmaps_file_round_trip_and_errors(tmp_path):
    maps = np.random.default_rng(0).random((2, 5, 6)).astype(np.float32)
    save_heatmaps(str(tmp_path / 'sub' / 'maps.npz'), ['a/1', 'b/2'], maps)
    keys, loaded = load_heatmaps(str(tmp_path / 'sub' / 'maps.npz'))
    assert keys == ['a/1', 'b/2']
    np.testing.assert_array_equal(loaded, maps)
    np.savez(tmp_path / 'short.npz', keys=np.asarray(['a']), heatmaps=maps)
    with pytest.raises(ValueError, match=r'short.npz: 1 keys but 2 heatmaps'):
        load_heatmaps(str(tmp_path / 'short.npz'))
    with pytest.raises(FileNotFoundError, match='none.npz: no such file'):
        load_heatmaps(str(tmp_path / 'none.npz'))
