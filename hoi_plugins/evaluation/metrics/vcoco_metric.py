"""V-COCO metric: role AP (scenario 1 and 2) of the model's pairs, as ``vsrl_eval.py``."""
import json
from typing import List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.evaluation.functional.arrays import to_numpy
from hoi_plugins.evaluation.functional.vcoco import VCOCOImagePred, vcoco_role_ap
from hoi_plugins.formats.hico_det_json import load_json
from hoi_plugins.formats.vcoco_json import parse_vcoco_annotations
from hoi_plugins.registry import METRICS


def prediction_entry(name: str, pred: VCOCOImagePred, roles: List[List[str]]) -> dict:
    """One image of the V-COCO prediction file of ``tools/analysis/eval_hoi.py``."""
    instances, index = [], {}

    def instance(box, category):
        key = tuple(round(float(v), 2) for v in box)
        if key not in index:
            index[key] = len(instances)
            instances.append(dict(bbox=list(key), category_id=category))
        return index[key]

    hoi = [dict(subject_id=instance(h, 1), object_id=instance(o, 0), category_id=int(a) + 1,
                role=roles[a][r + 1], score=float(s))
           for h, o, a, r, s in zip(pred.agent_boxes, pred.role_boxes, pred.action, pred.role,
                                    pred.score)]
    return dict(file_name=name, predictions=instances, hoi_prediction=hoi)


@METRICS.register_module()
class VCOCOMetric(BaseMetric):
    """Role mAP of V-COCO; the model's classes are the 25 (action, role) pairs.

    Reports ``{prefix}/scenario_1/mAP`` and ``{prefix}/scenario_2/mAP`` (fractions).

    Args:
        ann_file (str): the test annotation JSON (our format).
        dump_path (str, optional): write the predictions in the format of
            ``tools/analysis/eval_hoi.py vcoco``. Defaults to None.
        collect_device (str): Defaults to ``'cpu'``.
        prefix (str): Defaults to ``'vcoco'``.
    """
    default_prefix = 'vcoco'

    def __init__(self, ann_file: str, dump_path: Optional[str] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.ann_file = ann_file
        self.dump_path = dump_path
        self.role_pairs = np.array(vcoco_classes().role_pairs())  # [25, 2]

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_pairs']
            pair, cls = np.nonzero(to_numpy(pred['hoi_keep']))
            self.results.append(dict(
                file_name=sample['file_name'], pair=pair, action=self.role_pairs[cls, 0],
                role=self.role_pairs[cls, 1],
                score=to_numpy(pred['hoi_scores'])[pair, cls].astype(np.float64),
                boxes_h=to_numpy(pred['boxes_h']).reshape(-1, 4).astype(np.float64),
                boxes_o=to_numpy(pred['boxes_o']).reshape(-1, 4).astype(np.float64)))

    def compute_metrics(self, results: List[dict]) -> dict:
        classes = vcoco_classes()
        names, gts = parse_vcoco_annotations(load_json(self.ann_file), self.ann_file, classes)
        by_name = {r['file_name']: r for r in results}
        preds = []
        for name in names:
            r = by_name.get(name)
            if r is None:
                preds.append(VCOCOImagePred(np.zeros((0, 4)), np.zeros(0, np.int64),
                                            np.zeros(0, np.int64), np.zeros((0, 4)),
                                            np.zeros(0)))
            else:
                preds.append(VCOCOImagePred(r['boxes_h'][r['pair']], r['action'], r['role'],
                                            r['boxes_o'][r['pair']], r['score']))
        if self.dump_path:
            with open(self.dump_path, 'w') as f:
                json.dump([prediction_entry(n, p, classes.roles) for n, p in zip(names, preds)],
                          f)
        return {f'scenario_{s}/mAP': vcoco_role_ap(gts, preds, classes.roles, s)['mAP']
                for s in (1, 2)}
