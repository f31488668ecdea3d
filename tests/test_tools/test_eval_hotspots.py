"""tools/analysis/eval_hotspots.py: the fixed command-line interface and its input checks."""
import json

import numpy as np
import pytest

from tests.helpers import load_script

eval_hotspots = load_script('tools/analysis/eval_hotspots.py')


def _write(path, keys, heatmaps):
    np.savez(path, keys=np.asarray(keys), heatmaps=np.asarray(heatmaps, np.float32))
    return str(path)


@pytest.fixture
def gt_file(tmp_path):
    gt = np.zeros((3, 224, 224), np.float32)
    gt[0, 40:60, 40:60] = 1
    gt[1, 150:170, 100:120] = 1
    return _write(tmp_path / 'gt.npz', ['a', 'b', 'c'], gt)


def test_cli_writes_the_result_json(tmp_path, gt_file):
    gt = np.load(gt_file)['heatmaps']
    # predictions in another order and size: matched by key, resized to 28.
    pred = np.stack([gt[2], gt[0], gt[1]])[:, ::4, ::4]
    pred_file = _write(tmp_path / 'pred.npz', ['c', 'a', 'b'], pred + 1e-3)
    out = tmp_path / 'result.json'
    assert eval_hotspots.main(['--gt', gt_file, '--pred', pred_file, '--out', str(out)]) == 0
    result = json.loads(out.read_text())
    assert set(result) == {'KLD', 'SIM', 'AUC-J'}
    for stats in result.values():
        assert set(stats) == {'mean', 'stderr', 'count', 'total'}
    assert result['KLD']['total'] == 3 and result['AUC-J']['count'] == 2  # 'c' is empty
    baseline = tmp_path / 'center.json'
    eval_hotspots.main(['--gt', gt_file, '--baseline', 'center', '--out', str(baseline)])
    center = json.loads(baseline.read_text())
    assert result['SIM']['mean'] > center['SIM']['mean']
    assert result['KLD']['mean'] < center['KLD']['mean']


def test_keys_that_do_not_match_name_the_file_and_key(tmp_path, gt_file):
    pred_file = _write(tmp_path / 'pred.npz', ['a', 'b', 'z'], np.ones((3, 28, 28)))
    with pytest.raises(KeyError, match=r'pred.npz: no heatmap for 1 key\(s\) of .*gt.npz, '
                       r'first "c"'):
        eval_hotspots.evaluate_files(gt_file, pred_file)
    pred_file = _write(tmp_path / 'more.npz', ['a', 'b', 'c', 'z'], np.ones((4, 28, 28)))
    with pytest.raises(KeyError, match=r'more.npz: 1 key\(s\) not in .*gt.npz, first "z"'):
        eval_hotspots.evaluate_files(gt_file, pred_file)


def test_duplicate_keys_keep_their_last_map(tmp_path, gt_file, capsys):
    """Rule (official: utils/evaluation.py L114, ``dict(zip(keys, heatmaps))`` for the ground
    truth and the predictions): a repeated key keeps its last map, scored once."""
    gt = np.load(gt_file)['heatmaps']
    dup_gt = _write(tmp_path / 'dup_gt.npz', ['a', 'b', 'c', 'a'], np.stack([gt[1], *gt[1:],
                                                                            gt[0]]))
    pred = _write(tmp_path / 'pred.npz', ['a', 'b', 'c', 'b'],
                  np.stack([gt[0], gt[0], gt[2], gt[1]]) + 1e-3)
    merged = eval_hotspots.evaluate_files(dup_gt, pred)
    capsys.readouterr()
    unique = _write(tmp_path / 'unique.npz', ['a', 'b', 'c'], gt[[0, 1, 2]] + 1e-3)
    expected = eval_hotspots.evaluate_files(gt_file, unique)
    assert merged == expected and merged['KLD']['total'] == 3
    eval_hotspots.main(['--gt', dup_gt, '--pred', pred])
    out = capsys.readouterr().out
    assert 'dup_gt.npz: 1 of 4 heatmaps repeat a key' in out
    assert 'pred.npz: 1 of 4 heatmaps repeat a key' in out


def test_jitter_seed_and_no_jitter(tmp_path, gt_file, capsys):
    """AUC-J jitters with seed 0 by default (official: utils/evaluation.py L66); --no-jitter
    keeps the ties of the center-bias map's zero border."""
    results = {}
    for name, flags in (('default', []), ('seed0', ['--jitter-seed', '0']),
                        ('off', ['--no-jitter'])):
        out = tmp_path / f'{name}.json'
        eval_hotspots.main(['--gt', gt_file, '--baseline', 'center', '--out', str(out), *flags])
        results[name] = json.loads(out.read_text())['AUC-J']['mean']
    assert results['default'] == results['seed0'] != results['off']


def test_nan_and_missing_fields_name_the_file_and_item(tmp_path, gt_file):
    maps = np.ones((3, 28, 28))
    maps[2, 3, 3] = np.nan
    pred_file = _write(tmp_path / 'nan.npz', ['a', 'b', 'c'], maps)
    with pytest.raises(ValueError, match=r'nan.npz: heatmap of item "c" \(index 2\) holds NaN'):
        eval_hotspots.evaluate_files(gt_file, pred_file)
    np.savez(tmp_path / 'nokeys.npz', heatmaps=np.ones((3, 28, 28)))
    with pytest.raises(KeyError, match=r'nokeys.npz: missing field "keys"'):
        eval_hotspots.evaluate_files(gt_file, str(tmp_path / 'nokeys.npz'))
