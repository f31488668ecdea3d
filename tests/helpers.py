"""Helpers shared by test modules (``from tests.helpers import ...``)."""
import importlib.util
from pathlib import Path
from types import ModuleType

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str) -> ModuleType:
    """Import a script that is not in a package (``tools/...``, ``demo/...``) by its path.

    Args:
        relative (str): the script's path relative to the repository root.
    """
    path = PROJECT_ROOT / relative
    spec = importlib.util.spec_from_file_location(relative.replace('/', '_')[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
