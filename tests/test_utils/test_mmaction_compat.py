"""The mmaction2 1.2.0 wheel fault (missing DRN) is repaired by importing hoi_plugins."""
import subprocess
import sys

import pytest

import hoi_plugins  # noqa: F401
from hoi_plugins.utils.mmaction_compat import MissingDRN


def test_mmaction_models_import_after_hoi_plugins():
    code = 'import hoi_plugins, mmaction.models; print(mmaction.models.ResNet3d.__name__)'
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'ResNet3d'
    assert result.stderr == ''  # no warning about missing modules


def test_drn_stand_in_explains_the_fault():
    import mmaction.models.localizers as localizers
    if localizers.DRN is not MissingDRN:
        pytest.skip('this mmaction2 ships DRN')
    with pytest.raises(ImportError, match='does not ship mmaction.models.localizers.drn'):
        localizers.DRN()
