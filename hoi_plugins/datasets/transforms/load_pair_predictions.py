"""Pairs and HOI scores predicted by another detector, as input of NIS post-processing."""
from typing import Dict, Optional

import numpy as np

from mmcv.transforms import BaseTransform

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.formats.detections import best_poses, load_poses
from hoi_plugins.formats.hico_det_json import load_json, read_boxes, read_fields
from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadPairPredictions(BaseTransform):
    """Read a prediction file of ``tools/analysis/eval_hoi.py hico`` (any system's output) and
    turn each image's (subject, object) pairs into model input.

    Required key: ``file_name``. Added keys: ``pair_boxes_h``, ``pair_boxes_o``,
    ``pair_objects``, ``pair_subject_ids``, ``pair_object_ids``, ``pair_input_scores`` and
    ``pair_input_keep`` ``[P, 600]`` (the system's scores and which classes it predicted),
    ``pair_scores_h``/``pair_scores_o`` (ones), ``pair_keypoints`` ``[P, 17, 3]`` and
    ``pair_has_pose`` ``[P]``.

    Poses: each pair's human takes the pose of ``pose_file`` whose box overlaps it most (IoU >=
    0.5), or, when the sample already holds ``det_boxes``/``det_keypoints``/``det_has_pose``
    (e.g. from ``HICODetDataset(det_file=..., pose_file=...)`` or an mmpose model in
    ``hoi_plugins/apis/tin.py``), the pose of the best-overlapping posed detection. Without
    poses the pattern's pose channel is the official no-pose fill (0.05 inside the human box),
    which a model trained with poses has rarely seen: its interactiveness is then less reliable.

    Args:
        pred_file (str): the prediction JSON.
        pose_file (str, optional): poses JSON (``hoi_plugins/formats/detections.py``).
            Defaults to None.
    """

    def __init__(self, pred_file: str, pose_file: Optional[str] = None) -> None:
        self.pred_file = pred_file
        self.pose_file = pose_file
        self.images: Dict[str, dict] = {e['file_name']: e for e in load_json(pred_file)}
        self.poses = load_poses(pose_file) if pose_file else {}

    def transform(self, results: dict) -> dict:
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
            pair_boxes_h=boxes[pairs[:, 0]] if num else np.zeros((0, 4)),
            pair_boxes_o=boxes[pairs[:, 1]] if num else np.zeros((0, 4)),
            pair_objects=classes.coco_to_object()[coco[pairs[:, 1]]] if num
            else np.zeros(0, np.int64),
            pair_subject_ids=pairs[:, 0], pair_object_ids=pairs[:, 1],
            pair_input_scores=scores, pair_input_keep=keep,
            pair_scores_h=np.ones(num, np.float32), pair_scores_o=np.ones(num, np.float32),
            pair_keypoints=np.zeros((num, 17, 3)), pair_has_pose=np.zeros(num, bool))
        self.attach_poses(results)
        return results

    def attach_poses(self, results: dict) -> None:
        """Fill ``pair_keypoints``/``pair_has_pose`` from the pose file or posed detections."""
        boxes_h = results['pair_boxes_h']
        if results['file_name'] in self.poses:
            pose_boxes, pose_keypoints = self.poses[results['file_name']]
        elif 'det_has_pose' in results:
            posed = np.flatnonzero(results['det_has_pose'])
            pose_boxes = results['det_boxes'][posed]
            pose_keypoints = results['det_keypoints'][posed]
        else:
            return
        keypoints, found = best_poses(boxes_h, pose_boxes, pose_keypoints)
        results['pair_keypoints'][found] = keypoints[found]
        results['pair_has_pose'] = found

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(pred_file={self.pred_file!r}, '
                f'pose_file={self.pose_file!r})')
