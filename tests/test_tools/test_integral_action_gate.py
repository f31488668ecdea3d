"""tools/analysis/integral_action_gate.py, the command of configs/integral_action/README.md, on
synthetic data with untrained weights."""
import json
import re

from hoi_plugins.datasets.synthetic import generate_synthetic

from tests.helpers import run_script

CONFIG = 'configs/integral_action/integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py'


def test_gate_weight_per_class_of_the_val_videos(project_root, tmp_path):
    root = tmp_path / 'data' / 'synthetic' / 'integral_action'
    generate_synthetic('integral_action', root, num_train=2, num_val=5, num_mimetics=0)
    made = run_script('tools/analysis/untrained_checkpoint.py', project_root / CONFIG,
                      tmp_path / 'untrained.pth', cwd=tmp_path)
    assert made.returncode == 0, made.stderr[-3000:]
    result = run_script('tools/analysis/integral_action_gate.py', project_root / CONFIG,
                        tmp_path / 'untrained.pth', cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = re.findall(r'^class (\d+): pose weight ([\d.]+) \((\d+) videos\)$', result.stdout,
                      re.MULTILINE)
    labels = [a['action_label'] for a in
              json.loads((root / 'Kinetics8_val.json').read_text())['annotations']]
    assert sorted(int(label) for label, _, _ in rows) == sorted(set(labels))
    assert {int(label): int(count) for label, _, count in rows} == {
        label: labels.count(label) for label in set(labels)}
    assert all(0 < float(weight) < 1 for _, weight, _ in rows)  # a sigmoid gate


def test_gate_tool_refuses_a_single_stream_config(project_root, tmp_path):
    config = 'configs/integral_action/integral-action-pose-only_tsm-r18-w16_15e_synthetic.py'
    result = run_script('tools/analysis/integral_action_gate.py', project_root / config,
                        tmp_path / 'absent.pth', cwd=tmp_path)
    assert result.returncode != 0 and "mode 'pose_only' has no gate" in result.stderr
