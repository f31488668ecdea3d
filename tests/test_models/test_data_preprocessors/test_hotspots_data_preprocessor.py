"""HotspotsDataPreprocessor: normalised clips zero-padded after their length, stacked images."""
import torch

import hoi_plugins  # noqa: F401
from hoi_plugins.registry import MODELS


def test_pads_clips_with_zeros_after_their_length_and_normalises():
    """Rule (official: utils/gtransforms.py L75 ``ZeroPad``, after ``GroupNormalize`` in
    utils/util.py): padding frames are 0 in the normalised input; real frames are
    (x - mean) / std."""
    preprocessor = MODELS.build(dict(type='HotspotsDataPreprocessor'))
    clips = [torch.full((2, 3, 4, 4), 200, dtype=torch.uint8),
             torch.full((3, 3, 4, 4), 10, dtype=torch.uint8)]
    data = preprocessor(dict(inputs=[dict(clip=c, inactive=c[0]) for c in clips]), True)
    inputs = data['inputs']
    assert inputs['clip'].shape == (2, 3, 3, 4, 4) and inputs['lengths'].tolist() == [2, 3]
    assert torch.all(inputs['clip'][0, 2:] == 0)
    mean = torch.tensor([123.675, 116.28, 103.53]).view(3, 1, 1)
    std = torch.tensor([58.395, 57.12, 57.375]).view(3, 1, 1)
    torch.testing.assert_close(inputs['clip'][0, 1], ((200 - mean) / std).expand(3, 4, 4))
    torch.testing.assert_close(inputs['inactive'][1], ((10 - mean) / std).expand(3, 4, 4))
