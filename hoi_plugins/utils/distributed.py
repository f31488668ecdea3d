"""Distributed training on machines without a GPU."""
import torch
import torch.distributed as torch_dist
from mmengine.config import Config
from mmengine.logging import print_log


def use_cpu_distributed_fallback(cfg: Config, launcher: str) -> bool:
    """Let ``--launcher pytorch`` run on CPU: gloo backend and a CPU DDP wrapper.

    mmengine's launcher path calls ``torch.cuda.set_device`` and wraps the model with
    ``device_ids=[LOCAL_RANK]``; both fail without CUDA. When no GPU is present this switches the
    backend to gloo, initialises the process group itself (so mmengine skips its CUDA-only
    set-up) and asks for a device-less DDP wrapper.

    Args:
        cfg (Config): the run's config, changed in place.
        launcher (str): the ``--launcher`` argument.

    Returns:
        bool: whether the fallback was applied.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return False
    if launcher != 'pytorch':
        raise RuntimeError(f'--launcher {launcher} needs GPUs; on a CPU machine use '
                           '--launcher pytorch (tools/dist_train.sh), which falls back to gloo.')
    env_cfg = cfg.setdefault('env_cfg', {})
    env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    wrapper = dict(cfg.get('model_wrapper_cfg') or dict(type='MMDistributedDataParallel'))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not torch_dist.is_initialized():
        torch_dist.init_process_group(backend='gloo')
    print_log('No GPU found: distributed run on CPU with the gloo backend', logger='current')
    return True


def close_distributed() -> None:
    """Destroy the default process group at the end of a run, if there is one.

    mmengine leaves it to interpreter shutdown, where gloo's threads can abort a rank
    ("terminate called without an active exception") after the work is done.
    """
    if torch_dist.is_available() and torch_dist.is_initialized():
        torch_dist.barrier()
        torch_dist.destroy_process_group()
