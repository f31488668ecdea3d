"""Pack mmpose inferencer predictions of videos into mmaction2's skeleton pickle.

    python tools/data/kinetics/mmpose_to_skeleton_pkl.py LIST PRED_DIR ROOT OUT.pkl \
        [--video-suffix .mp4] [--split NAME] [--keep-coco17]

LIST has one video per line, ``<frame_dir> <label>``. PRED_DIR holds ``<frame_dir>.json``, what
``estimate_poses.py`` or ``MMPoseInferencer(..., pred_out_dir=PRED_DIR)`` writes for the video:
one entry per frame, a list of instances with ``keypoints`` ``[[x, y], ...]`` and
``keypoint_scores`` (or ``{"frame_id", "instances"}``). The pickle's ``img_shape``, the size
the keypoint pixels refer to, is that of what the poses were estimated on: with
``--video-suffix`` the video ``ROOT/<frame_dir><suffix>``, else the frame folder
``ROOT/<frame_dir>`` (frames ``000001.jpg`` ...); ``PoseRGBDataset`` rescales the keypoints to
the frames (or videos) it reads. COCO-17 keypoints are converted to the OpenPose-18 layout of the
Kinetics-trained models unless ``--keep-coco17``. The pickle is read by ``PoseRGBDataset``
(``skeleton_format='pickle'``, ``split=NAME``).
"""
import argparse
import os.path as osp
import pickle
from typing import Dict, List, Optional

from hoi_plugins.datasets.pose_rgb import image_size, video_frame_size
from hoi_plugins.formats.skeletons import load_mmpose_predictions


def read_video_list(path: str) -> List[tuple]:
    videos = []
    with open(path) as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            fields = line.split()
            if len(fields) != 2:
                raise ValueError(f'{path}:{line_no}: expected "<frame_dir> <label>", '
                                 f'got {line.strip()!r}')
            videos.append((fields[0], int(fields[1])))
    return videos


def pose_frame_size(frame_dir: str, root: str, video_suffix: Optional[str] = None,
                    filename_tmpl: str = '{:06}.jpg') -> tuple:
    """``(height, width)`` of the video ``root/<frame_dir><video_suffix>`` or, without a
    suffix, of the first frame of the folder ``root/<frame_dir>``."""
    if video_suffix is not None:
        video = osp.join(root, frame_dir + video_suffix)
        size = video_frame_size(video)
        if size is None:
            raise FileNotFoundError(f'{video}: cannot read the video of {frame_dir}')
        return size
    first_frame = osp.join(root, frame_dir, filename_tmpl.format(1))
    size = image_size(first_frame)
    if size is None:
        raise FileNotFoundError(f'{first_frame}: missing first frame of {frame_dir}')
    return size


def pack_video(frame_dir: str, label: int, pred_dir: str, root: str,
               to_openpose18: bool = True, video_suffix: Optional[str] = None) -> Dict:
    """One annotation of the skeleton pickle."""
    pred_path = osp.join(pred_dir, f'{frame_dir}.json')
    if not osp.isfile(pred_path):
        raise FileNotFoundError(f'{pred_path}: no mmpose predictions for {frame_dir}')
    keypoint, keypoint_score = load_mmpose_predictions(pred_path, to_openpose18)
    height, width = pose_frame_size(frame_dir, root, video_suffix)
    return dict(frame_dir=frame_dir, label=label, img_shape=(height, width),
                original_shape=(height, width), total_frames=keypoint.shape[1],
                keypoint=keypoint, keypoint_score=keypoint_score)


def pack_videos(list_file: str, pred_dir: str, root: str, split: str,
                to_openpose18: bool = True, out: Optional[str] = None,
                video_suffix: Optional[str] = None) -> Dict:
    videos = read_video_list(list_file)
    annotations = [pack_video(d, label, pred_dir, root, to_openpose18, video_suffix)
                   for d, label in videos]
    content = dict(split={split: [d for d, _ in videos]}, annotations=annotations)
    if out is not None:
        with open(out, 'wb') as f:
            pickle.dump(content, f)
    return content


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('list', help='video list: "<frame_dir> <label>" per line')
    parser.add_argument('pred_dir', help='folder of <frame_dir>.json mmpose predictions')
    parser.add_argument('root', help='root of the videos (--video-suffix) or frame folders '
                        'the poses were estimated on')
    parser.add_argument('out', help='output pickle')
    parser.add_argument('--video-suffix', help='e.g. .mp4: the frame size is read from the '
                        'video ROOT/<frame_dir><suffix>, not from a frame folder')
    parser.add_argument('--split', default='test', help='split name (default test)')
    parser.add_argument('--keep-coco17', action='store_true',
                        help='keep the COCO-17 layout (models trained on COCO-17 poses)')
    return parser.parse_args()


def main():
    args = parse_args()
    content = pack_videos(args.list, args.pred_dir, args.root, args.split,
                          not args.keep_coco17, args.out, args.video_suffix)
    print(f'{args.out}: {len(content["annotations"])} videos in split {args.split!r}')


if __name__ == '__main__':
    main()
