"""Helpers shared by test modules (``from tests.helpers import ...``)."""
import importlib.util
import subprocess
import sys
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


def run_script(relative: str, *args, cwd=None) -> subprocess.CompletedProcess:
    """Run a script of the repository (``tools/...``) with this Python, its output captured
    as text.

    Args:
        relative (str): the script's path relative to the repository root.
        *args: its command-line arguments (paths and numbers are turned into strings).
        cwd (str | Path, optional): the working directory of the run.
    """
    return subprocess.run([sys.executable, str(PROJECT_ROOT / relative), *map(str, args)],
                          cwd=cwd, capture_output=True, text=True)
