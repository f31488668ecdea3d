"""V-COCO in our JSON format (``tools/data/vcoco/convert_vcoco.py``), for pair-based models."""
from typing import List

import numpy as np

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.datasets.hico_det import HICODetDataset
from hoi_plugins.formats.hico_det_json import load_json
from hoi_plugins.formats.vcoco_json import parse_vcoco_annotations
from hoi_plugins.registry import DATASETS


@DATASETS.register_module()
class VCOCODataset(HICODetDataset):
    """V-COCO images with (person, action, role object) annotations.

    The label space is the 25 (action, role) pairs that have a role object (the role AP
    classes), in the order of ``VCOCOClasses.role_pairs``. Data infos hold the same ``gt_*`` and
    ``det_*`` arrays as :class:`HICODetDataset` (its arguments too), so the same pair
    transforms apply.
    """

    METAINFO = dict(classes=tuple(f'{vcoco_classes().actions[a]}-'
                                  f'{vcoco_classes().roles[a][r + 1]}'
                                  for a, r in vcoco_classes().role_pairs()))

    def load_data_list(self) -> List[dict]:
        classes = vcoco_classes()
        role_class = {pair: i for i, pair in enumerate(classes.role_pairs())}
        images = load_json(self.ann_file)
        names, _ = parse_vcoco_annotations(images, self.ann_file, classes)  # checks fields
        detections = self.load_detector_input(names)
        data_list = []
        for index, entry in enumerate(images):
            pairs = []
            for p in entry.get('hoi_annotation', []):
                action, role = p['category_id'] - 1, p.get('role', 'agent')
                if p['object_id'] >= 0 and role != 'agent':
                    rid = classes.roles[action].index(role) - 1
                    pairs.append((p['subject_id'], p['object_id'], role_class[(action, rid)]))
            pairs = np.array(pairs, np.int64).reshape(-1, 3)
            if self.test_mode or len(pairs):
                data_list.append(self.make_data_info(index, entry, pairs, detections))
        return data_list
