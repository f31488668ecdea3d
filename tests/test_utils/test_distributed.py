"""The CPU fallback of distributed launches."""
from unittest import mock

import pytest
from mmengine.config import Config

from hoi_plugins.utils import close_distributed, use_cpu_distributed_fallback


def config():
    return Config(dict(env_cfg=dict(dist_cfg=dict(backend='nccl'))))


def test_no_launcher_changes_nothing():
    cfg = config()
    assert not use_cpu_distributed_fallback(cfg, 'none')
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'


def test_gpu_machine_keeps_nccl():
    cfg = config()
    with mock.patch('torch.cuda.is_available', return_value=True):
        assert not use_cpu_distributed_fallback(cfg, 'pytorch')
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'


def test_pytorch_launcher_without_gpu_uses_gloo_and_cpu_ddp():
    cfg = config()
    with mock.patch('torch.cuda.is_available', return_value=False), \
            mock.patch('torch.distributed.is_initialized', return_value=False), \
            mock.patch('torch.distributed.init_process_group') as init:
        assert use_cpu_distributed_fallback(cfg, 'pytorch')
    init.assert_called_once_with(backend='gloo')
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'
    assert cfg.model_wrapper_cfg == dict(type='MMDistributedDataParallel', device_ids=None)


def test_slurm_without_gpu_is_refused_with_advice():
    with mock.patch('torch.cuda.is_available', return_value=False):
        with pytest.raises(RuntimeError, match='tools/dist_train.sh'):
            use_cpu_distributed_fallback(config(), 'slurm')


def test_close_distributed_destroys_an_open_group_only():
    with mock.patch('torch.distributed.is_initialized', return_value=False), \
            mock.patch('torch.distributed.destroy_process_group') as destroy:
        close_distributed()
    destroy.assert_not_called()
    with mock.patch('torch.distributed.is_initialized', return_value=True), \
            mock.patch('torch.distributed.barrier') as barrier, \
            mock.patch('torch.distributed.destroy_process_group') as destroy:
        close_distributed()
    barrier.assert_called_once_with()
    destroy.assert_called_once_with()
