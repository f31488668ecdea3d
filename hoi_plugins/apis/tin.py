"""TIN inference on single images, with detections and poses from files or from models."""
import os.path as osp
from typing import List, Optional, Union

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from mmengine.registry import DefaultScope, init_default_scope
from mmengine.runner import load_checkpoint

from hoi_plugins.class_tables import PERSON_COCO_ID, hico_det_classes
from hoi_plugins.formats.detections import Detections, empty_detections, make_detections
from hoi_plugins.registry import MODELS


def init_tin(config: Union[str, Config], checkpoint: Optional[str] = None,
             device: str = 'cpu') -> torch.nn.Module:
    """Build a TIN model from its config (``model.cfg`` keeps the config) and load weights."""
    cfg = Config.fromfile(config) if isinstance(config, str) else config
    init_default_scope(cfg.get('default_scope', 'hoi_plugins'))
    model = MODELS.build(cfg.model)
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    model.cfg = cfg
    return model.to(device).eval()


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


def init_pose_model(config: Union[str, Config], checkpoint: Optional[str] = None,
                    device: str = 'cpu') -> torch.nn.Module:
    """An mmpose top-down model, built without ``mmpose.apis`` (its visualisers need
    torchvision); dataset meta from the checkpoint, else COCO."""
    from mmpose.datasets.datasets.utils import parse_pose_metainfo
    from mmpose.registry import MODELS as POSE_MODELS
    cfg = Config.fromfile(config) if isinstance(config, str) else config
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope', 'mmpose')):
        model = POSE_MODELS.build(cfg.model)
    meta = None
    if checkpoint is not None:
        meta = load_checkpoint(model, checkpoint, map_location='cpu').get('meta', {}).get(
            'dataset_meta')
    model.dataset_meta = meta or parse_pose_metainfo(
        dict(from_file='configs/_base_/datasets/coco.py'))
    model.cfg = cfg
    return model.to(device).eval()


def poses_from_model(pose_model: torch.nn.Module, image: str,
                     detections: Detections) -> Detections:
    """COCO-17 keypoints of every detected human from an mmpose top-down model (in place),
    as ``mmpose.apis.inference_topdown`` computes them."""
    person = hico_det_classes().coco_to_object()[PERSON_COCO_ID]
    humans = np.flatnonzero(detections['objects'] == person)
    if len(humans) == 0:
        return detections
    with DefaultScope.overwrite_default_scope(pose_model.cfg.get('default_scope', 'mmpose')):
        pipeline = Compose(list(pose_model.cfg.test_dataloader.dataset.pipeline))
        data = [pipeline(dict(img_path=image, bbox=box[None].astype(np.float32),
                              bbox_score=np.ones(1, np.float32), **pose_model.dataset_meta))
                for box in detections['boxes'][humans]]
        with torch.no_grad():
            results = pose_model.test_step(pseudo_collate(data))
    for index, result in zip(humans, results):
        keypoints = result.pred_instances.keypoints[0]  # [K, 2]
        scores = result.pred_instances.keypoint_scores[0]  # [K]
        if keypoints.shape[0] != 17:
            raise ValueError(f'the pose model predicts {keypoints.shape[0]} keypoints; TIN '
                             'needs the 17 COCO keypoints')
        detections['keypoints'][index] = np.concatenate([keypoints, scores[:, None]], 1)
        detections['has_pose'][index] = True
    return detections


def inference_tin(model: torch.nn.Module, image_path: str,
                  detections: Detections) -> dict:
    """Pairs of ``detections`` scored by ``model``; the ``pred_pairs`` fields as numpy."""
    # mmdet/mmpose inference switches the default scope; our transforms live in ours
    with DefaultScope.overwrite_default_scope(model.cfg.get('default_scope', 'hoi_plugins')):
        pipeline = Compose(list(model.cfg.test_dataloader.dataset.pipeline))
    data = pipeline(dict(img_path=image_path, file_name=osp.basename(image_path), img_id=0,
                         **{f'det_{k}': v for k, v in detections.items()}))
    with torch.no_grad():
        sample = model.test_step(pseudo_collate([data]))[0]
    return {k: v.numpy() for k, v in sample.pred_pairs.items()}


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
