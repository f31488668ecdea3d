"""HICO-DET metric: the official benchmark (Default and Known-Object) on the model's pairs."""
import json
from typing import List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from hoi_plugins.class_tables import PERSON_COCO_ID, hico_det_classes
from hoi_plugins.evaluation.functional.arrays import to_numpy
from hoi_plugins.evaluation.functional.hico_det import HOIPairs, hico_det_eval
from hoi_plugins.formats.hico_det_json import load_json, parse_hico_det_annotations
from hoi_plugins.registry import METRICS


def top_per_class(hoi: np.ndarray, score: np.ndarray, max_per_class: int) -> np.ndarray:
    """``[N]`` bool: the ``max_per_class`` best entries of each HOI class.

    As the official ``Generate_HICO_detection_nis.py`` L141-143 (``np.argsort(score)[::-1]``,
    the first 19,999): the order is the reversed ascending sort, so among equal scores the later
    entry comes first.

    Args:
        hoi (np.ndarray): ``[N]`` HOI class of each entry.
        score (np.ndarray): ``[N]`` scores.
        max_per_class (int): entries kept per class.
    """
    order = np.lexsort((score, hoi))  # by class, then ascending score, ties in entry order
    sorted_hoi = hoi[order]
    ends = np.searchsorted(sorted_hoi, sorted_hoi, side='right')  # [N] end of the class run
    keep = np.zeros(len(hoi), dtype=bool)
    keep[order] = np.arange(len(order)) >= ends - max_per_class
    return keep


def prediction_entry(result: dict, coco_ids: np.ndarray, hoi_verb: np.ndarray) -> dict:
    """One image of the prediction file of ``tools/analysis/eval_hoi.py``.

    An instance is a detection in one category: a detection that is a subject (person) in one
    pair and an object of another category in another (the official fallback pairs do that)
    becomes two instances, so that every pair keeps its HOI class.
    """
    subjects, objects = result['subject_ids'], result['object_ids']
    categories = np.concatenate([np.full(len(subjects), PERSON_COCO_ID, np.int64),
                                 coco_ids[result['objects']]])
    instance_ids = {}
    instances = []
    for det, box, category in zip(np.concatenate([subjects, objects]),
                                  np.concatenate([result['boxes_h'], result['boxes_o']]),
                                  categories):
        key = (int(det), int(category))
        if key not in instance_ids:
            instance_ids[key] = len(instances)
            instances.append(dict(bbox=[round(float(v), 2) for v in box],
                                  category_id=int(category)))
    object_categories = categories[len(subjects):]
    hoi = [dict(subject_id=instance_ids[(int(subjects[p]), PERSON_COCO_ID)],
                object_id=instance_ids[(int(objects[p]), int(object_categories[p]))],
                category_id=int(hoi_verb[c]), score=float(s))
           for p, c, s in zip(result['pair'], result['hoi'], result['score'])]
    return dict(file_name=result['file_name'], predictions=instances, hoi_prediction=hoi)


@METRICS.register_module()
class HICODetMetric(BaseMetric):
    """mAP of HICO-DET as the official MATLAB benchmark computes it.

    Reports ``{prefix}/{default,known_object}/{mAP,mAP_rare,mAP_non_rare,mRecall}`` (fractions).

    Args:
        ann_file (str): the test annotation JSON (our format).
        eval_classes (Sequence[int], optional): HOI classes the means run over; None for all
            600 (the official protocol). Defaults to None.
        max_per_class (int, optional): keep only the best this many pairs of each HOI class
            over the whole test set (official TIN: 19,999), None for all. Defaults to None.
        dump_path (str, optional): write the predictions here in the format of
            ``tools/analysis/eval_hoi.py``. Defaults to None.
        collect_device (str): Defaults to ``'cpu'``.
        prefix (str): Defaults to ``'hico'``.
    """
    default_prefix = 'hico'

    def __init__(self, ann_file: str, eval_classes: Optional[Sequence[int]] = None,
                 max_per_class: Optional[int] = None, dump_path: Optional[str] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.ann_file = ann_file
        self.max_per_class = max_per_class
        self.eval_classes = None if eval_classes is None else np.asarray(eval_classes)
        self.dump_path = dump_path

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_pairs']
            keep = to_numpy(pred['hoi_keep'])
            pair, hoi = np.nonzero(keep)
            num = len(keep)
            self.results.append(dict(
                file_name=sample['file_name'], pair=pair, hoi=hoi,
                score=to_numpy(pred['hoi_scores'])[pair, hoi].astype(np.float64),
                boxes_h=to_numpy(pred['boxes_h']).reshape(-1, 4).astype(np.float64),
                boxes_o=to_numpy(pred['boxes_o']).reshape(-1, 4).astype(np.float64),
                objects=to_numpy(pred['objects']).astype(np.int64),
                subject_ids=to_numpy(pred['subject_ids']) if 'subject_ids' in pred
                else np.arange(num), object_ids=to_numpy(pred['object_ids'])
                if 'object_ids' in pred else np.arange(num, 2 * num)))

    def compute_metrics(self, results: List[dict]) -> dict:
        classes = hico_det_classes()
        gt = parse_hico_det_annotations(load_json(self.ann_file), self.ann_file, classes)
        position = {name: i for i, name in enumerate(gt.file_names)}
        unknown = [r['file_name'] for r in results if r['file_name'] not in position]
        if unknown:
            raise ValueError(f'{self.ann_file}: predictions for {len(unknown)} images whose '
                             f'`file_name` is not in this annotation file, first: '
                             f'"{unknown[0]}"')
        results = sorted(results, key=lambda r: position[r['file_name']])
        if self.max_per_class is not None:
            results = self.cap_per_class(results)
        image = np.concatenate([np.full(len(r['pair']), position[r['file_name']])
                                for r in results] + [np.zeros(0, np.int64)])
        pred = HOIPairs(image.astype(np.int64),
                        np.concatenate([r['hoi'] for r in results] + [np.zeros(0, np.int64)]),
                        np.concatenate([r['boxes_h'][r['pair']] for r in results]
                                       + [np.zeros((0, 4))]),
                        np.concatenate([r['boxes_o'][r['pair']] for r in results]
                                       + [np.zeros((0, 4))]),
                        np.concatenate([r['score'] for r in results] + [np.zeros(0)]))
        evaluation = hico_det_eval(gt.pairs, pred, len(gt.file_names), classes.hoi_object,
                                   gt.known_objects, classes.rare,
                                   eval_classes=self.eval_classes)
        if self.dump_path:
            self.dump(results, gt.file_names, classes)
        return {f'{setting}/{key}': value for setting, result in evaluation.items()
                for key, value in result.items()
                if key in ('mAP', 'mAP_rare', 'mAP_non_rare', 'mRecall')}

    def cap_per_class(self, results: List[dict]) -> List[dict]:
        """The results with only the ``max_per_class`` best pairs of each HOI class."""
        hoi = np.concatenate([r['hoi'] for r in results] + [np.zeros(0, np.int64)])
        score = np.concatenate([r['score'] for r in results] + [np.zeros(0)])
        keep = top_per_class(hoi, score, self.max_per_class)
        bounds = np.cumsum([0] + [len(r['hoi']) for r in results])
        capped = []
        for r, start, end in zip(results, bounds[:-1], bounds[1:]):
            part = keep[start:end]
            capped.append(dict(r, pair=r['pair'][part], hoi=r['hoi'][part],
                               score=r['score'][part]))
        return capped

    def dump(self, results: List[dict], file_names: List[str], classes) -> None:
        """Write the prediction file of ``eval_hoi.py`` (every annotated image)."""
        entries = {r['file_name']: prediction_entry(r, classes.object_coco_ids, classes.hoi_verb)
                   for r in results}
        out = [entries.get(name, dict(file_name=name, predictions=[], hoi_prediction=[]))
               for name in file_names]
        with open(self.dump_path, 'w') as f:
            json.dump(out, f)
