from .checkpoint import (CheckpointLoadError, IncompleteCheckpointError,
                         UnsafeCheckpointError, find_resumable_checkpoint,
                         install_safe_checkpoint_loader, load_checkpoint_safely)
from .distributed import close_distributed, use_cpu_distributed_fallback
from .mmaction_compat import patch_missing_drn
from .setup_env import register_all_modules

__all__ = [
    'CheckpointLoadError', 'IncompleteCheckpointError', 'UnsafeCheckpointError',
    'close_distributed', 'find_resumable_checkpoint', 'install_safe_checkpoint_loader',
    'load_checkpoint_safely', 'patch_missing_drn', 'register_all_modules',
    'use_cpu_distributed_fallback'
]
