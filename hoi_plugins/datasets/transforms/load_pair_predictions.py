"""Pairs and HOI scores predicted by another detector, as input of NIS post-processing."""
from typing import Dict

import numpy as np

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.formats.hico_det_json import load_json, read_boxes, read_fields
from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadPairPredictions:
    """Read a prediction file of ``tools/analysis/eval_hoi.py hico`` (any system's output) and
    turn each image's (subject, object) pairs into model input.

    Required key: ``file_name``. Added keys: ``pair_boxes_h``, ``pair_boxes_o``,
    ``pair_objects``, ``pair_subject_ids``, ``pair_object_ids``, ``pair_input_scores`` and
    ``pair_input_keep`` ``[P, 600]`` (the system's scores and which classes it predicted),
    ``pair_scores_h``/``pair_scores_o`` (ones), ``pair_keypoints``, ``pair_has_pose`` (none).

    Args:
        pred_file (str): the prediction JSON.
    """

    def __init__(self, pred_file: str) -> None:
        self.pred_file = pred_file
        self.images: Dict[str, dict] = {e['file_name']: e for e in load_json(pred_file)}

    def __call__(self, results: dict) -> dict:
        classes = hico_det_classes()
        name = results['file_name']
        entry = self.images.get(name, dict(predictions=[], hoi_prediction=[]))
        boxes = read_boxes(entry['predictions'], self.pred_file, -1, name, 'predictions')
        coco = np.array([p['category_id'] for p in entry['predictions']], np.int64)
        rows = read_fields(entry['hoi_prediction'], ('subject_id', 'object_id', 'category_id',
                                                     'score'), self.pred_file, -1, name,
                           'hoi_prediction')
        subj, obj, verb = rows[:, :3].astype(np.int64).T
        hoi = classes.hoi_index[verb, coco[obj]] if len(rows) else np.zeros(0, np.int64)
        valid = hoi >= 0
        pairs, inverse = np.unique(np.stack([subj[valid], obj[valid]], 1), axis=0,
                                   return_inverse=True)
        scores = np.zeros((len(pairs), classes.num_hois), np.float32)
        keep = np.zeros((len(pairs), classes.num_hois), bool)
        scores[inverse.reshape(-1), hoi[valid]] = rows[valid, 3]
        keep[inverse.reshape(-1), hoi[valid]] = True
        num = len(pairs)
        results.update(
            pair_boxes_h=boxes[pairs[:, 0]].astype(np.float32) if num else np.zeros((0, 4)),
            pair_boxes_o=boxes[pairs[:, 1]].astype(np.float32) if num else np.zeros((0, 4)),
            pair_objects=classes.coco_to_object()[coco[pairs[:, 1]]] if num
            else np.zeros(0, np.int64),
            pair_subject_ids=pairs[:, 0], pair_object_ids=pairs[:, 1],
            pair_input_scores=scores, pair_input_keep=keep,
            pair_scores_h=np.ones(num, np.float32), pair_scores_o=np.ones(num, np.float32),
            pair_keypoints=np.zeros((num, 17, 3), np.float32),
            pair_has_pose=np.zeros(num, bool))
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(pred_file={self.pred_file!r})'
