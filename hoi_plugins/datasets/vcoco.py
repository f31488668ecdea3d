"""V-COCO in our JSON format (``tools/data/vcoco/convert_vcoco.py``), for pair-based models."""
from typing import List, Optional, Sequence

import numpy as np

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.datasets.hico_det import HICODetDataset
from hoi_plugins.formats.hico_det_json import load_json
from hoi_plugins.formats.vcoco_json import parse_vcoco_annotations
from hoi_plugins.registry import DATASETS


@DATASETS.register_module()
class VCOCODataset(HICODetDataset):
    """V-COCO images with (person, action, role object) annotations.

    The label space is ``class_names``: ``<action>_<role>`` classes (a person and its role
    object) and agent-only actions (``<action>``, e.g. TIN's ``walk``: labelled on every
    annotated pair of the person); by default the 25 (action, role) pairs that have a role
    object (the role AP classes), in the order of ``VCOCOClasses.role_pairs``. Data infos hold
    the same ``gt_*`` and ``det_*`` arrays as :class:`HICODetDataset`, so the same pair
    transforms apply.

    Args:
        class_names (Sequence[str], optional): the label space, e.g. TIN's official 29
            outputs. Defaults to None (the 25 role classes).
        **kwargs: the arguments of :class:`HICODetDataset`.
    """

    METAINFO = dict(classes=tuple(f'{vcoco_classes().actions[a]}_'
                                  f'{vcoco_classes().roles[a][r + 1]}'
                                  for a, r in vcoco_classes().role_pairs()))

    def __init__(self, *args, class_names: Optional[Sequence[str]] = None, **kwargs) -> None:
        self.class_names = tuple(class_names or self.METAINFO['classes'])
        metainfo = dict(kwargs.pop('metainfo', None) or {}, classes=self.class_names)
        super().__init__(*args, metainfo=metainfo, **kwargs)

    def load_data_list(self) -> List[dict]:
        classes = vcoco_classes()
        index = {name: i for i, name in enumerate(self.class_names)}
        images = load_json(self.ann_file)
        names, _ = parse_vcoco_annotations(images, self.ann_file, classes)  # checks fields
        detections = self.load_detector_input(names)
        data_list = []
        for image, entry in enumerate(images):
            pairs, agent_only = [], []
            for p in entry.get('hoi_annotation', []):
                action, role = classes.actions[p['category_id'] - 1], p.get('role', 'agent')
                if role == 'agent' and action in index:
                    agent_only.append((p['subject_id'], index[action]))
                elif p['object_id'] >= 0 and f'{action}_{role}' in index:
                    pairs.append((p['subject_id'], p['object_id'], index[f'{action}_{role}']))
            objects = {(s, o) for s, o, _ in pairs}
            pairs += [(s, o, c) for subject, c in agent_only for s, o in sorted(objects)
                      if s == subject]
            pairs = np.array(pairs, np.int64).reshape(-1, 3)
            if self.test_mode or len(pairs):
                data_list.append(self.make_data_info(image, entry, pairs, detections))
        return data_list
