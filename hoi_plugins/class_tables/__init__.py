"""Class tables shipped with the package (HICO-DET, V-COCO), loaded once on first use."""
import json
from functools import lru_cache
from pathlib import Path
from typing import List, NamedTuple

import numpy as np

DATA_DIR = Path(__file__).resolve().parent
PERSON_COCO_ID = 1  # COCO category id of "person": the HICO-DET/V-COCO subject class


class HICODetClasses(NamedTuple):
    """The HICO-DET class tables.

    Verb ids are 1..117 (HICO verb order), objects are named by their COCO category id (the
    JSON annotations' ``category_id``), HOI classes are 0..599 in the official order.

    Attributes:
        verbs (list[str]): 117 verb names; verb id = position + 1.
        objects (list[str]): 80 object names in HICO order.
        object_coco_ids (np.ndarray): ``[80]`` COCO category id of each HICO object.
        hoi_verb (np.ndarray): ``[600]`` verb id of each HOI class.
        hoi_object (np.ndarray): ``[600]`` HICO object index (0..79) of each HOI class.
        hoi_index (np.ndarray): ``[118, 91]`` HOI class of (verb id, COCO id), -1 if none.
        rare (np.ndarray): ``[600]`` bool, the official 138 rare classes.
        loss_weight (np.ndarray): ``[600]`` float32, the official TIN per-class logit weights.
    """
    verbs: List[str]
    objects: List[str]
    object_coco_ids: np.ndarray
    hoi_verb: np.ndarray
    hoi_object: np.ndarray
    hoi_index: np.ndarray
    rare: np.ndarray
    loss_weight: np.ndarray

    @property
    def num_hois(self) -> int:
        return len(self.hoi_verb)

    def coco_to_object(self) -> np.ndarray:
        """``[91]`` HICO object index of each COCO category id, -1 for ids not in HICO."""
        table = np.full(91, -1, dtype=np.int64)
        table[self.object_coco_ids] = np.arange(len(self.object_coco_ids))
        return table

    @property
    def person_object(self) -> int:
        """HICO object index of "person" (the only definition; 49 in HICO order)."""
        return int(self.coco_to_object()[PERSON_COCO_ID])

    def hoi_name(self, hoi: int) -> str:
        return f'{self.verbs[self.hoi_verb[hoi] - 1]} {self.objects[self.hoi_object[hoi]]}'


@lru_cache(maxsize=None)
def hico_det_classes() -> HICODetClasses:
    """The shipped HICO-DET tables (``hoi_plugins/class_tables/hico_det.json``)."""
    raw = json.loads((DATA_DIR / 'hico_det.json').read_text())
    coco_ids = np.array([o['coco_id'] for o in raw['objects']], dtype=np.int64)
    hois = np.array(raw['hois'], dtype=np.int64)  # [600, 2] (verb id, coco id)
    coco_to_object = np.full(91, -1, dtype=np.int64)
    coco_to_object[coco_ids] = np.arange(len(coco_ids))
    hoi_index = np.full((len(raw['verbs']) + 1, 91), -1, dtype=np.int64)
    hoi_index[hois[:, 0], hois[:, 1]] = np.arange(len(hois))
    rare = np.zeros(len(hois), dtype=bool)
    rare[raw['rare']] = True
    return HICODetClasses(
        verbs=raw['verbs'],
        objects=[o['name'] for o in raw['objects']],
        object_coco_ids=coco_ids,
        hoi_verb=hois[:, 0],
        hoi_object=coco_to_object[hois[:, 1]],
        hoi_index=hoi_index,
        rare=rare,
        loss_weight=np.array(raw['loss_weight'], dtype=np.float32))


class VCOCOClasses(NamedTuple):
    """The 26 V-COCO actions (id = position + 1) and the roles of each (``agent`` first)."""
    actions: List[str]
    roles: List[List[str]]

    def role_pairs(self) -> List[tuple]:
        """``(action index, role index)`` of every scored role (roles after ``agent``)."""
        return [(a, r) for a, names in enumerate(self.roles) for r in range(len(names) - 1)]


@lru_cache(maxsize=None)
def vcoco_classes() -> VCOCOClasses:
    """The shipped V-COCO tables (``hoi_plugins/class_tables/vcoco.json``)."""
    raw = json.loads((DATA_DIR / 'vcoco.json').read_text())
    return VCOCOClasses(actions=[a['name'] for a in raw['actions']],
                        roles=[a['roles'] for a in raw['actions']])
