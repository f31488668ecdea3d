"""Poses of every frame of a video for IntegralAction: from a file or an mmpose model."""
from typing import List, Optional, Sequence, Tuple

import numpy as np
import torch
from rich.progress import track

from hoi_plugins.apis.pose import topdown_poses
from hoi_plugins.formats.skeletons import stack_people

COCO_PERSON = 'person'
Person = Tuple[np.ndarray, np.ndarray, np.ndarray]  # keypoints [V, 2], scores [V], box [4]


def person_boxes(det_model: Optional[torch.nn.Module], frame: np.ndarray,
                 score_thr: float = 0.5) -> np.ndarray:
    """Person boxes ``[N, 4]`` of a BGR frame from an mmdet detector with a ``person`` class;
    without a detector, the whole frame is one person box."""
    height, width = frame.shape[:2]
    if det_model is None:
        return np.array([[0, 0, width, height]], np.float32)
    from mmdet.apis import inference_detector
    person = list(det_model.dataset_meta['classes']).index(COCO_PERSON)
    result = inference_detector(det_model, frame).pred_instances
    keep = (result.labels == person) & (result.scores > score_thr)
    return result.bboxes[keep].cpu().numpy().astype(np.float32)


def video_people(pose_model: torch.nn.Module, frames: Sequence[np.ndarray],
                 det_model: Optional[torch.nn.Module] = None, det_score_thr: float = 0.5,
                 show_progress: bool = True) -> List[List[Person]]:
    """The people of every frame from an mmpose top-down model (no ``mmpose.apis``).

    Args:
        pose_model (torch.nn.Module): from :func:`hoi_plugins.apis.pose.init_pose_model`.
        frames (Sequence[np.ndarray]): BGR uint8 frames ``[H, W, 3]``.
        det_model (torch.nn.Module, optional): an mmdet person detector; without it each frame
            is one person box. Defaults to None.
        det_score_thr (float): person boxes kept above it. Defaults to 0.5.
        show_progress (bool): a progress bar over the frames. Defaults to True.

    Returns:
        list[list[tuple]]: per frame, per person ``(keypoints [V, 2], scores [V], box [4])``
        in pixels of the frame (the model's joint layout).
    """
    people = []
    for frame in track(frames, description='pose estimation', disable=not show_progress):
        boxes = person_boxes(det_model, frame, det_score_thr)
        keypoints, scores = topdown_poses(pose_model, frame, boxes)
        people.append(list(zip(keypoints, scores, boxes)))
    return people


def video_poses(pose_model: torch.nn.Module, frames: Sequence[np.ndarray],
                det_model: Optional[torch.nn.Module] = None, det_score_thr: float = 0.5,
                show_progress: bool = True) -> Tuple[np.ndarray, np.ndarray]:
    """Skeletons of every frame from an mmpose top-down model: :func:`video_people` stacked.

    Returns:
        tuple: ``keypoint`` ``(M, T, V, 2)`` and ``keypoint_score`` ``(M, T, V)`` (the model's
        joint layout, M the most people in a frame).
    """
    people = video_people(pose_model, frames, det_model, det_score_thr, show_progress)
    num_joints = len(pose_model.dataset_meta.get('keypoint_id2name', {})) or 17
    return stack_people([[(keypoints, scores) for keypoints, scores, _ in frame]
                         for frame in people], num_joints)
