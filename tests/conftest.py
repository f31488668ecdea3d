"""Fixtures shared by the whole test suite."""
import copy
import os
from pathlib import Path

import pytest
from mmengine.registry import DefaultScope

from tests.helpers import PROJECT_ROOT

REFERENCE_DATA = Path(os.environ.get('HOI_REFERENCE_DATA',
                                     PROJECT_ROOT.parent / 'shared' / 'reference_data'))


@pytest.fixture(scope='session')
def project_root() -> Path:
    """The repository root (where ``tools/`` and ``configs/`` are)."""
    return PROJECT_ROOT


@pytest.fixture(scope='session')
def reference_data() -> Path:
    """``../shared/reference_data`` (real files of the original projects), or skip.

    A user's clone has no ``../shared``; set ``HOI_REFERENCE_DATA`` to point elsewhere.
    """
    if not REFERENCE_DATA.is_dir():
        pytest.skip(f'reference data not found at {REFERENCE_DATA} (../shared is absent '
                    'outside the development workspace)')
    return REFERENCE_DATA


@pytest.fixture(autouse=True)
def restore_default_scope():
    """Give every test the default scope it found: a test that builds a Runner makes the
    Runner's scope current (e.g. 'mmengine' for the toy runners), which would change where
    later tests' ``MODELS.build`` looks."""
    saved = copy.copy(DefaultScope._instance_dict)
    yield
    DefaultScope._instance_dict = saved
