"""A user's own inputs made with OpenCV, untrained checkpoints and tiny mmpose models, shared
by the inferencer, demo and visualisation tests. The config names live here only."""
import json
from pathlib import Path
from typing import List

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

from hoi_plugins.apis.inferencers.base_inferencer import read_video  # noqa: F401
from tests.helpers import PROJECT_ROOT

CONFIGS = dict(
    tin='configs/tin/tin_r18-16c_12e_hico-det-synthetic.py',
    hotspots='configs/hotspots/hotspots_r18-stage1_12e_synthetic.py',
    gaze_attention='configs/gaze_attention/gaze-attention_tiny-r18_1200it_egtea-synthetic.py',
    integral_action='configs/integral_action/integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py',
)
CLASSES = dict(
    hotspots=['hold', 'touch', 'rotate', 'push'],
    gaze_attention=[f'gaze action {i}' for i in range(6)],
    integral_action=[f'action {i}' for i in range(8)],
)

# a random mmpose top-down model (COCO-17) small enough for CPU tests
POSE_CFG = dict(
    default_scope='mmpose',
    model=dict(
        type='TopdownPoseEstimator',
        data_preprocessor=dict(type='PoseDataPreprocessor', mean=[0, 0, 0], std=[255, 255, 255],
                               bgr_to_rgb=True),
        backbone=dict(type='ResNet', depth=18, base_channels=8),
        head=dict(type='HeatmapHead', in_channels=64, out_channels=17,
                  deconv_out_channels=(16, ), deconv_kernel_sizes=(4, ),
                  loss=dict(type='KeypointMSELoss', use_target_weight=True),
                  decoder=dict(type='MSRAHeatmap', input_size=(64, 64), heatmap_size=(4, 4),
                               sigma=1)),
        test_cfg=dict(flip_test=False)),
    test_dataloader=dict(dataset=dict(pipeline=[
        dict(type='LoadImage'), dict(type='GetBBoxCenterScale'),
        dict(type='TopdownAffine', input_size=(64, 64)), dict(type='PackPoseInputs')])))


def config_path(method: str) -> str:
    return str(PROJECT_ROOT / CONFIGS[method])


def untrained_checkpoint(method: str, path: Path, seed: int = 0) -> Path:
    """The config's model at its initial weights, with class names in the metadata."""
    from hoi_plugins.registry import MODELS
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        model = MODELS.build(Config.fromfile(config_path(method)).model)
    meta = dict(dataset_meta=dict(classes=CLASSES[method])) if method in CLASSES else {}
    torch.save(dict(state_dict=model.state_dict(), meta=meta), path)
    return path


def pose_config(path: Path) -> Path:
    """A tiny random mmpose config file."""
    Config(POSE_CFG).dump(str(path))
    return path


def make_photo(path: Path, size=(120, 160), seed: int = 0) -> np.ndarray:
    """A JPEG of coloured shapes on a gradient, written with OpenCV; returns the BGR image."""
    rng = np.random.default_rng(seed)
    height, width = size
    image = np.zeros((height, width, 3), np.uint8)
    image[..., 0] = np.linspace(40, 200, width, dtype=np.uint8)[None]
    image[..., 1] = np.linspace(60, 180, height, dtype=np.uint8)[:, None]
    for _ in range(3):
        x, y = int(rng.integers(10, width - 40)), int(rng.integers(10, height - 40))
        color = tuple(int(c) for c in rng.integers(0, 255, 3))
        cv2.rectangle(image, (x, y), (x + 30, y + 30), color, -1)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), image)
    return cv2.imread(str(path))


def make_video(path: Path, num_frames: int, fps: float, size=(48, 64)) -> List[np.ndarray]:
    """An MP4 of a square moving over a gradient, written with OpenCV; returns the frames."""
    height, width = size
    frames = []
    for t in range(num_frames):
        frame = np.zeros((height, width, 3), np.uint8)
        frame[..., 2] = np.linspace(30, 220, width, dtype=np.uint8)[None]
        x = int(t * (width - 16) / max(num_frames - 1, 1))
        cv2.rectangle(frame, (x, height // 3), (x + 14, height // 3 + 14), (0, 200, 0), -1)
        frames.append(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), fps, (width, height))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return frames


PHOTO_DETECTIONS = [dict(bbox=[20, 10, 70, 110], category_id=1, score=0.95),  # person
                    dict(bbox=[60, 50, 140, 110], category_id=2, score=0.9),  # bicycle
                    dict(bbox=[75, 15, 100, 40], category_id=47, score=0.8)]  # cup
OTHER_DETECTIONS = [dict(bbox=[5, 5, 50, 90], category_id=1, score=0.99),
                    dict(bbox=[40, 40, 90, 90], category_id=37, score=0.7)]  # sports ball


def tin_detections(path: Path, photo_names, other_names=('other_a.jpg', 'other_b.jpg')
                   ) -> None:
    """A detections JSON holding the photos (a person, a bicycle, a cup each) between the
    entries of other images."""
    entries = [dict(file_name=other_names[0], detections=OTHER_DETECTIONS)]
    entries += [dict(file_name=name, detections=PHOTO_DETECTIONS) for name in photo_names]
    entries += [dict(file_name=name, detections=OTHER_DETECTIONS) for name in other_names[1:]]
    path.write_text(json.dumps(entries))


def mmpose_pose_file(path: Path, num_frames: int, size=(64, 64), seed: int = 0,
                     empty_frames=(4, )) -> list:
    """What ``MMPoseInferencer(pred_out_dir=...)`` writes: one person (COCO-17) per frame."""
    rng = np.random.default_rng(seed)
    height, width = size
    predictions = [dict(frame_id=t, instances=[] if t in empty_frames else [
        dict(keypoints=np.stack([rng.uniform(8, width - 8, 17),
                                 rng.uniform(8, height - 8, 17)], 1).tolist(),
             keypoint_scores=rng.uniform(0.5, 1, 17).tolist())]) for t in range(num_frames)]
    path.write_text(json.dumps(predictions))
    return predictions


def assert_overlay_shows_the_peak(drawn: np.ndarray, source: np.ndarray, x: int, y: int) -> None:
    """Around the peak of a map scaled by its max, the written overlay is the half blend of
    the image with the jet colour of 1 (BGR 0, 0, 128) rather than the image itself (a blank
    overlay fails, whatever the image's colour there)."""
    window = (slice(max(y - 1, 0), y + 2), slice(max(x - 1, 0), x + 2))
    patch, image = drawn[window].astype(float), source[window].astype(float)
    blend = 0.5 * image + np.array([0, 0, 64.0])
    assert np.abs(patch - blend).mean() < np.abs(patch - image).mean(), (
        patch.mean((0, 1)), image.mean((0, 1)), blend.mean((0, 1)))
