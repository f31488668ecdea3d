"""Writers of drawn results that fail loudly: a tool reports only files that exist."""
import json
import os.path as osp
from pathlib import Path
from typing import Any, Sequence

import cv2
import numpy as np


def _parent(path: str) -> None:
    Path(path).resolve().parent.mkdir(parents=True, exist_ok=True)


def write_image(path: str, image: np.ndarray) -> str:
    """Write a BGR image (creating its folder); raise ``IOError`` when nothing was written."""
    _parent(path)
    try:
        written = cv2.imwrite(path, image)
    except cv2.error:
        written = False
    if not written or not osp.isfile(path):
        raise IOError(f'{path}: OpenCV could not write the image (is the suffix an image '
                      'format such as .jpg or .png?)')
    return path


def write_video(path: str, frames: Sequence[np.ndarray], fps: float) -> str:
    """Write BGR frames of one size as an MP4 (``mp4v``) at ``fps`` (creating its folder).

    Raises:
        IOError: when OpenCV cannot open the writer or the file is missing or empty after.
    """
    if len(frames) == 0:
        raise ValueError(f'{path}: no frames to write')
    _parent(path)
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), float(fps), (width, height))
    if not writer.isOpened():
        raise IOError(f'{path}: OpenCV cannot write a video there (use the .mp4 suffix)')
    for frame in frames:
        writer.write(np.ascontiguousarray(frame))
    writer.release()
    if not osp.isfile(path) or osp.getsize(path) == 0:
        raise IOError(f'{path}: the video writer produced no file')
    return path


def write_json(path: str, content: Any) -> str:
    """Dump ``content`` as indented JSON (creating its folder)."""
    _parent(path)
    with open(path, 'w') as f:
        json.dump(content, f, indent=1)
    return path
