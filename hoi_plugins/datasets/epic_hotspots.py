"""EPIC-Kitchens clips and inactive object crops for Interaction Hotspots.

Reads the ``annotations.json`` of the official data release (EPIC part)::

    {"verbs": [...], "nouns": [...],
     "train_clips" / "test_clips": [{"v_id": "P01_01", "start": int, "stop": int,
                                     "verb": int, "noun": int}, ...],
     "inactive_images": {noun name: [{"v_id", "f_id", "box": [x1, y1, x2, y2]}, ...]},
     "train_images" / "test_images": [{"image": [file name], "verb": int, "shape": [H, W],
                                       "points": [[x, y], ...]}, ...]}

Frames: ``data_root/frames_rgb_flow/rgb/train/<P01>/<P01_01>/frame_%010d.jpg`` (EPIC-Kitchens
2018 release), every 10th frame; object-detection frames:
``data_root/object_detection_images/train/<P01>/<P01_01>/%010d.jpg``; annotated crops:
``data_root/images/<file name>``. Heatmaps are transposed after they are drawn, as the official
EPIC reader does.
"""
import os.path as osp
from typing import Any, Dict, Sequence

import numpy as np

from hoi_plugins.datasets.opra import OPRADataset
from hoi_plugins.registry import DATASETS


@DATASETS.register_module()
class EPICHotspotsDataset(OPRADataset):
    """EPIC-Kitchens clips (``mode='clips'``) or annotated object crops (``'heatmaps'``).

    Clip items are read like OPRA's but at every ``sample_rate``-th frame; their inactive image
    (and the triplet's negative) are crops of a random detection of the clip's noun (of a
    random noun), cropped at fetch time by ``LoadInactiveImages`` from ``inactive_box``.

    Args:
        sample_rate (int): keep every this many frames (10: 6 fps of 60 fps). Defaults to 10.
        **kwargs: ``OPRADataset`` arguments.
    """
    frame_tmpl = 'frame_{:010d}.jpg'
    transpose_heatmaps = True

    def __init__(self, sample_rate: int = 10, **kwargs: Any) -> None:
        self.sample_rate = sample_rate
        super().__init__(**kwargs)

    def parse_clip(self, entry: dict, index: int, section: str, annotations: dict) -> dict:
        self._require(entry, index, section, ('v_id', 'start', 'stop', 'verb', 'noun'))
        for field in ('nouns', 'inactive_images'):
            if field not in annotations:
                raise KeyError(f'{self.ann_file}: missing field "{field}"')
        self.inactive_images = annotations['inactive_images']
        num_frames = len(range(int(entry['start']), int(entry['stop']) + 1, self.sample_rate))
        if num_frames < 1:
            raise ValueError(f'{self.ann_file}: {section}[{index}] fields "start"/"stop" = '
                             f'{entry["start"]}/{entry["stop"]}: the clip has no frames')
        noun = annotations['nouns'][int(entry['noun'])]
        if not self.inactive_images.get(noun):
            raise KeyError(f'{self.ann_file}: {section}[{index}]: no "inactive_images" of noun '
                           f'"{noun}"')
        v_id = str(entry['v_id'])
        return dict(frame_dir=osp.join(self.data_root, 'frames_rgb_flow', 'rgb', 'train',
                                       v_id.split('_')[0], v_id),
                    filename_tmpl=self.frame_tmpl, modality='RGB',
                    start_index=int(entry['start']), frame_interval=self.sample_rate,
                    total_frames=num_frames, label=int(entry['verb']), object_id=noun,
                    key=f'{section}[{index}]:{v_id}/{entry["start"]}-{entry["stop"]}')

    def image_path(self, parts: Sequence[str]) -> str:
        return osp.join(self.data_root, 'images', str(parts[0]))

    def detection_crop(self, noun: str) -> Dict[str, Any]:
        """Path and box of a random detection of ``noun``."""
        candidates = self.inactive_images[noun]
        detection = candidates[np.random.randint(len(candidates))]
        v_id = str(detection['v_id'])
        path = osp.join(self.data_root, 'object_detection_images', 'train', v_id.split('_')[0],
                        v_id, f'{int(detection["f_id"]):010d}.jpg')
        return dict(path=path, box=list(detection['box']))

    def negative_info(self, info: dict) -> Dict[str, Any]:
        """The clip's inactive crop (its noun) and a negative crop (a random noun)."""
        positive = self.detection_crop(info['object_id'])
        nouns = list(self.inactive_images)
        negative = self.detection_crop(nouns[np.random.randint(len(nouns))])
        return dict(inactive_path=positive['path'], inactive_box=positive['box'],
                    negative_path=negative['path'], negative_box=negative['box'])
