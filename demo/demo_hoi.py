"""HOI detection with TIN on an image or a folder of images: top triplets drawn and as JSON.

    python demo/demo_hoi.py CONFIG CHECKPOINT IMAGE_OR_FOLDER \
        (--dets FILE | --det-config C --det-checkpoint W) \
        [--pose-config C --pose-checkpoint W] [--topk 5] \
        (--out-filename OUT.jpg | --out-dir DIR) [--device cpu]

A thin wrapper around :class:`hoi_plugins.apis.TINInferencer`. Detections come from ``--dets``
(a detections JSON or the iCAN/TIN pickle, each image found by file name; the file may hold
other images) or any mmdet detector with COCO classes; keypoints from the detections file or
any mmpose top-down model (COCO-17). ``OUT.json`` (or ``DIR/<image>.json``) gets the triplets.
"""
from typing import List, Optional

from hoi_plugins.apis import TINInferencer
from hoi_plugins.apis.demo_cli import demo_parser, parse_demo_args, run_demo


def parse_args(argv: Optional[List[str]] = None):
    parser = demo_parser(__doc__.split('\n')[0], 'an image or a folder of images',
                         'output image')
    parser.add_argument('--dets', help='detections file (JSON list or iCAN pickle)')
    parser.add_argument('--det-config', help='mmdet config (instead of --dets)')
    parser.add_argument('--det-checkpoint', help='mmdet checkpoint')
    parser.add_argument('--det-score-thr', type=float, default=0.3)
    parser.add_argument('--pose-config', help='mmpose top-down config (COCO-17)')
    parser.add_argument('--pose-checkpoint', help='mmpose checkpoint')
    parser.add_argument('--topk', type=int, default=5, help='triplets to draw and write')
    args = parse_demo_args(parser, argv)
    if bool(args.dets) == bool(args.det_config):
        parser.error('give either --dets or --det-config/--det-checkpoint')
    return args


def main(argv: Optional[List[str]] = None) -> dict:
    args = parse_args(argv)
    inferencer = TINInferencer(args.config, args.checkpoint, args.device, det_file=args.dets,
                               det_model=args.det_config, det_weights=args.det_checkpoint,
                               det_score_thr=args.det_score_thr, pose_model=args.pose_config,
                               pose_weights=args.pose_checkpoint)
    result = run_demo(inferencer, args, topk=args.topk)
    for prediction in result['predictions']:
        print(prediction['image'])
        for t in prediction['triplets']:
            print(f'  {t["score"]:.3f}  {t["verb"]} {t["object"]}')
    return result


if __name__ == '__main__':
    main()
