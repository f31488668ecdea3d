"""Fixtures shared by the whole test suite."""
import os
from pathlib import Path

import pytest

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
