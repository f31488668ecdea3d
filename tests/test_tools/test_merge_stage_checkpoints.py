"""tools/merge_stage_checkpoints.py: stage-1 RGB + stage-2 pose weights -> stage-3 init."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import torch

_spec = importlib.util.spec_from_file_location(
    'integral_action_models',
    Path(__file__).parents[1] / 'test_models' / 'test_recognizers' / 'test_integral_action_recognizer.py')
_models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_models)
tiny_model = _models.tiny_model


@pytest.fixture(autouse=True)
def hoi_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        yield


def test_merge_builds_the_rgb_pose_initialisation(project_root, tmp_path):
    torch.manual_seed(0)
    rgb_only, pose_only = tiny_model('rgb_only'), tiny_model('pose_only')
    torch.save(dict(state_dict=rgb_only.state_dict(), meta=dict(epoch=30)), tmp_path / 'rgb.pth')
    torch.save(dict(state_dict={f'module.{k}': v for k, v in pose_only.state_dict().items()}),
               tmp_path / 'pose.pth')
    out = tmp_path / 'merged.pth'
    subprocess.run([sys.executable, 'tools/merge_stage_checkpoints.py', str(tmp_path / 'rgb.pth'),
                    str(tmp_path / 'pose.pth'), str(out)], cwd=project_root, check=True,
                   capture_output=True)
    merged = torch.load(out, weights_only=True)['state_dict']
    assert all(k.startswith(('rgb_backbone.', 'pose_backbone.')) for k in merged)
    fused = tiny_model('rgb+pose')
    missing, unexpected = fused.load_state_dict(merged, strict=False)
    assert not unexpected
    assert {k.split('.')[0] for k in missing} == {'fusion', 'cls_head'}  # start fresh
    state = fused.state_dict()
    for key, value in rgb_only.state_dict().items():
        if key.startswith('rgb_backbone.'):
            torch.testing.assert_close(state[key], value)
    for key, value in pose_only.state_dict().items():
        if key.startswith('pose_backbone.'):
            torch.testing.assert_close(state[key], value)
    assert 'pose_backbone.pose2feat.conv.weight' in merged


def test_swapped_inputs_are_rejected(project_root, tmp_path):
    torch.save(dict(state_dict=tiny_model('pose_only').state_dict()), tmp_path / 'pose.pth')
    result = subprocess.run(
        [sys.executable, 'tools/merge_stage_checkpoints.py', str(tmp_path / 'pose.pth'),
         str(tmp_path / 'pose.pth'), str(tmp_path / 'out.pth')], cwd=project_root,
        capture_output=True, text=True)
    assert result.returncode != 0 and 'no "rgb_backbone.*" weights' in result.stderr
