"""tools/analysis/benchmark_tin_patterns.py: its reader of the official ``lib/ult/ult.py`` (on a
stand-in file written here) and its side-by-side run (with the loop port of
``tests/test_datasets/test_transforms/test_tin_pair_transforms.py`` in the official's place)."""
import numpy as np
import pytest

from tests.helpers import load_script
from tests.test_datasets.test_transforms.test_tin_pair_transforms import (official_pattern,
                                                                          official_skeleton)

# the four functions the benchmark reads, each returning its name, and top-level code that the
# official module has (it imports TensorFlow) and the benchmark must not run
STAND_IN_ULT = '''
import tensorflow as tf


def bbox_trans(human_box, object_box, ratio, size=64):
    return 'bbox_trans', round(2.5)


def draw_relation(human_pattern, joints, size=64):
    return 'draw_relation'


def get_skeleton(human_box, human_pose, human_pattern, num_joints=17, size=64):
    return 'get_skeleton'


def Get_next_sp_with_pose(human_box, object_box, human_pose, num_joints=17):
    return 'Get_next_sp_with_pose'
'''


def ported_pattern(human_box, object_box, human_pose):
    """``[64, 64, 3]`` pattern of one pair, as the official function returns it."""
    pattern, h = official_pattern(human_box, object_box)
    pattern[2] = official_skeleton(human_box, np.reshape(human_pose, (17, 3))[:, :2], h)
    return pattern.transpose(1, 2, 0)


def test_reader_takes_the_functions_and_python2_round(tmp_path):
    (tmp_path / 'lib' / 'ult').mkdir(parents=True)
    (tmp_path / 'lib' / 'ult' / 'ult.py').write_text(STAND_IN_ULT)
    tool = load_script('tools/analysis/benchmark_tin_patterns.py')
    namespace = tool.load_official(tmp_path)
    assert 'tf' not in namespace
    assert namespace['draw_relation'](None, None) == 'draw_relation'
    assert namespace['get_skeleton'](None, None, None) == 'get_skeleton'
    assert namespace['Get_next_sp_with_pose'](None, None, None) == 'Get_next_sp_with_pose'
    assert namespace['bbox_trans'](None, None, None) == ('bbox_trans', 3.0)  # 2.5 -> 3 as Py 2


def test_reader_names_missing_functions(tmp_path):
    (tmp_path / 'lib' / 'ult').mkdir(parents=True)
    (tmp_path / 'lib' / 'ult' / 'ult.py').write_text('def bbox_trans():\n    pass\n')
    tool = load_script('tools/analysis/benchmark_tin_patterns.py')
    with pytest.raises(SystemExit, match='Get_next_sp_with_pose'):
        tool.load_official(tmp_path)


def test_benchmark_prints_the_ratio_of_equal_outputs(tmp_path, monkeypatch, capsys):
    # the command of configs/tin/README.md, small
    tool = load_script('tools/analysis/benchmark_tin_patterns.py')
    monkeypatch.setattr(tool, 'load_official',
                        lambda checkout: dict(Get_next_sp_with_pose=ported_pattern))
    tool.main(['--official', str(tmp_path), '--pairs', '20', '--per-image', '10',
               '--repeats', '2'])
    out = capsys.readouterr().out
    assert '20 posed pairs in 2 images of 10, 2 repeats; outputs equal: True' in out
    assert 'official / ours: min ' in out and 'x, median ' in out
