"""Extract EGTEA Gaze+ action clips into the frame layout of Gaze-Attention.

    python tools/data/egtea/extract_frames.py data/egtea/cropped_clips data/egtea \
        [--flow] [--height 256 --width 340]

For every ``<clip>.mp4`` under the input folder (any depth) it writes
``images_rgb/<clip>/0001.jpg ...`` resized to height x width and, with ``--flow``,
``images_flow/<clip>/{u,v}/0001.jpg ...``: TV-L1 optical flow (OpenCV contrib; Farneback
when contrib is absent, said on stderr) between frame ``i`` and ``i + 1``, clipped to
+-``--bound`` pixels and stored as ``128 + flow * 127.5 / bound``; the last frame repeats the
previous flow so that RGB and flow have the same number of frames.
"""
import argparse
import sys
from pathlib import Path

import cv2
import numpy as np


def flow_estimator():
    """TV-L1 from opencv-contrib, else Farneback."""
    if hasattr(cv2, 'optflow'):
        tvl1 = cv2.optflow.DualTVL1OpticalFlow_create()
        return lambda prev, nxt: tvl1.calc(prev, nxt, None)
    print('opencv-contrib not found: using Farneback flow instead of TV-L1', file=sys.stderr)
    return lambda prev, nxt: cv2.calcOpticalFlowFarneback(prev, nxt, None, 0.5, 3, 15, 3, 5,
                                                          1.2, 0)


def read_frames(video: Path, height: int, width: int) -> list:
    capture = cv2.VideoCapture(str(video))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA))
    capture.release()
    if not frames:
        raise RuntimeError(f'{video}: no frame could be decoded')
    return frames


def write_clip(video: Path, out_root: Path, height: int, width: int, flow, bound: float) -> int:
    frames = read_frames(video, height, width)
    rgb_dir = out_root / 'images_rgb' / video.stem
    rgb_dir.mkdir(parents=True, exist_ok=True)
    for index, frame in enumerate(frames, start=1):
        cv2.imwrite(str(rgb_dir / f'{index:04d}.jpg'), frame)
    if flow is None:
        return len(frames)
    gray = [cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) for frame in frames]
    fields = [flow(gray[i], gray[i + 1]) for i in range(len(gray) - 1)] or [
        np.zeros((height, width, 2), np.float32)]
    fields.append(fields[-1])
    for direction, channel in (('u', 0), ('v', 1)):
        flow_dir = out_root / 'images_flow' / video.stem / direction
        flow_dir.mkdir(parents=True, exist_ok=True)
        for index, field in enumerate(fields, start=1):
            plane = 128 + np.clip(field[..., channel], -bound, bound) * 127.5 / bound
            cv2.imwrite(str(flow_dir / f'{index:04d}.jpg'), np.clip(plane, 0, 255).astype(np.uint8))
    return len(frames)


def main():
    parser = argparse.ArgumentParser(description='EGTEA clips -> frames (and flow)')
    parser.add_argument('clips', help='folder of the action clips (cropped_clips)')
    parser.add_argument('out', help='dataset root, e.g. data/egtea')
    parser.add_argument('--flow', action='store_true', help='also compute optical flow')
    parser.add_argument('--height', type=int, default=256)
    parser.add_argument('--width', type=int, default=340)
    parser.add_argument('--bound', type=float, default=20.0, help='flow clip bound (pixels)')
    args = parser.parse_args()
    videos = sorted(Path(args.clips).rglob('*.mp4'))
    if not videos:
        raise SystemExit(f'no .mp4 clip under {args.clips}')
    flow = flow_estimator() if args.flow else None
    for number, video in enumerate(videos, start=1):
        count = write_clip(video, Path(args.out), args.height, args.width, flow, args.bound)
        print(f'[{number}/{len(videos)}] {video.stem}: {count} frames')


if __name__ == '__main__':
    main()
