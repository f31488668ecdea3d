"""RGB frames + 2D skeletons of Kinetics(50/400), Mimetics and NTU RGB+D for IntegralAction."""
import json
import os.path as osp
import pickle
import warnings
from typing import Callable, Dict, List, Optional, Tuple, Union

import cv2
import numpy as np
from mmaction.datasets import BaseActionDataset
from PIL import Image

from hoi_plugins.registry import DATASETS

from .label_checks import check_labels

SKELETON_FORMATS = ('pickle', 'kinetics_skeleton', 'mimetics')


def video_frame_size(path: str) -> Optional[Tuple[int, int]]:
    """``(height, width)`` of a video's frames from its header, None when unreadable."""
    capture = cv2.VideoCapture(path)
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    capture.release()
    return (height, width) if height and width else None


def image_size(path: str) -> Optional[Tuple[int, int]]:
    """``(height, width)`` of an image file from its header, None when there is no file."""
    if not osp.isfile(path):
        return None
    with Image.open(path) as image:
        width, height = image.size
    return height, width


@DATASETS.register_module()
class PoseRGBDataset(BaseActionDataset):
    """Videos as frame folders (or video files) plus per-frame 2D keypoints, in two annotation
    formats.

    - ``skeleton_format='pickle'``: mmaction2's skeleton pickle, ``dict(split=dict(name=
      [frame_dir, ...]), annotations=[dict(frame_dir, total_frames, img_shape, label,
      keypoint (M, T, V, 2), keypoint_score (M, T, V)), ...])`` (also what mmpose-based
      extraction writes; ``keypoint`` ``(M, T, V, 3)`` carries the scores in its last channel).
      ``img_shape`` is the size the keypoint pixels refer to.
    Keypoints are brought to the size of the stored frames (read from the first frame's
    header; the official frames are resized copies of the videos).
    - ``'kinetics_skeleton'`` / ``'mimetics'``: the official COCO-style JSON (``images`` with
      ``seq_name``, ``file_name``, ``height``, ``width``, ``frame_num``; ``annotations`` with
      ``image_id``, ``action_label``) and one skeleton file per video: a Kinetics-skeleton
      JSON (official: ``frame_dir_tmpl='{seq_name}/{file_name}'``,
      ``skeleton_tmpl='{video_name}.json'``, ``strip_name_fields=2`` for the training split)
      or a Mimetics pose result (``skeleton_tmpl='{seq_name}/{file_name}/data.json'``). The
      skeleton files are read by ``LoadSkeletonFrames`` after the clip sampling, for the
      sampled frames only. Videos whose ``label_file`` entry says ``has_skeleton: false`` are
      dropped (official data/Kinetics/Kinetics.py L47-49); so are videos whose skeleton file
      does not exist (with a warning; the official loader would fail on them).

    Video files instead of frame folders (``data_prefix.video``): an item's ``filename`` is
    ``<video root>/<frame_dir><video_suffix>`` (``frame_dir`` relative, as above), read by
    mmaction2's ``DecordInit`` / ``OpenCVInit`` + ``DecordDecode`` / ``OpenCVDecode`` put after
    the clip sampler (which samples the annotated ``total_frames``, the skeleton's length).
    Video frames are numbered from 0 (``start_index`` 0), frame files from 1: video frame ``k``
    and file ``k + 1`` (the decoded frame ``k``, as ``tools/data/kinetics/extract_frames.py``
    writes it) both get skeleton frame ``k``. Keypoints are brought to the video's frame size.

    Bad input: videos with ``total_frames <= min_frames`` are dropped (the official filter is
    ``(clip_len - 1) * frame_interval``; with ``min_frames=0`` short clips are kept and the
    sampler repeats their last frame); frames without people have score 0 (empty maps); a
    missing ``keypoint_score`` (pickle) or ``score`` (Kinetics-skeleton) is an error naming
    the file, item and field (for the pickle, ``missing_score='one'`` trusts every keypoint
    instead); keypoint arrays whose length differs from ``total_frames`` are rejected.

    Args:
        ann_file (str): the pickle or the COCO-style JSON.
        pipeline (list[dict | callable]): the data pipeline.
        data_prefix (dict): ``img`` (root of the frame folders) or ``video`` (root of the
            video files) and ``skeleton`` (root of the skeleton files, JSON formats).
            Defaults to ``dict(img='', skeleton='')``.
        skeleton_format (str): 'pickle', 'kinetics_skeleton' or 'mimetics'.
            Defaults to 'pickle'.
        split (str, optional): pickle split to use (all annotations when None).
            Defaults to None.
        frame_dir_tmpl (str): frame folder of a JSON image entry, formatted with its fields.
            Defaults to '{seq_name}'.
        skeleton_tmpl (str): skeleton file of a JSON image entry, formatted with its fields
            and ``video_name``. Defaults to '{seq_name}.json'.
        strip_name_fields (int): ``video_name`` is ``file_name`` without its last
            ``strip_name_fields`` ``_``-separated fields (2 for the official Kinetics training
            names ``<id>_<start>_<end>``, Kinetics.py L44-46). Defaults to 0.
        label_file (str, optional): the Kinetics-skeleton ``kinetics_<split>_label.json``
            (``{video_name: {"has_skeleton": bool, ...}}``); videos marked without skeleton
            are dropped. Defaults to None (keep all).
        skeleton_frame_index_base (int): the Kinetics-skeleton ``frame_index`` taken as
            frame 0: 1 is the correct mapping, 0 the official one (each RGB frame gets the
            previous frame's skeleton, see ``load_kinetics_skeleton``). Defaults to 1.
        filename_tmpl (str): frame file name template. Defaults to '{:06}.jpg'.
        video_suffix (str): appended to ``frame_dir`` to name a video file.
            Defaults to '.mp4'.
        start_index (int, optional): number of the first frame. Defaults to None: 1 (the
            first frame file) for frame folders, 0 for video files.
        min_frames (int): drop videos with at most this many frames. Defaults to 56.
        missing_score (str): pickle annotations without ``keypoint_score``: 'error' or 'one'
            (score 1 for every joint). Defaults to 'error'.
        test_mode (bool): test split. Defaults to False.
        num_classes (int, optional): labels must lie in ``[0, num_classes)``, checked when the
            annotation file is read. Defaults to None (only negative labels are refused).
    """

    def __init__(self, ann_file: str, pipeline: List[Union[Dict, Callable]],
                 data_prefix: Dict = dict(img='', skeleton=''),
                 skeleton_format: str = 'pickle', split: Optional[str] = None,
                 frame_dir_tmpl: str = '{seq_name}', skeleton_tmpl: str = '{seq_name}.json',
                 strip_name_fields: int = 0, label_file: Optional[str] = None,
                 skeleton_frame_index_base: int = 1, filename_tmpl: str = '{:06}.jpg',
                 video_suffix: str = '.mp4', start_index: Optional[int] = None,
                 min_frames: int = 56, missing_score: str = 'error',
                 test_mode: bool = False, num_classes: Optional[int] = None) -> None:
        if skeleton_format not in SKELETON_FORMATS:
            raise ValueError(f'skeleton_format must be one of {SKELETON_FORMATS}, '
                             f'got {skeleton_format!r}')
        if missing_score not in ('error', 'one'):
            raise ValueError(f"missing_score must be 'error' or 'one', got {missing_score!r}")
        self.skeleton_format = skeleton_format
        self.split = split
        self.frame_dir_tmpl = frame_dir_tmpl
        self.skeleton_tmpl = skeleton_tmpl
        self.strip_name_fields = strip_name_fields
        self.label_file = label_file
        self.skeleton_frame_index_base = skeleton_frame_index_base
        self.filename_tmpl = filename_tmpl
        self.video_suffix = video_suffix
        self.from_videos = 'video' in data_prefix
        if start_index is None:
            start_index = 0 if self.from_videos else 1
        self.min_frames = min_frames
        self.missing_score = missing_score
        super().__init__(ann_file, pipeline=pipeline, data_prefix=data_prefix,
                         test_mode=test_mode, start_index=start_index, modality='RGB',
                         num_classes=num_classes)

    def load_data_list(self) -> List[Dict]:
        """Read the annotation file into one dict per video (skeletons of JSON formats are
        read later, in :meth:`get_data_info`)."""
        if self.skeleton_format == 'pickle':
            data_list = self._load_pickle()
        else:
            data_list = self._load_coco_json()
        check_labels(data_list, self.num_classes, self.ann_file,
                     lambda index: f'video {data_list[index]["frame_dir"]}')
        kept = [info for info in data_list if info['total_frames'] > self.min_frames]
        if not kept:
            raise ValueError(f'{self.ann_file}: none of its {len(data_list)} videos has more '
                             f'than {self.min_frames} frames (min_frames) and a skeleton')
        if len(kept) < len(data_list):
            warnings.warn(f'{self.ann_file}: dropped {len(data_list) - len(kept)} videos '
                          f'with <= {self.min_frames} frames (min_frames)')
        return kept

    def _load_pickle(self) -> List[Dict]:
        with open(self.ann_file, 'rb') as f:
            content = pickle.load(f)
        annotations = content['annotations'] if isinstance(content, dict) else content
        if self.split is not None:
            names = set(content['split'][self.split])
            annotations = [a for a in annotations if a['frame_dir'] in names]
        data_list = []
        for index, ann in enumerate(annotations):
            info = dict(ann)
            for field in ('frame_dir', 'label', 'keypoint'):
                if field not in info:
                    raise KeyError(f'{self.ann_file}: annotation {index} has no "{field}"')
            info.update(self._checked_scores(info, f'annotation {index} '
                                             f'({info["frame_dir"]})'))
            info.setdefault('total_frames', info['keypoint'].shape[1])
            if 'img_shape' not in info:
                raise KeyError(f'{self.ann_file}: annotation {index} ({info["frame_dir"]}) '
                               'has no "img_shape" (the size the keypoints refer to)')
            info.update(self._media_paths(info['frame_dir']))
            data_list.append(info)
        return data_list

    def _media_paths(self, frame_dir: str) -> Dict:
        """``frame_dir`` (under ``data_prefix.img``) and ``filename_tmpl``, plus ``filename``
        (under ``data_prefix.video``) for video files."""
        paths = dict(frame_dir=osp.join(self.data_prefix.get('img', ''), frame_dir),
                     filename_tmpl=self.filename_tmpl)
        if self.from_videos:
            paths['filename'] = osp.join(self.data_prefix['video'],
                                         frame_dir + self.video_suffix)
        return paths

    def _checked_scores(self, info: Dict, where: str) -> Dict:
        """``keypoint`` ``(M, T, V, 2)`` and ``keypoint_score`` ``(M, T, V)``, checked."""
        keypoint = np.asarray(info['keypoint'], dtype=np.float32)
        score = info.get('keypoint_score')
        if keypoint.ndim != 4 or keypoint.shape[-1] not in (2, 3):
            raise ValueError(f'{self.ann_file}: {where}: "keypoint" has shape '
                             f'{keypoint.shape}, expected (M, T, V, 2) or (M, T, V, 3)')
        if score is None and keypoint.shape[-1] == 3:
            score = keypoint[..., 2]
        elif score is None and self.missing_score == 'one':
            score = np.ones(keypoint.shape[:3], dtype=np.float32)
        elif score is None:
            raise KeyError(f'{self.ann_file}: {where} has no "keypoint_score" (set '
                           "missing_score='one' to trust every keypoint)")
        score = np.asarray(score, dtype=np.float32)
        if score.shape != keypoint.shape[:3]:
            raise ValueError(f'{self.ann_file}: {where}: "keypoint_score" has shape '
                             f'{score.shape}, "keypoint" {keypoint.shape}')
        total = info.get('total_frames', keypoint.shape[1])
        if keypoint.shape[1] != total:
            raise ValueError(f'{self.ann_file}: {where}: "keypoint" has {keypoint.shape[1]} '
                             f'frames but total_frames is {total}')
        return dict(keypoint=keypoint[..., :2], keypoint_score=score)

    def _videos_without_skeleton(self) -> set:
        """Names marked ``has_skeleton: false`` in ``label_file``."""
        if self.label_file is None:
            return set()
        with open(self.label_file) as f:
            labels = json.load(f)
        return {name for name, entry in labels.items() if entry.get('has_skeleton') is False}

    def _video_name(self, img: Dict) -> str:
        """``file_name`` without its last ``strip_name_fields`` ``_`` fields."""
        name = str(img.get('file_name', img['seq_name']))
        if self.strip_name_fields:
            fields = name.split('_')
            if len(fields) <= self.strip_name_fields:
                raise ValueError(f'{self.ann_file}: image {img["id"]}: file_name {name!r} has '
                                 f'fewer than {self.strip_name_fields + 1} "_" fields '
                                 '(strip_name_fields)')
            name = '_'.join(fields[:-self.strip_name_fields])
        return name

    def _load_coco_json(self) -> List[Dict]:
        with open(self.ann_file) as f:
            content = json.load(f)
        images = {img['id']: img for img in content['images']}
        without_skeleton = self._videos_without_skeleton()
        data_list = []
        missing = unmarked = 0
        for ann in content['annotations']:
            img = images[ann['image_id']]
            for field in ('seq_name', 'frame_num', 'height', 'width'):
                if field not in img:
                    raise KeyError(f'{self.ann_file}: image {img["id"]} has no "{field}"')
            video_name = self._video_name(img)
            if video_name in without_skeleton:
                unmarked += 1
                continue
            skeleton_path = osp.join(self.data_prefix['skeleton'],
                                     self.skeleton_tmpl.format(**img, video_name=video_name))
            if not osp.isfile(skeleton_path):
                missing += 1
                continue
            data_list.append(dict(
                **self._media_paths(self.frame_dir_tmpl.format(**img, video_name=video_name)),
                total_frames=int(img['frame_num']),
                original_shape=(int(img['height']), int(img['width'])),
                label=int(ann['action_label']),
                video_id=int(img['id']),
                skeleton_path=skeleton_path))
        if unmarked:
            warnings.warn(f'{self.ann_file}: dropped {unmarked} videos marked has_skeleton '
                          f'false in {self.label_file}')
        if missing:
            warnings.warn(f'{self.ann_file}: dropped {missing} videos without a skeleton file '
                          f'under {self.data_prefix["skeleton"]}')
        return data_list

    def _frame_shape(self, info: Dict) -> tuple:
        """``(h, w)`` of the stored frames (or video), or the annotated size when absent."""
        if self.from_videos:
            return video_frame_size(info['filename']) or info['original_shape']
        first = osp.join(info['frame_dir'], self.filename_tmpl.format(self.start_index))
        return image_size(first) or info['original_shape']

    def get_data_info(self, idx: int) -> Dict:
        """The video's dict with ``img_shape``, the size of the stored frames. Pickle
        keypoints are brought to that size here; the JSON formats name their skeleton file
        (``skeleton_path``, ``skeleton_format``), read by ``LoadSkeletonFrames``."""
        info = super().get_data_info(idx)
        if self.skeleton_format != 'pickle':
            info['skeleton_format'] = self.skeleton_format
            info['skeleton_frame_index_base'] = self.skeleton_frame_index_base
            info['img_shape'] = self._frame_shape(info)
            return info
        info['original_shape'] = tuple(info['img_shape'])
        height, width = self._frame_shape(info)
        orig_h, orig_w = info['original_shape']
        if (height, width) != (orig_h, orig_w):
            info['keypoint'] = info['keypoint'] * np.array(
                [width / orig_w, height / orig_h], dtype=np.float32)
        info['img_shape'] = (height, width)
        return info
