"""V-COCO in our JSON format (``tools/data/vcoco/convert_vcoco.py``), for pair-based models."""
import os.path as osp
from typing import List, Optional

import numpy as np
from mmengine.dataset import BaseDataset

from hoi_plugins.data import hico_det_classes, vcoco_classes
from hoi_plugins.datasets.hoi_detections import attach_poses, load_detections
from hoi_plugins.evaluation.functional.hico_det_json import load_json
from hoi_plugins.evaluation.functional.vcoco_json import parse_vcoco_annotations
from hoi_plugins.registry import DATASETS

PERSON = 49  # object index of "person" (the 80 COCO categories in HICO order)


@DATASETS.register_module()
class VCOCODataset(BaseDataset):
    """V-COCO images with (person, action, role object) annotations.

    The label space is the 25 (action, role) pairs that have a role object (the role AP
    classes), in the order of ``VCOCOClasses.role_pairs``. Data infos hold the same ``gt_*`` and
    ``det_*`` arrays as :class:`HICODetDataset`, so the same pair transforms apply.

    Args:
        ann_file (str): the annotation JSON.
        pipeline (list): transforms.
        data_prefix (dict): ``img`` folder of the images. Defaults to ``dict(img='')``.
        det_file (str, optional): detections for test mode. Defaults to None.
        pose_file (str, optional): poses matched to detected humans. Defaults to None.
        test_mode (bool): Defaults to False.
        **kwargs: the other arguments of ``mmengine.dataset.BaseDataset``.
    """

    METAINFO = dict(classes=tuple(f'{vcoco_classes().actions[a]}-'
                                  f'{vcoco_classes().roles[a][r + 1]}'
                                  for a, r in vcoco_classes().role_pairs()))

    def __init__(self, ann_file: str, pipeline: list, data_prefix: dict = dict(img=''),
                 det_file: Optional[str] = None, pose_file: Optional[str] = None,
                 test_mode: bool = False, **kwargs) -> None:
        self.det_file = det_file
        self.pose_file = pose_file
        super().__init__(ann_file=ann_file, pipeline=pipeline, data_prefix=data_prefix,
                         test_mode=test_mode, **kwargs)

    def load_data_list(self) -> List[dict]:
        classes = vcoco_classes()
        role_class = {pair: i for i, pair in enumerate(classes.role_pairs())}
        coco_to_object = hico_det_classes().coco_to_object()
        images = load_json(self.ann_file)
        names, _ = parse_vcoco_annotations(images, self.ann_file, classes)  # checks fields
        detections = None
        if self.test_mode and self.det_file:
            detections = load_detections(self.det_file, names)
            if self.pose_file:
                attach_poses(detections, self.pose_file, PERSON)
        data_list = []
        for index, entry in enumerate(images):
            instances = entry.get('annotations', [])
            boxes = np.array([a['bbox'] for a in instances], np.float32).reshape(-1, 4)
            objects = coco_to_object[np.array([a['category_id'] for a in instances], np.int64)]
            pairs = []
            for p in entry.get('hoi_annotation', []):
                action = p['category_id'] - 1
                role = p.get('role', 'agent')
                if p['object_id'] >= 0 and role != 'agent':
                    rid = classes.roles[action].index(role) - 1
                    pairs.append((p['subject_id'], p['object_id'], role_class[(action, rid)]))
            pairs = np.array(pairs, np.int64).reshape(-1, 3)
            if not self.test_mode and len(pairs) == 0:
                continue
            info = dict(img_path=osp.join(self.data_prefix['img'], entry['file_name']),
                        file_name=entry['file_name'], img_id=index, gt_boxes=boxes,
                        gt_objects=objects, gt_is_human=objects == PERSON,
                        gt_keypoints=np.zeros((len(boxes), 17, 3), np.float32),
                        gt_has_pose=np.zeros(len(boxes), bool), gt_pairs=pairs)
            if self.test_mode:
                det = detections[entry['file_name']] if detections is not None else dict(
                    boxes=boxes, objects=objects, scores=np.ones(len(boxes), np.float32),
                    keypoints=info['gt_keypoints'], has_pose=info['gt_has_pose'])
                info.update({f'det_{k}': v for k, v in det.items()})
            data_list.append(info)
        return data_list
