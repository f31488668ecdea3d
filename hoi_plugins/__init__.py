"""hoi-plugins: OpenMMLab plugins for human-object interaction and activity understanding.

Importing the package repairs the known mmaction2 wheel fault, makes checkpoints written by
mmengine load under torch >= 2.6 with weights-only loading kept on, and registers every module
in the ``hoi_plugins`` scope.
"""
from .utils.mmaction_compat import patch_missing_drn

patch_missing_drn()

from .utils.checkpoint import install_safe_checkpoint_loader  # noqa: E402
from .utils.setup_env import register_all_modules  # noqa: E402
from .version import __version__  # noqa: E402

install_safe_checkpoint_loader()
register_all_modules(init_default_scope=False)

__all__ = ['__version__', 'register_all_modules']
