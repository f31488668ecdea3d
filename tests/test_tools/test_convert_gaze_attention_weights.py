"""tools/convert_weights/gaze_attention.py on the real attention file and official-format dicts."""
import subprocess
import sys

import torch

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS
from hoi_plugins.utils import load_checkpoint_safely

from tests.helpers import load_script


def official_model():
    """Our recognizer with the official sizes (two-stream Inception I3D, 106 classes)."""
    return MODELS.build(dict(
        type='GazeAttentionRecognizer',
        backbone=dict(type='InceptionI3d', in_channels=3),
        flow_backbone=dict(type='InceptionI3d', in_channels=2),
        gaze_head=dict(type='GazePredictionHead'), cls_head=dict(type='GazeAttentionHead'),
        data_preprocessor=dict(type='ActionDataPreprocessor', mean=[127.5] * 5,
                               std=[127.5] * 5, format_shape='NCTHW')))


# official key -> shape, written from the released modules (pytorch_i3d.py / model.py)
OFFICIAL_KEYS = {
    'base': {'module.model_rgb.Conv3d_1a_7x7.conv3d.weight': (64, 3, 7, 7, 7),
             'module.model_flow.Conv3d_1a_7x7.conv3d.weight': (64, 2, 7, 7, 7),
             'module.model_rgb.Mixed_4f.b1b.conv3d.weight': (320, 160, 3, 3, 3),
             'module.model_flow.Mixed_5c.b3b.bn.running_var': (128, ),
             'module.model_rgb.Conv3d_2c_3x3.bn.num_batches_tracked': ()},
    'gaze': {'module.Mixed_5b.b0.conv3d.weight': (256, 832, 1, 1, 1),
             'module.Mixed_5c.b2b.conv3d.weight': (128, 48, 3, 3, 3),
             'module.g1.weight': (256, 1024, 1, 3, 3), 'module.b1.running_mean': (256, ),
             'module.g2.weight': (64, 256, 1, 3, 3), 'module.b2.weight': (64, ),
             'module.g3.weight': (1, 64, 1, 1, 1), 'module.g3.bias': (1, )},
    'attn': {'module.fc.weight': (147, 147), 'module.fc.bias': (147, ),
             'module.fc_f.weight': (106, 1024, 1, 1, 1), 'module.fc_f.bias': (106, )},
}


def official_state_dicts(tool, model):
    """Released-format dicts made from our model by inverting the tool's renames."""
    ours = model.state_dict()
    dicts = {}
    for part, renames in tool.RENAMES.items():
        inverse = {ours_name: official for official, ours_name in renames.items()}
        dicts[part] = {}
        for key, value in ours.items():
            for prefix, official in inverse.items():
                if key.startswith(prefix + '.'):
                    dicts[part]['module.' + official + key[len(prefix):]] = torch.rand_like(
                        value.float()).to(value.dtype)
    return dicts


def test_official_format_files_load_strictly(project_root, tmp_path):
    tool = load_script('tools/convert_weights/gaze_attention.py')
    model = official_model()
    dicts = official_state_dicts(tool, model)
    for part, expected in OFFICIAL_KEYS.items():
        for key, shape in expected.items():
            assert tuple(dicts[part][key].shape) == shape, key
    paths = {}
    for part in ('base', 'gaze', 'attn'):
        paths[part] = tmp_path / f'i3d_iga_best1_{part}.pt'
        torch.save(dicts[part], paths[part])
    out = tmp_path / 'converted.pth'
    subprocess.run([sys.executable, str(project_root / 'tools/convert_weights/gaze_attention.py'),
                    '--base', str(paths['base']), '--gaze', str(paths['gaze']),
                    '--attn', str(paths['attn']), '--out', str(out)], check=True,
                   cwd=project_root)
    state_dict = load_checkpoint_safely(str(out))['state_dict']
    model.load_state_dict(state_dict, strict=True)
    torch.testing.assert_close(model.gaze_head.conv1.weight, dicts['gaze']['module.g1.weight'])
    torch.testing.assert_close(model.flow_backbone.Mixed_3b.b0.conv3d.weight,
                               dicts['base']['module.model_flow.Mixed_3b.b0.conv3d.weight'])


def test_foreign_key_is_rejected_with_file_and_key(project_root):
    tool = load_script('tools/convert_weights/gaze_attention.py')
    try:
        tool.convert_state_dict({'module.logits.weight': torch.zeros(1)}, 'base', 'x_base.pt')
    except KeyError as error:
        assert 'x_base.pt' in str(error) and 'module.logits.weight' in str(error)
    else:
        raise AssertionError('an unknown key must be rejected')


def test_real_released_attention_checkpoint(project_root, reference_data):
    path = reference_data / 'gaze_attention_weights' / 'i3d_iga_best1_attn.pt'
    if not path.is_file():
        import pytest
        pytest.skip(f'{path} is absent')
    tool = load_script('tools/convert_weights/gaze_attention.py')
    state_dict = tool.convert_files(attn=str(path))
    assert set(state_dict) == {'cls_head.fc_attention.weight', 'cls_head.fc_attention.bias',
                               'cls_head.fc_cls.weight', 'cls_head.fc_cls.bias'}
    head = MODELS.build(dict(type='GazeAttentionHead'))
    head.load_state_dict({key[len('cls_head.'):]: value for key, value in state_dict.items()})
    z = torch.zeros(1, 3, 7, 7)
    z[0, :, 3, 3] = 1
    logits = head.eval()(z, torch.rand(1, 1024, 3, 7, 7))
    assert logits.shape == (1, 106) and torch.isfinite(logits).all()
