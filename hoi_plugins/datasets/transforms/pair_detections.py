"""Test-time pairs: every detected human with every other detection (TIN test scripts)."""
import numpy as np

from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class PairDetections:
    """All (human, object) pairs of the detections above the score thresholds.

    A detected human pairs with every other kept detection, humans included (TIN pairs a human
    with any detection whose box differs from its own).

    Required keys: ``det_boxes`` ``[M, 4]``, ``det_objects`` ``[M]`` (HICO object
    index), ``det_scores`` ``[M]``, ``det_keypoints`` ``[M, 17, 3]``, ``det_has_pose`` ``[M]``.
    Added keys: ``pair_boxes_h``, ``pair_boxes_o``, ``pair_objects``, ``pair_keypoints``,
    ``pair_has_pose``, ``pair_scores_h``, ``pair_scores_o``, ``pair_subject_ids``,
    ``pair_object_ids`` (indices into the detections).

    Args:
        human_score_thr (float): minimum human detection score. Defaults to 0.8 (TIN test).
        object_score_thr (float): minimum object detection score. Defaults to 0.3 (TIN test).
        person_object (int): object index of "person". Defaults to 49 (HICO order).
    """

    def __init__(self, human_score_thr: float = 0.8, object_score_thr: float = 0.3,
                 person_object: int = 49) -> None:
        self.human_score_thr = human_score_thr
        self.object_score_thr = object_score_thr
        self.person_object = person_object

    def __call__(self, results: dict) -> dict:
        boxes, objects, scores = results['det_boxes'], results['det_objects'], results['det_scores']
        humans = np.flatnonzero((objects == self.person_object)
                                & (scores > self.human_score_thr))
        others = np.flatnonzero(scores > self.object_score_thr)
        subj, obj = np.meshgrid(humans, others, indexing='ij')
        subj, obj = subj.reshape(-1), obj.reshape(-1)
        keep = ~np.all(boxes[subj] == boxes[obj], axis=1)
        subj, obj = subj[keep], obj[keep]
        results['pair_subject_ids'] = subj
        results['pair_object_ids'] = obj
        results['pair_boxes_h'] = boxes[subj].astype(np.float32)
        results['pair_boxes_o'] = boxes[obj].astype(np.float32)
        results['pair_objects'] = objects[obj]
        results['pair_keypoints'] = results['det_keypoints'][subj]
        results['pair_has_pose'] = results['det_has_pose'][subj]
        results['pair_scores_h'] = scores[subj].astype(np.float32)
        results['pair_scores_o'] = scores[obj].astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(human_score_thr={self.human_score_thr}, '
                f'object_score_thr={self.object_score_thr}, '
                f'person_object={self.person_object})')
