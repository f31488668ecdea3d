"""Estimate the 2D poses of every frame of videos with an mmpose top-down model.

    python tools/data/kinetics/estimate_poses.py VIDEOS POSE_CONFIG POSE_CHECKPOINT OUT_DIR \
        [--det-config DET_CONFIG --det-checkpoint DET_CHECKPOINT] [--keep-subdirs]

VIDEOS is a video file or a folder searched for videos at any depth. Each video gets
``OUT_DIR/<name>.json`` (``name``: the file name without its extension, under its sub-folders
with ``--keep-subdirs``, as ``extract_frames.py`` names frame folders), one entry per frame,
``{"frame_id": t, "instances": [{"keypoints": [[x, y], ...], "keypoint_scores": [...],
"bbox": [[x1, y1, x2, y2]]}, ...]}`` in pixels of the video: what ``MMPoseInferencer(...,
pred_out_dir=OUT_DIR)`` writes and ``mmpose_to_skeleton_pkl.py`` reads. The model runs without
``mmpose.apis`` (which needs torchvision; see ``hoi_plugins/apis/pose.py``), on the person
boxes of an mmdet detector or, without one, on the whole frame.
"""
import argparse
import json
from pathlib import Path
from typing import List, Optional

from hoi_plugins.apis.inferencers.base_inferencer import find_videos, read_video, video_name
from hoi_plugins.apis.integral_action import video_people
from hoi_plugins.apis.pose import init_pose_model


def frame_predictions(people: list) -> List[dict]:
    """The inferencer's per-frame JSON entries of :func:`video_people`'s output."""
    return [dict(frame_id=t, instances=[
        dict(keypoints=keypoints.tolist(), keypoint_scores=scores.tolist(),
             bbox=[box.tolist()]) for keypoints, scores, box in frame])
        for t, frame in enumerate(people)]


def estimate(source: str, pose_config: str, pose_checkpoint: str, out_dir: str,
             det_config: Optional[str] = None, det_checkpoint: Optional[str] = None,
             keep_subdirs: bool = False, device: str = 'cpu') -> List[str]:
    """Write the predictions of every video; returns the written files."""
    pose_model = init_pose_model(pose_config, pose_checkpoint, device)
    det_model = None
    if det_config is not None:
        from mmdet.apis import init_detector
        det_model = init_detector(det_config, det_checkpoint, device=device)
    written = []
    for video in find_videos(source):
        frames, _ = read_video(video)
        people = video_people(pose_model, frames, det_model, show_progress=False)
        out = Path(out_dir) / f'{video_name(video, source, keep_subdirs)}.json'
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(frame_predictions(people)))
        print(f'{video}: {len(frames)} frames -> {out}')
        written.append(str(out))
    return written


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('videos', help='a video file or a folder of videos')
    parser.add_argument('pose_config', help='mmpose top-down config')
    parser.add_argument('pose_checkpoint', help='its checkpoint (path or URL)')
    parser.add_argument('out_dir', help='folder of the <name>.json predictions')
    parser.add_argument('--det-config', help='mmdet person detector config (default: the '
                        'whole frame is one person)')
    parser.add_argument('--det-checkpoint', help='its checkpoint (path or URL)')
    parser.add_argument('--keep-subdirs', action='store_true',
                        help='mirror the sub-folders of VIDEOS in OUT_DIR')
    parser.add_argument('--device', default='cpu', help='e.g. cpu, cuda:0 (default cpu)')
    return parser.parse_args()


def main():
    args = parse_args()
    estimate(args.videos, args.pose_config, args.pose_checkpoint, args.out_dir,
             args.det_config, args.det_checkpoint, args.keep_subdirs, args.device)


if __name__ == '__main__':
    main()
