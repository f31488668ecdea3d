"""Work around a packaging fault of the mmaction2 1.2.0 wheel.

``mmaction/models/localizers/__init__.py`` imports ``.drn.drn``, which the wheel does not ship,
so ``import mmaction.models`` raises ``ModuleNotFoundError``. We register a small stand-in module
whose ``DRN`` explains the fault when someone tries to use it; every other model imports and runs.
"""
import importlib.util
import os
import sys
import types

_DRN_PACKAGE = 'mmaction.models.localizers.drn'


class MissingDRN:
    """Stands in for mmaction2's DRN localizer, absent from the 1.2.0 wheel."""

    def __init__(self, *args, **kwargs):
        raise ImportError(
            'mmaction2 DRN is not available: the installed mmaction2 wheel does not ship '
            f'{_DRN_PACKAGE}. Install mmaction2 from source to use DRN.')


def patch_missing_drn() -> bool:
    """Register the DRN stand-in when the installed mmaction2 lacks it.

    Returns:
        bool: whether the stand-in was registered.
    """
    if importlib.util.find_spec('mmaction') is None or _DRN_PACKAGE in sys.modules:
        return False
    base = importlib.util.find_spec('mmaction.models')
    locations = base.submodule_search_locations if base else None
    if not locations:
        return False
    if any(os.path.isdir(os.path.join(loc, 'localizers', 'drn')) for loc in locations):
        return False
    package = types.ModuleType(_DRN_PACKAGE)
    package.__path__ = []
    module = types.ModuleType(f'{_DRN_PACKAGE}.drn')
    module.DRN = MissingDRN
    package.drn = module
    sys.modules[_DRN_PACKAGE] = package
    sys.modules[f'{_DRN_PACKAGE}.drn'] = module
    return True
