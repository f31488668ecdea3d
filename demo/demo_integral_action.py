"""IntegralAction on a video: poses from a file or an mmpose model, top-5 actions drawn.

    python demo/demo_integral_action.py CONFIG CHECKPOINT VIDEO_OR_FOLDER [LABELS] \
        (--pose-file PREDS.json | --pose-config POSE_CFG --pose-checkpoint POSE_CKPT \
         [--det-config DET_CFG --det-checkpoint DET_CKPT]) \
        (--out-filename OUT.mp4 | --out-dir DIR) [--device cpu]

A thin wrapper around :class:`hoi_plugins.apis.IntegralActionInferencer`: the video goes
through the config's test pipeline (read by mmaction2's ``OpenCVInit``; its clips, crops and
pose maps). Poses come from a file per video (``--pose-file``: what
``MMPoseInferencer(pred_out_dir=...)`` writes; a folder of ``<video>.json`` for a folder of
videos) or from any mmpose top-down model run on every frame without ``mmpose.apis`` (on the
person boxes of an mmdet detector, or the whole frame without ``--det-config``). COCO-17
keypoints are converted to the OpenPose-18 layout of the Kinetics models (``--pose-layout
openpose18``: the poses are already in it). Every frame is written with the skeletons and the
top-5 actions; ``OUT.json`` gets the top-5 and all scores.
"""
from typing import List, Optional

from hoi_plugins.apis import IntegralActionInferencer
from hoi_plugins.apis.demo_cli import demo_parser, parse_demo_args, run_demo


def main(argv: Optional[List[str]] = None) -> dict:
    parser = demo_parser(__doc__.split('\n')[0], 'a video file or a folder of videos',
                         'output video (.mp4)')
    poses = parser.add_mutually_exclusive_group(required=True)
    poses.add_argument('--pose-file', help='mmpose predictions of the video (or a folder)')
    poses.add_argument('--pose-config', help='mmpose top-down config')
    parser.add_argument('--pose-checkpoint', help='mmpose checkpoint (path or URL)')
    parser.add_argument('--det-config', help='mmdet person detector config')
    parser.add_argument('--det-checkpoint', help='mmdet checkpoint (path or URL)')
    parser.add_argument('--pose-layout', choices=('coco17', 'openpose18'), default='coco17',
                        help='joint layout of the poses (mmpose: coco17, converted to the '
                        'OpenPose-18 layout of the Kinetics models)')
    args = parse_demo_args(parser, argv)
    inferencer = IntegralActionInferencer(
        args.config, args.checkpoint, args.device, label_names=args.labels,
        pose_model=args.pose_config, pose_weights=args.pose_checkpoint,
        det_model=args.det_config, det_weights=args.det_checkpoint,
        pose_layout=args.pose_layout)
    result = run_demo(inferencer, args, pose_file=args.pose_file)
    for prediction in result['predictions']:
        print(f'{prediction["video"]} top-5:',
              ', '.join(f'{p["label"]} ({p["score"]:.3f})' for p in prediction['top5']))
    return result


if __name__ == '__main__':
    main()
