"""HOI detection on one image with TIN: draw the top triplets and write them as JSON.

    python demo/demo_hoi.py IMAGE CONFIG CHECKPOINT --out OUT.jpg \
        [--dets FILE | --det-config C --det-checkpoint W] [--pose-config C --pose-checkpoint W]

Detections come from ``--dets`` (a detections JSON or the iCAN pickle, the image found by file
name) or from any mmdet detector; keypoints from the detections file or any mmpose top-down
model (COCO-17). The triplets go to ``OUT.json`` beside ``OUT.jpg``.
"""
import argparse
import json
import os.path as osp

import cv2

from hoi_plugins.apis import (detections_from_model, inference_tin, init_pose_model, init_tin,
                              poses_from_model, top_triplets)
from hoi_plugins.formats.detections import load_detections
from hoi_plugins.visualization import draw_hoi_triplets


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('image')
    parser.add_argument('config', help='TIN config')
    parser.add_argument('checkpoint', help='TIN checkpoint')
    parser.add_argument('--dets', help='detections file (JSON list or iCAN pickle)')
    parser.add_argument('--det-config', help='mmdet config (instead of --dets)')
    parser.add_argument('--det-checkpoint', help='mmdet checkpoint')
    parser.add_argument('--det-score-thr', type=float, default=0.3)
    parser.add_argument('--pose-config', help='mmpose top-down config (COCO-17)')
    parser.add_argument('--pose-checkpoint', help='mmpose checkpoint')
    parser.add_argument('--topk', type=int, default=5, help='triplets to draw')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--out', required=True, help='output image; OUT.json gets the triplets')
    args = parser.parse_args(argv)
    if bool(args.dets) == bool(args.det_config):
        parser.error('give either --dets or --det-config/--det-checkpoint')
    return args


def main(argv=None) -> list:
    args = parse_args(argv)
    model = init_tin(args.config, args.checkpoint, args.device)
    if args.dets:
        detections = load_detections(args.dets, [osp.basename(args.image)])
        detections = detections[osp.basename(args.image)]
    else:
        from mmdet.apis import init_detector
        det_model = init_detector(args.det_config, args.det_checkpoint, device=args.device)
        detections = detections_from_model(det_model, args.image, args.det_score_thr)
    if args.pose_config:
        pose_model = init_pose_model(args.pose_config, args.pose_checkpoint, args.device)
        detections = poses_from_model(pose_model, args.image, detections)
    triplets = top_triplets(inference_tin(model, args.image, detections), args.topk)
    image = cv2.imread(args.image)
    cv2.imwrite(args.out, draw_hoi_triplets(image, triplets))
    with open(osp.splitext(args.out)[0] + '.json', 'w') as f:
        json.dump(triplets, f, indent=1)
    for t in triplets:
        print(f'{t["score"]:.3f}  {t["verb"]} {t["object"]}')
    return triplets


if __name__ == '__main__':
    main()
