"""OPRA (Online Product Review Actions) for Interaction Hotspots: clips and annotated images.

Reads the ``annotations.json`` of the official Interaction Hotspots data release::

    {"verbs": [7 names], "nouns": [...],
     "train_clips" / "test_clips": [{"clip": [channel, playlist, product, start, end],
                                     "nframes": int, "verb": int, "noun": int,
                                     "image": [channel, playlist, product, image file]}, ...],
     "train_images" / "test_images": [{"image": [...], "verb": int, "shape": [H, W],
                                       "points": [[x, y], ...]}, ...]}

with frames at ``data_root/data/frames/<c>/<p>/<product>/<start>_<end>.mp4/image-%08d.jpg``
(5 fps, ``tools/data/opra/extract_frames.py``) and product images at
``data_root/data/images/<image parts>``.
"""
import json
import os.path as osp
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

import numpy as np
from mmengine.dataset import BaseDataset
from mmengine.logging import MMLogger

from hoi_plugins.formats.hotspots_heatmaps import heatmap_key, last_entry_per_key
from hoi_plugins.registry import DATASETS

MODES = ('clips', 'heatmaps')


@DATASETS.register_module()
class OPRADataset(BaseDataset):
    """OPRA clips (``mode='clips'``, training) or inactive images with heatmaps (``'heatmaps'``).

    A clip item gives ``frame_dir``, ``start_index``, ``frame_interval`` and ``total_frames`` (the
    frames at the dataset's rate), ``label`` (verb), ``inactive_path`` (the product's image) and,
    drawn afresh at each fetch, ``negative_path`` (an image of another product). An image item
    gives ``img_path``, ``label``, ``points`` and ``shape`` (for ``PointsToHeatmap``) and ``key``
    (``<image parts>/<verb>``, the key of the evaluation files); an (image, verb) annotated
    more than once is one item, its last entry at the place of its first (the official heatmap
    lookup keeps the last entry and the evaluator scores one map per key), and the number
    merged is logged.

    Args:
        ann_file (str): the ``annotations.json``.
        pipeline (list): transforms.
        data_root (str): dataset root holding ``data/frames`` and ``data/images``.
            Defaults to ''.
        mode (str): ``'clips'`` or ``'heatmaps'``. Defaults to ``'clips'``.
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        num_classes (int, optional): the model's number of verbs; when given, it must equal the
            number of ``verbs`` in ``ann_file``. Defaults to None (no check).
        test_mode (bool): mmengine's test mode flag. Defaults to False.
        **base_kwargs: other ``BaseDataset`` arguments (``indices``, ``lazy_init``...).
    """
    frame_tmpl = 'image-{:08d}.jpg'
    transpose_heatmaps = False

    def __init__(self, ann_file: str, pipeline: List[Union[dict, Callable]],
                 data_root: str = '', mode: str = 'clips', split: str = 'train',
                 num_classes: Optional[int] = None, test_mode: bool = False,
                 **base_kwargs: Any) -> None:
        if mode not in MODES:
            raise ValueError(f'mode must be one of {MODES}, got "{mode}"')
        if split not in ('train', 'test'):
            raise ValueError(f'split must be "train" or "test", got "{split}"')
        self.mode = mode
        self.split = split
        self.num_classes = num_classes
        super().__init__(ann_file=ann_file, pipeline=pipeline, data_root=data_root,
                         test_mode=test_mode, **base_kwargs)

    # ----------------------------------------------------------------- reading
    def _read_annotations(self) -> Dict[str, Any]:
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'{self.ann_file}: annotation file not found')
        with open(self.ann_file) as f:
            annotations = json.load(f)
        section = f'{self.split}_{"clips" if self.mode == "clips" else "images"}'
        for field in ('verbs', section):
            if field not in annotations:
                raise KeyError(f'{self.ann_file}: missing field "{field}"')
        self._metainfo['classes'] = tuple(annotations['verbs'])
        if self.num_classes is not None and self.num_classes != len(annotations['verbs']):
            raise ValueError(f'{self.ann_file}: {len(annotations["verbs"])} verbs, but the config '
                             f'says num_classes={self.num_classes}; set num_classes = '
                             f'{len(annotations["verbs"])}')
        return annotations

    def _require(self, entry: dict, index: int, section: str, fields: Sequence[str]) -> None:
        for field in fields:
            if field not in entry:
                raise KeyError(f'{self.ann_file}: {section}[{index}] has no field "{field}"')
        verb = entry['verb']
        if not 0 <= int(verb) < len(self._metainfo['classes']):
            raise ValueError(f'{self.ann_file}: {section}[{index}] field "verb" = {verb} is '
                             f'outside the {len(self._metainfo["classes"])} verbs')

    def load_data_list(self) -> List[dict]:
        annotations = self._read_annotations()
        section = f'{self.split}_{"clips" if self.mode == "clips" else "images"}'
        entries = annotations[section]
        if self.mode == 'clips':
            return [self.parse_clip(entry, i, section, annotations)
                    for i, entry in enumerate(entries)]
        items = [self.parse_image(entry, i, section) for i, entry in enumerate(entries)]
        kept, merged = last_entry_per_key([item['key'] for item in items])
        if merged:
            MMLogger.get_current_instance().info(
                f'{self.ann_file}: {merged} of the {len(items)} {section} entries repeat an '
                f'(image, verb) pair; kept the last entry of each ({len(kept)} heatmaps), as '
                'the official heatmap lookup')
        return [items[i] for i in kept]

    def parse_clip(self, entry: dict, index: int, section: str,
                   annotations: dict) -> dict:
        """One clip item; see the class docstring."""
        self._require(entry, index, section, ('clip', 'nframes', 'verb', 'image'))
        if int(entry['nframes']) < 1:
            raise ValueError(f'{self.ann_file}: {section}[{index}] field "nframes" is '
                             f'{entry["nframes"]}: the clip has no frames')
        channel, playlist, product, start, end = entry['clip']
        frame_dir = osp.join(self.data_root, 'data', 'frames', str(channel), str(playlist),
                             str(product), f'{start}_{end}.mp4')
        return dict(frame_dir=frame_dir, filename_tmpl=self.frame_tmpl, modality='RGB',
                    start_index=1, frame_interval=1, total_frames=int(entry['nframes']),
                    label=int(entry['verb']), inactive_path=self.image_path(entry['image']),
                    object_id='/'.join(map(str, entry['image'][:3])),
                    key=f'{section}[{index}]:{"/".join(map(str, entry["clip"]))}')

    def parse_image(self, entry: dict, index: int, section: str) -> dict:
        """One annotated image item; see the class docstring."""
        self._require(entry, index, section, ('image', 'verb', 'points', 'shape'))
        return dict(img_path=self.image_path(entry['image']), label=int(entry['verb']),
                    points=np.asarray(entry['points'], dtype=np.float64).reshape(-1, 2),
                    shape=tuple(int(s) for s in entry['shape']),
                    transpose_heatmap=self.transpose_heatmaps,
                    key=heatmap_key(entry['image'], entry['verb']))

    def image_path(self, parts: Sequence[str]) -> str:
        """Path of a product image from its ``image`` parts."""
        return osp.join(self.data_root, 'data', 'images', *map(str, parts))

    # ----------------------------------------------------------------- fetching
    def negative_info(self, info: dict) -> Dict[str, Any]:
        """An inactive image of another object, drawn at random (the triplet's negative)."""
        if not hasattr(self, '_object_ids'):
            self._object_ids = np.array(
                [self.get_data_info(i)['object_id'] for i in range(len(self))])
        others = np.flatnonzero(self._object_ids != info['object_id'])
        if len(others) == 0:
            return dict(negative_path=info['inactive_path'])
        choice = int(others[np.random.randint(len(others))])
        return dict(negative_path=self.get_data_info(choice)['inactive_path'])

    def prepare_data(self, idx: int) -> Optional[dict]:
        """Run the pipeline; a failure names the annotation file and the item."""
        info = self.get_data_info(idx)
        if self.mode == 'clips':
            info.update(self.negative_info(info))
        try:
            return self.pipeline(info)
        except (FileNotFoundError, OSError, ValueError) as error:
            raise type(error)(f'{self.ann_file}: item {idx} ("{info["key"]}"): {error}') \
                from error
