"""V-COCO metric: agent AP and role AP (scenario 1 and 2) of the model's pairs, as
``vsrl_eval.py``."""
import json
from typing import List, Optional, Sequence, Tuple

import numpy as np
from mmengine.evaluator import BaseMetric

from hoi_plugins.class_tables import VCOCOClasses, vcoco_classes
from hoi_plugins.evaluation.functional.arrays import to_numpy
from hoi_plugins.evaluation.functional.vcoco import (VCOCOImagePred, empty_prediction,
                                                     vcoco_eval)
from hoi_plugins.formats.hico_det_json import load_json
from hoi_plugins.formats.vcoco_json import parse_vcoco_annotations
from hoi_plugins.registry import METRICS


def class_roles(class_names: Optional[Sequence[str]],
                classes: VCOCOClasses) -> np.ndarray:
    """``[C, 2]`` (action index, role index; -1 for an agent-only action) of each output.

    Args:
        class_names (Sequence[str] | None): ``<action>_<role>`` or ``<action>`` (agent only),
            e.g. TIN's 29 outputs; None for the 25 role classes of ``classes.role_pairs()``.
        classes (VCOCOClasses): the V-COCO tables.
    """
    if class_names is None:
        return np.array(classes.role_pairs(), dtype=np.int64).reshape(-1, 2)
    out = []
    for name in class_names:
        if name in classes.actions:
            out.append((classes.actions.index(name), -1))
            continue
        action, _, role = name.rpartition('_')
        if action not in classes.actions or role not in classes.roles[
                classes.actions.index(action)][1:]:
            raise ValueError(f'class name {name!r} is neither a V-COCO action nor '
                             '"<action>_<role>"')
        a = classes.actions.index(action)
        out.append((a, classes.roles[a].index(role) - 1))
    return np.array(out, dtype=np.int64)


def best_object_rows(boxes_h: np.ndarray, boxes_o: np.ndarray, scores: np.ndarray,
                     keep: np.ndarray, roles: np.ndarray,
                     num_actions: int) -> VCOCOImagePred:
    """One row per (human, action, role), as TIN's ``Vcoco_lis_nis.py`` writes them.

    Per human (pairs with the same ``boxes_h``, in order of first appearance) and class, the
    pair with the highest score (first on ties, L185) gives the role box and score; a zero
    score (L247) or a suppressed pair (``keep`` False, L251) gives score 0 and a NaN box. The
    agent score of an action is the highest of its classes' best scores, suppression not
    applied (L188-233); actions without a class get none.

    Args:
        boxes_h (np.ndarray): ``[P, 4]``.
        boxes_o (np.ndarray): ``[P, 4]``.
        scores (np.ndarray): ``[P, C]``.
        keep (np.ndarray): ``[P, C]`` bool.
        roles (np.ndarray): ``[C, 2]`` of :func:`class_roles`.
        num_actions (int): number of V-COCO actions.
    """
    if len(boxes_h) == 0:
        return empty_prediction()
    _, first, human = np.unique(boxes_h, axis=0, return_index=True, return_inverse=True)
    human = np.argsort(np.argsort(first, kind='stable'), kind='stable')[human.reshape(-1)]
    is_role = roles[:, 1] >= 0
    agent, action, role, role_boxes, score = [], [], [], [], []
    for h in range(human.max() + 1):
        pairs = np.flatnonzero(human == h)
        best = pairs[scores[pairs].argmax(0)]  # [C]
        value = scores[best, np.arange(len(roles))]  # [C]
        agent_score = np.full(num_actions, np.nan)
        np.fmax.at(agent_score, roles[:, 0], value)
        valid = ~np.isnan(agent_score)
        for a in np.flatnonzero(valid):
            agent.append(boxes_h[pairs[0]])
            action.append(a)
            role.append(-1)
            role_boxes.append(np.full(4, np.nan))
            score.append(agent_score[a])
        for c in np.flatnonzero(is_role):
            empty = value[c] == 0 or not keep[best[c], c]
            agent.append(boxes_h[pairs[0]])
            action.append(roles[c, 0])
            role.append(roles[c, 1])
            role_boxes.append(np.full(4, np.nan) if empty else boxes_o[best[c]])
            score.append(0.0 if empty else value[c])
    return VCOCOImagePred(np.array(agent, np.float64), np.array(action, np.int64),
                          np.array(role, np.int64), np.array(role_boxes, np.float64),
                          np.array(score, np.float64))


def every_pair_rows(boxes_h: np.ndarray, boxes_o: np.ndarray, scores: np.ndarray,
                    keep: np.ndarray, roles: np.ndarray) -> VCOCOImagePred:
    """One row per kept (pair, class); agent-only classes give agent rows."""
    pair, cls = np.nonzero(keep)
    role_boxes = boxes_o[pair].copy()
    role_boxes[roles[cls, 1] < 0] = np.nan
    return VCOCOImagePred(boxes_h[pair], roles[cls, 0], roles[cls, 1], role_boxes,
                          scores[pair, cls].astype(np.float64))


def prediction_entry(name: str, pred: VCOCOImagePred, roles: List[List[str]]) -> dict:
    """One image of the V-COCO prediction file of ``tools/analysis/eval_hoi.py`` (values
    kept exactly; NaN-score rows left out, NaN role boxes as ``object_id`` -1)."""
    instances, index = [], {}

    def instance(box, category):
        key = (category, ) + tuple(float(v) for v in box)
        if key not in index:
            index[key] = len(instances)
            instances.append(dict(bbox=list(key[1:]), category_id=category))
        return index[key]

    hoi = []
    for h, o, a, r, s in zip(pred.agent_boxes, pred.role_boxes, pred.action, pred.role,
                             pred.score):
        if np.isnan(s):
            continue
        obj = -1 if r < 0 or np.all(np.isnan(o)) else instance(o, 0)
        hoi.append(dict(subject_id=instance(h, 1), object_id=obj, category_id=int(a) + 1,
                        role=roles[a][r + 1], score=float(s)))
    return dict(file_name=name, predictions=instances, hoi_prediction=hoi)


@METRICS.register_module()
class VCOCOMetric(BaseMetric):
    """Agent mAP and role mAP of V-COCO, as ``vsrl_eval.py``.

    Reports ``{prefix}/agent/mAP``, ``{prefix}/scenario_1/mAP`` and
    ``{prefix}/scenario_2/mAP`` (fractions).

    Args:
        ann_file (str): the test annotation JSON (our format).
        class_names (Sequence[str], optional): the model's outputs, ``<action>_<role>`` or
            ``<action>`` (agent only), e.g. TIN's official 29; None: the 25 role classes of
            ``VCOCOClasses.role_pairs``. Defaults to None.
        one_per_human (bool): write one row per (human, action, role), the best-scoring
            object, as the official V-COCO output (see :func:`best_object_rows`); False
            writes every kept (pair, class). Defaults to True.
        dump_path (str, optional): write the predictions in the format of
            ``tools/analysis/eval_hoi.py vcoco``. Defaults to None.
        collect_device (str): Defaults to ``'cpu'``.
        prefix (str): Defaults to ``'vcoco'``.
    """
    default_prefix = 'vcoco'

    def __init__(self, ann_file: str, class_names: Optional[Sequence[str]] = None,
                 one_per_human: bool = True, dump_path: Optional[str] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.ann_file = ann_file
        self.dump_path = dump_path
        self.one_per_human = one_per_human
        self.classes = vcoco_classes()
        self.roles = class_roles(class_names, self.classes)  # [C, 2]

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_pairs']
            arrays: Tuple[np.ndarray, ...] = (
                to_numpy(pred['boxes_h']).reshape(-1, 4).astype(np.float64),
                to_numpy(pred['boxes_o']).reshape(-1, 4).astype(np.float64),
                to_numpy(pred['hoi_scores']).reshape(-1, len(self.roles)),
                to_numpy(pred['hoi_keep']).reshape(-1, len(self.roles)).astype(bool))
            rows = best_object_rows(*arrays, self.roles, len(self.classes.actions)) \
                if self.one_per_human else every_pair_rows(*arrays, self.roles)
            self.results.append(dict(file_name=sample['file_name'], rows=rows))

    def compute_metrics(self, results: List[dict]) -> dict:
        names, gts = parse_vcoco_annotations(load_json(self.ann_file), self.ann_file,
                                             self.classes)
        by_name = {r['file_name']: r['rows'] for r in results}
        preds = [by_name.get(name) for name in names]
        if self.dump_path:
            with open(self.dump_path, 'w') as f:
                json.dump([prediction_entry(n, p, self.classes.roles)
                           for n, p in zip(names, preds) if p is not None], f)
        result = vcoco_eval(gts, preds, self.classes.roles)
        return {'agent/mAP': result['agent_mAP'],
                'scenario_1/mAP': result['scenario_1']['mAP'],
                'scenario_2/mAP': result['scenario_2']['mAP']}
