"""Extract the frames of videos as IntegralAction reads them (``<out>/<video>/000001.jpg``).

    python tools/data/kinetics/extract_frames.py VIDEO_DIR OUT_DIR [--short-side 256]
        [--size H W]

Frames are resized to a short side of 256 (Kinetics, Mimetics) or to a fixed ``--size``
(NTU: 240 320), as the official ``tool/*/video2image.py`` do. The folder of a video is its
file name without the extension (Mimetics: keep the class folder with ``--keep-subdirs``), as
``estimate_poses.py`` names its predictions.
"""
import argparse
import os
import os.path as osp

import cv2

from hoi_plugins.apis.inferencers.base_inferencer import find_videos, video_name


def extract(video: str, out_dir: str, short_side: int = 256, size=None) -> int:
    """Write the frames of ``video``; returns their number."""
    capture = cv2.VideoCapture(video)
    if not capture.isOpened():
        raise IOError(f'{video}: cannot be opened')
    os.makedirs(out_dir, exist_ok=True)
    count = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        height, width = frame.shape[:2]
        if size is not None:
            new_h, new_w = size
        elif width > height:
            new_h, new_w = short_side, int(width / height * short_side)
        else:
            new_h, new_w = int(height / width * short_side), short_side
        count += 1
        cv2.imwrite(osp.join(out_dir, f'{count:06d}.jpg'), cv2.resize(frame, (new_w, new_h)))
    if count == 0:
        raise IOError(f'{video}: no frame could be decoded')
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('video_dir')
    parser.add_argument('out_dir')
    parser.add_argument('--short-side', type=int, default=256)
    parser.add_argument('--size', type=int, nargs=2, metavar=('H', 'W'))
    parser.add_argument('--keep-subdirs', action='store_true',
                        help='mirror the sub-folders of VIDEO_DIR (Mimetics: one per class)')
    args = parser.parse_args(argv)
    for video in find_videos(args.video_dir):
        target = osp.join(args.out_dir, video_name(video, args.video_dir, args.keep_subdirs))
        count = extract(str(video), target, args.short_side, args.size)
        print(f'{target}: {count} frames')


if __name__ == '__main__':
    main()
