"""A save that fails half-way keeps the previous checkpoint and a resumable work dir."""
import errno
import io

import pytest
import torch
from mmengine.hooks import CheckpointHook
from mmengine.runner import runner as mmengine_runner

from hoi_plugins.engine.hooks import AtomicCheckpointHook
from hoi_plugins.utils import (IncompleteCheckpointError, find_resumable_checkpoint,
                               load_checkpoint_safely)
from tests.test_engine.test_hooks.toy_runner import toy_runner


@pytest.fixture
def disk_full_on_second_save(monkeypatch):
    """The writer of the second checkpoint writes half its bytes, then fails (full disk)."""
    real_save = mmengine_runner.save_checkpoint
    calls = []

    def save(checkpoint, filename, **kwargs):
        calls.append(filename)
        if len(calls) != 2:
            return real_save(checkpoint, filename, **kwargs)
        buffer = io.BytesIO()
        torch.save(checkpoint, buffer)
        with open(filename, 'wb') as file:
            file.write(buffer.getvalue()[:len(buffer.getvalue()) // 2])
        raise OSError(errno.ENOSPC, 'No space left on device', filename)

    monkeypatch.setattr(mmengine_runner, 'save_checkpoint', save)
    return calls


def test_failed_save_keeps_the_previous_checkpoint(tmp_path, disk_full_on_second_save):
    hook = AtomicCheckpointHook(interval=2, by_epoch=False, max_keep_ckpts=1)
    with pytest.raises(OSError, match='No space left'):
        toy_runner(tmp_path, hook, max_iters=6).train()
    assert disk_full_on_second_save == [str(tmp_path / 'iter_2.pth.part'),
                                        str(tmp_path / 'iter_4.pth.part')]
    assert not (tmp_path / 'iter_4.pth').exists()  # never renamed into place
    assert (tmp_path / 'last_checkpoint').read_text() == str(tmp_path / 'iter_2.pth')
    assert load_checkpoint_safely(str(tmp_path / 'iter_2.pth'))['meta']['iter'] == 2
    assert find_resumable_checkpoint(str(tmp_path)) == str(tmp_path / 'iter_2.pth')

    # after freeing space: resume from iter_2; the partial file goes
    hook = AtomicCheckpointHook(interval=2, by_epoch=False, max_keep_ckpts=1)
    runner = toy_runner(tmp_path, hook, max_iters=6, resume=True,
                        load_from=find_resumable_checkpoint(str(tmp_path)))
    runner.train()
    assert runner.iter == 6
    assert sorted(path.name for path in tmp_path.glob('*.pth*')) == ['iter_6.pth']
    assert (tmp_path / 'last_checkpoint').read_text() == str(tmp_path / 'iter_6.pth')


def test_mmengine_hook_loses_the_run_under_the_same_fault(tmp_path, disk_full_on_second_save):
    """What AtomicCheckpointHook fixes (issue 16): mmengine removes iter_2 before writing."""
    hook = CheckpointHook(interval=2, by_epoch=False, max_keep_ckpts=1)
    with pytest.raises(OSError):
        toy_runner(tmp_path, hook, max_iters=6).train()
    assert not (tmp_path / 'iter_2.pth').exists()
    with pytest.raises(IncompleteCheckpointError, match=r'iter_4\.pth is truncated'):
        load_checkpoint_safely(str(tmp_path / 'iter_4.pth'))
    assert find_resumable_checkpoint(str(tmp_path)) is None


def test_older_checkpoints_removed_only_after_the_new_one(tmp_path):
    hook = AtomicCheckpointHook(interval=1, max_keep_ckpts=2)
    runner = toy_runner(tmp_path, hook, max_epochs=3)
    runner.train()
    assert sorted(path.name for path in tmp_path.glob('*.pth*')) == ['epoch_2.pth', 'epoch_3.pth']
    assert load_checkpoint_safely(str(tmp_path / 'epoch_3.pth'))['message_hub'][
        'runtime_info']['keep_ckpt_ids'] == [2, 3]
