"""Inputs and outputs of TIN inference: detections and poses from models, top triplets."""
from typing import List, Union

import numpy as np
import torch

from hoi_plugins.apis.pose import topdown_poses
from hoi_plugins.class_tables import PERSON_COCO_ID, hico_det_classes
from hoi_plugins.formats.detections import Detections, empty_detections, make_detections


def detections_from_model(det_model: torch.nn.Module, image: Union[str, np.ndarray],
                          score_thr: float = 0.3) -> Detections:
    """Boxes of any mmdet detector trained on COCO classes, mapped to HICO-DET objects by name.

    Classes whose name (spaces as underscores) is not a HICO-DET object are dropped.
    """
    from mmdet.apis import inference_detector
    classes = hico_det_classes()
    name_to_coco = {n: int(c) for n, c in zip(classes.objects, classes.object_coco_ids)}
    det_names = [n.replace(' ', '_') for n in det_model.dataset_meta['classes']]
    result = inference_detector(det_model, image).pred_instances
    keep = result.scores.cpu().numpy() > score_thr
    labels = result.labels.cpu().numpy()[keep]
    coco = np.array([name_to_coco.get(det_names[label], -1) for label in labels], np.int64)
    known = coco >= 0
    if not known.any():
        return empty_detections()
    return make_detections(result.bboxes.cpu().numpy()[keep][known], coco[known],
                           result.scores.cpu().numpy()[keep][known],
                           [None] * int(known.sum()), 'detector', str(image))


def poses_from_model(pose_model: torch.nn.Module, image: str,
                     detections: Detections) -> Detections:
    """COCO-17 keypoints of every detected human from an mmpose top-down model (in place)."""
    person = hico_det_classes().coco_to_object()[PERSON_COCO_ID]
    humans = np.flatnonzero(detections['objects'] == person)
    keypoints, scores = topdown_poses(pose_model, image, detections['boxes'][humans])
    if len(humans) and keypoints.shape[1] != 17:
        raise ValueError(f'the pose model predicts {keypoints.shape[1]} keypoints; TIN '
                         'needs the 17 COCO keypoints')
    for index, joints, joint_scores in zip(humans, keypoints, scores):
        detections['keypoints'][index] = np.concatenate([joints, joint_scores[:, None]], 1)
        detections['has_pose'][index] = True
    return detections


def top_triplets(pred: dict, k: int = 10) -> List[dict]:
    """The ``k`` best (human box, object box, verb, object, score) triplets of a prediction."""
    classes = hico_det_classes()
    pair, hoi = np.nonzero(pred['hoi_keep'])
    scores = pred['hoi_scores'][pair, hoi]
    order = np.argsort(-scores, kind='stable')[:k]
    return [dict(box_h=pred['boxes_h'][pair[i]].tolist(),
                 box_o=pred['boxes_o'][pair[i]].tolist(),
                 verb=classes.verbs[classes.hoi_verb[hoi[i]] - 1],
                 object=classes.objects[classes.hoi_object[hoi[i]]], hoi=int(hoi[i]),
                 score=float(scores[i])) for i in order]
