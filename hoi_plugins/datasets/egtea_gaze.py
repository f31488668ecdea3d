"""EGTEA Gaze+ action clips with their gaze, in the layout of the Gaze-Attention code.

Layout under ``data_root`` (see ``tools/data/egtea/README.md``)::

    train_split1.txt test_split1.txt ...   <clip> <action> <verb> <noun>  (1-based ids)
    images_rgb/<clip>/0001.jpg ...         frames of the clip
    images_flow/<clip>/{u,v}/0001.jpg ...  TV-L1 flow of the clip (two-stream configs)
    gaze_data/<video>.txt                  the raw EGTEA gaze file of the video (BeGaze export)
    cropped_clips/<video>/<clip>.mp4       the released clip videos (``data_prefix.video``,
                                           instead of ``images_rgb``)

A clip name ends with ``-F<start>-F<end>`` (video frame numbers) and starts with the video name
(``P21-R04-ContinentalBreakfast-291175-294945-F006979-F007088`` is in video
``P21-R04-ContinentalBreakfast``); frame ``i`` of the clip (1-based) is video frame
``start + i - 1``. As in the official loader a clip has ``end - start`` frames.

Frame ``i`` of the clip is file ``{i:04d}.jpg`` of the frame folder, as
``tools/data/egtea/extract_frames.py`` writes the decoded frame ``i - 1`` of the clip video: the
frame-folder items number frames from 1 (``start_index=1``, for ``RawFrameDecode``), the video
items from 0 (``start_index=0``, for mmaction2's ``DecordDecode`` / ``OpenCVDecode``), and both
give gaze row ``frame_inds - start_index`` to the sampled frame.
"""
import os.path as osp
from typing import Callable, Dict, List, Optional, Sequence, Union

import numpy as np
from mmaction.datasets import BaseActionDataset
from mmengine.fileio import get_local_path

from hoi_plugins.formats.egtea_gaze import GAZE_TYPE_IDS, parse_begaze_file, parse_clip_name
from hoi_plugins.registry import DATASETS


@DATASETS.register_module()
class EGTEAGazeDataset(BaseActionDataset):
    """EGTEA Gaze+ action recognition with per-frame gaze (Gaze-Attention layout).

    Each item gives ``frame_dir`` / ``flow_dir`` (for ``RawFrameDecode`` and ``LoadFlowFrames``)
    or, with ``data_prefix.video``, ``filename`` (the clip video, for mmaction2's
    ``DecordInit`` / ``OpenCVInit``, put after the frame sampler so that it samples the
    annotated ``end - start`` frames, as from a frame folder), ``total_frames``, ``label``
    (0-based action), ``verb``/``noun`` (0-based) and ``gaze`` ([total_frames, 3]: normalised
    x, y and the gaze type of every clip frame; frames the gaze file does not cover are
    ``untracked``). ``LoadGazeForFrames`` picks the sampled frames.

    Args:
        ann_file (str): split file, e.g. ``data/egtea/train_split1.txt``.
        pipeline (list[dict | callable]): processing pipeline.
        data_prefix (dict): ``img`` (RGB frames root) or ``video`` (clip videos root),
            ``flow`` (flow root, optional) and ``gaze`` (gaze files root, optional; without it
            every frame is untracked). Defaults to
            ``dict(img='images_rgb', flow='images_flow', gaze='gaze_data')``.
        filename_tmpl (str): frame file name template. Defaults to '{:04d}.jpg'.
        video_tmpl (str): clip video path under ``data_prefix.video``, formatted with
            ``video`` and ``clip``. Defaults to '{video}/{clip}.mp4' (``cropped_clips``).
        gaze_resolution (tuple[int, int]): (height, width) of the raw gaze coordinates.
            Defaults to (960, 1280).
        num_classes (int): number of actions. Defaults to 106.
        test_mode (bool): test split. Defaults to False.
        **kwargs: other arguments of mmaction2's ``BaseActionDataset`` (``start_index`` is 1
            for frame folders, 0 for videos).
    """

    def __init__(self, ann_file: str, pipeline: List[Union[dict, Callable]],
                 data_prefix: Optional[dict] = None, filename_tmpl: str = '{:04d}.jpg',
                 video_tmpl: str = '{video}/{clip}.mp4',
                 gaze_resolution: Sequence[int] = (960, 1280), num_classes: int = 106,
                 test_mode: bool = False, **kwargs) -> None:
        self.filename_tmpl = filename_tmpl
        self.video_tmpl = video_tmpl
        self.gaze_resolution = tuple(gaze_resolution)
        self._gaze_cache: Dict[str, np.ndarray] = {}
        data_prefix = data_prefix or dict(img='images_rgb', flow='images_flow', gaze='gaze_data')
        super().__init__(ann_file, pipeline=pipeline, data_prefix=data_prefix,
                         test_mode=test_mode, num_classes=num_classes,
                         start_index=0 if 'video' in data_prefix else 1, **kwargs)

    def load_data_list(self) -> List[dict]:
        """One entry per line of the split file; bad lines fail with file, line and field."""
        data_list = []
        with get_local_path(self.ann_file) as local_path, open(local_path) as file:
            lines = file.read().splitlines()
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            source = f'{self.ann_file}: line {line_no}'
            fields = line.split()
            if len(fields) != 4:
                raise ValueError(f'{source}: expected "<clip> <action> <verb> <noun>", got '
                                 f'{len(fields)} fields')
            clip = fields[0]
            try:
                action, verb, noun = (int(value) - 1 for value in fields[1:])
            except ValueError:
                raise ValueError(f'{source}: field action/verb/noun: not integers: {fields[1:]}')
            if not 0 <= action < self.num_classes:
                raise ValueError(f'{source}: field action: {action + 1} is outside '
                                 f'1..{self.num_classes}')
            video, start, end = parse_clip_name(clip, source)
            item = dict(clip=clip, video=video, video_start_frame=start,
                        total_frames=end - start, label=action, verb=verb, noun=noun,
                        filename_tmpl=self.filename_tmpl,
                        flow_dir=osp.join(self.data_prefix.get('flow', ''), clip))
            if 'video' in self.data_prefix:
                item['filename'] = osp.join(self.data_prefix['video'],
                                            self.video_tmpl.format(video=video, clip=clip))
            else:
                item['frame_dir'] = osp.join(self.data_prefix.get('img', ''), clip)
            data_list.append(item)
        return data_list

    def video_gaze(self, video: str) -> np.ndarray:
        """Gaze rows of a whole video (parsed once, then cached)."""
        if video not in self._gaze_cache:
            path = osp.join(self.data_prefix['gaze'], f'{video}.txt')
            if not osp.isfile(path):
                raise FileNotFoundError(f'{self.ann_file}: gaze file of video "{video}" not '
                                        f'found: {path}')
            self._gaze_cache[video] = parse_begaze_file(path, self.gaze_resolution)
        return self._gaze_cache[video]

    def clip_gaze(self, info: dict) -> np.ndarray:
        """[total_frames, 3] gaze rows of a clip; frames past the gaze file are untracked."""
        gaze = np.full((info['total_frames'], 3), np.nan, dtype=np.float32)
        gaze[:, 2] = GAZE_TYPE_IDS['untracked']
        if self.data_prefix.get('gaze'):
            rows = self.video_gaze(info['video'])
            first = info['video_start_frame']
            covered = rows[first:first + info['total_frames']]
            gaze[:len(covered)] = covered
        return gaze

    def get_data_info(self, idx: int) -> dict:
        """The entry of ``idx`` with its ``gaze`` rows and the mmaction2 keys."""
        info = super().get_data_info(idx)
        info['gaze'] = self.clip_gaze(info)
        info['gaze_source'] = info['clip']
        return info
