"""Checkpoints written by mmengine load with weights-only unpickling; malicious ones do not."""
import os

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub
from mmengine.runner.checkpoint import _load_checkpoint
from torch import nn

from hoi_plugins.utils import UnsafeCheckpointError, load_checkpoint_safely


class RunsShellCommand:
    """Unpickling this object runs ``touch <marker>``: what a malicious checkpoint does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f'touch {self.marker}', )


class ReadsAttribute:
    """Unpickling this reaches ``ndarray.tofile`` through ``getattr``."""

    def __reduce__(self):
        return getattr, (np.zeros(1), 'tofile')


def mmengine_like_checkpoint() -> dict:
    """What ``Runner.save_checkpoint`` writes: weights, optimizer, and a message hub."""
    hub = MessageHub.get_instance('checkpoint-test')
    for value in (1.0, 0.5, np.float64(0.25)):
        hub.update_scalar('train/loss', value)
    hub.update_info('iter', 7)
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.ones(1, 2)).sum().backward()
    optimizer.step()
    return dict(
        meta=dict(epoch=1, iter=7, seed=np.int64(3), message_hub=hub.state_dict()),
        state_dict=model.state_dict(), optimizer=optimizer.state_dict())


def test_mmengine_checkpoint_loads_weights_only(tmp_path):
    path = tmp_path / 'iter_7.pth'
    torch.save(mmengine_like_checkpoint(), path)
    with pytest.raises(Exception):  # torch >= 2.6 refuses it without the allow-list
        torch.load(path, weights_only=True)
    checkpoint = load_checkpoint_safely(str(path))
    buffer = checkpoint['meta']['message_hub']['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    assert buffer.mean() == pytest.approx((1.0 + 0.5 + 0.25) / 3)
    assert buffer.statistics('current') == pytest.approx(0.25)
    assert checkpoint['meta']['seed'] == 3
    # mmengine's own loader goes through ours once hoi_plugins is imported
    assert _load_checkpoint(str(path))['meta']['iter'] == 7


def test_malicious_checkpoint_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / 'pwned'
    path = tmp_path / 'evil.pth'
    torch.save(dict(state_dict={}, meta=RunsShellCommand(marker)), path)
    with pytest.raises(UnsafeCheckpointError, match=r'refused to load checkpoint .*evil\.pth'):
        load_checkpoint_safely(str(path))
    with pytest.raises(UnsafeCheckpointError, match='system'):
        _load_checkpoint(str(path))
    assert not marker.exists()


def test_getattr_is_allowed_only_for_history_buffer_statistics(tmp_path):
    path = tmp_path / 'getattr.pth'
    torch.save(dict(meta=ReadsAttribute()), path)
    with pytest.raises(UnsafeCheckpointError, match='tofile'):
        load_checkpoint_safely(str(path))


def test_missing_checkpoint_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match='nothing.pth'):
        load_checkpoint_safely(str(tmp_path / 'nothing.pth'))
