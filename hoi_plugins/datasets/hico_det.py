"""HICO-DET in the de-facto standard JSON format (PPDM/QPIC/CDN ``trainval_hico.json``)."""
import os.path as osp
from typing import List, Optional

import numpy as np
from mmengine.dataset import BaseDataset

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.formats.hico_det_json import load_json, parse_hico_det_annotations
from hoi_plugins.formats.detections import (attach_poses, load_detections,
                                             load_ican_negatives)
from hoi_plugins.registry import DATASETS


@DATASETS.register_module()
class HICODetDataset(BaseDataset):
    """HICO-DET images with annotated human-object pairs (format in ``hico_det_json.py``).

    Each data info holds the ground truth as arrays: ``gt_boxes`` ``[N, 4]``, ``gt_objects``
    ``[N]`` (HICO object index), ``gt_is_human``, ``gt_keypoints`` ``[N, 17, 3]`` (from the
    annotation's optional ``keypoints``), ``gt_has_pose``, ``gt_pairs`` ``[K, 3]`` (subject,
    object, HOI class). In test mode it also holds the detector input ``det_*`` (from
    ``det_file``, else the ground-truth instances with score 1).

    Training follows the official ``Get_Next_Instance_HO_Neg_HICO_pose_pattern_version2``: with
    ``pairs_per_sample`` = 5 an image with more annotated pairs becomes several samples of at most
    5 pairs each (``interval_divide``; ``gt_sample_pairs`` names them, in the order of their
    first annotation), and with ``neg_file`` every sample carries the image's negatives of the
    official negative pickle (``neg_*`` keys, read by ``SampleHOIPairs``).

    Args:
        ann_file (str): the annotation JSON.
        pipeline (list): transforms.
        data_prefix (dict): ``img`` folder of the images. Defaults to ``dict(img='')``.
        det_file (str, optional): detections (JSON or iCAN pickle, see
            ``hoi_plugins/formats/detections.py``) used in test mode. Defaults to None.
        pose_file (str, optional): poses JSON matched to detected humans. Defaults to None.
        neg_file (str, optional): the official negative pickle (``Trainval_Neg_HICO.pkl``)
            used in training. Defaults to None.
        pairs_per_sample (int, optional): annotated pairs per training sample; None for whole
            images. Defaults to None.
        test_mode (bool): Defaults to False. In training, images without pairs are dropped.
        **kwargs: the other arguments of ``mmengine.dataset.BaseDataset``.
    """

    METAINFO = dict(classes=tuple(hico_det_classes().hoi_name(i) for i in range(600)))

    def __init__(self, ann_file: str, pipeline: list, data_prefix: dict = dict(img=''),
                 det_file: Optional[str] = None, pose_file: Optional[str] = None,
                 neg_file: Optional[str] = None, pairs_per_sample: Optional[int] = None,
                 test_mode: bool = False, **kwargs) -> None:
        self.det_file = det_file
        self.pose_file = pose_file
        self.neg_file = neg_file
        self.pairs_per_sample = pairs_per_sample
        super().__init__(ann_file=ann_file, pipeline=pipeline, data_prefix=data_prefix,
                         test_mode=test_mode, **kwargs)

    def load_detector_input(self, file_names: List[str]) -> Optional[dict]:
        """Detections (+ poses) per file name in test mode with a ``det_file``, else None."""
        if not (self.test_mode and self.det_file):
            return None
        detections = load_detections(self.det_file, file_names)
        if self.pose_file:
            attach_poses(detections, self.pose_file)
        return detections

    def make_data_info(self, index: int, entry: dict, pairs: np.ndarray,
                       detections: Optional[dict]) -> dict:
        """The data info of one image: ground-truth arrays and, in test mode, detector input."""
        classes = hico_det_classes()
        coco_to_object = classes.coco_to_object()
        instances = entry.get('annotations', [])
        boxes = np.array([a['bbox'] for a in instances], np.float64).reshape(-1, 4)
        objects = coco_to_object[np.array([a['category_id'] for a in instances], np.int64)]
        keypoints = np.zeros((len(instances), 17, 3), np.float64)
        has_pose = np.array([len(a.get('keypoints', [])) == 51 for a in instances], bool)
        for i in np.flatnonzero(has_pose):
            keypoints[i] = np.asarray(instances[i]['keypoints'], np.float64).reshape(17, 3)
        info = dict(img_path=osp.join(self.data_prefix['img'], entry['file_name']),
                    file_name=entry['file_name'], img_id=index, gt_boxes=boxes,
                    gt_objects=objects, gt_is_human=objects == classes.person_object,
                    gt_keypoints=keypoints,
                    gt_has_pose=has_pose, gt_pairs=pairs)
        if self.test_mode:
            det = detections[entry['file_name']] if detections is not None else dict(
                boxes=boxes, objects=objects, scores=np.ones(len(boxes), np.float32),
                keypoints=keypoints, has_pose=has_pose, is_human=info['gt_is_human'])
            info.update({f'det_{k}': v for k, v in det.items()})
        return info

    def training_samples(self, info: dict, negatives: Optional[dict]) -> List[dict]:
        """The samples of one training image: chunks of its pairs, with its negatives."""
        if negatives is not None and info['file_name'] in negatives:
            info.update({f'neg_{k}': v for k, v in negatives[info['file_name']].items()})
        if self.pairs_per_sample is None:
            return [info]
        pairs = info['gt_pairs'][:, :2]
        _, first = np.unique(pairs, axis=0, return_index=True)
        ordered = pairs[np.sort(first)]  # [k, 2] in the order of their first annotation
        return [dict(info, gt_sample_pairs=ordered[start:start + self.pairs_per_sample])
                for start in range(0, len(ordered), self.pairs_per_sample)]

    def load_data_list(self) -> List[dict]:
        images = load_json(self.ann_file)
        gt = parse_hico_det_annotations(images, self.ann_file)  # checks every field
        detections = self.load_detector_input(gt.file_names)
        negatives = load_ican_negatives(self.neg_file, gt.file_names) \
            if self.neg_file and not self.test_mode else None
        data_list = []
        for index, entry in enumerate(images):
            rows = [(p['subject_id'], p['object_id']) for p in entry['hoi_annotation']]
            pairs = np.concatenate([np.array(rows, np.int64).reshape(-1, 2),
                                    gt.pairs.hoi[gt.pairs.image == index][:, None]], axis=1)
            info = self.make_data_info(index, entry, pairs, detections)
            if self.test_mode:
                data_list.append(info)
            elif len(pairs):
                data_list.extend(self.training_samples(info, negatives))
        return data_list
