"""Checkpoints that a kill or a full disk can not leave half-written."""
import glob
import os
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend
from mmengine.hooks import CheckpointHook

from hoi_plugins.registry import HOOKS

PARTIAL_SUFFIX = '.part'


def replace_text_file(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so ``path`` is never half-written."""
    partial = path + PARTIAL_SUFFIX
    with open(partial, 'w') as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """mmengine's ``CheckpointHook`` with saves that are complete or absent.

    Each checkpoint is written to ``<name>.part`` and renamed to ``<name>`` only once written
    and flushed; ``last_checkpoint`` is then replaced (also through a temporary file), and only
    after that are the checkpoints beyond ``max_keep_ckpts`` removed. A run killed or out of disk
    space while saving keeps its previous checkpoint and a ``last_checkpoint`` that names it;
    left-over ``.part`` files are removed when the next run starts. Takes the arguments of
    ``CheckpointHook``. Folders on other storage backends (``out_dir='s3://...'``) are saved as
    ``CheckpointHook`` does.
    """

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if self.atomic and is_main_process():
            for partial in glob.glob(osp.join(glob.escape(self.out_dir), '*' + PARTIAL_SUFFIX)):
                runner.logger.warning(f'Removing {partial}, left by an interrupted save')
                os.remove(partial)

    @property
    def atomic(self) -> bool:
        """Whether the checkpoints go to a local folder, where renaming is atomic."""
        return isinstance(self.file_backend, LocalBackend)

    def _save_checkpoint_with_step(self, runner, step: int, meta: dict) -> None:
        if not self.atomic:
            return super()._save_checkpoint_with_step(runner, step, meta)
        outdated = None
        # as CheckpointHook: the ids saved in this checkpoint are those kept after this save
        if self.max_keep_ckpts > 0 and not (self.keep_ckpt_ids
                                            and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                outdated = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids', list(self.keep_ckpt_ids))

        ckpt_filename = self.filename_tmpl.format(step)
        self.last_ckpt = osp.join(self.out_dir, ckpt_filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        runner.save_checkpoint(
            self.out_dir, ckpt_filename + PARTIAL_SUFFIX, self.file_client_args,
            save_optimizer=self.save_optimizer, save_param_scheduler=self.save_param_scheduler,
            meta=meta, by_epoch=self.by_epoch, backend_args=self.backend_args, **self.args)
        if not is_main_process():
            return
        with open(self.last_ckpt + PARTIAL_SUFFIX, 'rb+') as file:
            os.fsync(file.fileno())
        os.replace(self.last_ckpt + PARTIAL_SUFFIX, self.last_ckpt)
        replace_text_file(osp.join(runner.work_dir, 'last_checkpoint'), self.last_ckpt)
        if outdated is not None:
            outdated_path = osp.join(self.out_dir, self.filename_tmpl.format(outdated))
            if osp.isfile(outdated_path):
                os.remove(outdated_path)
