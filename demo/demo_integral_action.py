"""IntegralAction on a video: poses from mmpose (or a file), top-5 actions drawn on the frames.

    python demo/demo_integral_action.py VIDEO CONFIG CHECKPOINT \
        [--pose-config POSE_CFG --pose-checkpoint POSE_CKPT | --pose-file PREDS.json] \
        [--label-map LABELS.txt] --out OUT.mp4

Without ``--pose-file`` it runs mmpose's top-down inferencer (``--pose-config`` /
``--pose-checkpoint``, or the ``human`` alias) on every frame; a pose file is what
``MMPoseInferencer(pred_out_dir=...)`` writes for the video. COCO-17 keypoints (mmpose) are
converted to the OpenPose-18 layout of the Kinetics models; ``--pose-layout openpose18`` takes a
pose file already in that layout. The video is classified
with the config's test pipeline (its clips, crops and pose maps), then every frame is written
with the skeletons and the top-5 labels.
"""
import argparse
from typing import List, Optional, Tuple

import cv2
import numpy as np
import torch
from mmaction.apis import init_recognizer
from mmengine.dataset import Compose, pseudo_collate

import hoi_plugins  # noqa: F401
from hoi_plugins.formats.skeletons import (OPENPOSE18_LIMBS, coco17_to_openpose18,
                                                   load_mmpose_predictions, stack_people)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('video')
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    poses = parser.add_mutually_exclusive_group()
    poses.add_argument('--pose-file', help='mmpose inferencer predictions of the video')
    poses.add_argument('--pose-config', default='human',
                       help='mmpose 2D pose config or alias (default: human)')
    parser.add_argument('--pose-checkpoint', help='mmpose checkpoint for --pose-config')
    parser.add_argument('--pose-layout', choices=('coco17', 'openpose18'), default='coco17',
                        help='joint layout of the poses (mmpose: coco17, converted to the '
                        'OpenPose-18 layout of the Kinetics models)')
    parser.add_argument('--label-map', help='class names, one per line')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--out', required=True, help='output video (.mp4)')
    return parser.parse_args()


def read_video(path: str) -> Tuple[np.ndarray, float]:
    """RGB frames ``(T, H, W, 3)`` and the frame rate."""
    capture = cv2.VideoCapture(path)
    if not capture.isOpened():
        raise IOError(f'{path}: cannot be opened')
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame[..., ::-1])
    if not frames:
        raise IOError(f'{path}: no frame could be decoded')
    return np.stack(frames), fps


def run_mmpose(frames: np.ndarray, pose_config: str, pose_checkpoint: Optional[str],
               device: str) -> Tuple[np.ndarray, np.ndarray]:
    """COCO-17 skeleton arrays ``(M, T, 17, 2)``, ``(M, T, 17)`` from mmpose's inferencer."""
    from mmpose.apis import MMPoseInferencer
    inferencer = MMPoseInferencer(pose2d=pose_config, pose2d_weights=pose_checkpoint,
                                  device=device)
    people: List[list] = []
    for frame in frames:
        result = next(inferencer(frame[..., ::-1], return_vis=False))
        people.append([(np.asarray(p['keypoints'], np.float32),
                        np.asarray(p['keypoint_scores'], np.float32))
                       for p in result['predictions'][0]])
    return stack_people(people, 17)


def classify(model, config, frames: np.ndarray, keypoint: np.ndarray,
             keypoint_score: np.ndarray) -> torch.Tensor:
    """Class scores of the video with the config's test pipeline (frames from memory)."""
    steps = [dict(type='ArrayDecode') if step['type'] == 'RawFrameDecode' else step
             for step in config.test_pipeline]
    pipeline = Compose(steps)
    data = dict(array=frames, total_frames=len(frames), start_index=0, modality='RGB',
                keypoint=keypoint, keypoint_score=keypoint_score, label=-1,
                img_shape=frames.shape[1:3], original_shape=frames.shape[1:3])
    with torch.no_grad():
        result = model.test_step(pseudo_collate([pipeline(data)]))[0]
    return result.pred_score.cpu()


def draw(frames: np.ndarray, keypoint: np.ndarray, keypoint_score: np.ndarray,
         limbs, lines: List[str], out: str, fps: float) -> None:
    """Write the frames with the skeletons (joints scored > 0.1) and the label lines."""
    height, width = frames.shape[1:3]
    writer = cv2.VideoWriter(out, cv2.VideoWriter_fourcc(*'mp4v'), fps, (width, height))
    for t, frame in enumerate(frames):
        canvas = np.ascontiguousarray(frame[..., ::-1])
        for person, scores in zip(keypoint[:, t], keypoint_score[:, t]):
            for a, b in limbs:
                if scores[a] > 0.1 and scores[b] > 0.1:
                    cv2.line(canvas, tuple(int(v) for v in person[a]),
                             tuple(int(v) for v in person[b]), (0, 255, 0), 2)
        for row, text in enumerate(lines):
            cv2.putText(canvas, text, (8, 22 + 20 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.55,
                        (255, 255, 255), 2)
        writer.write(canvas)
    writer.release()


def main():
    args = parse_args()
    frames, fps = read_video(args.video)
    if args.pose_file:
        keypoint, score = load_mmpose_predictions(args.pose_file, to_openpose18=False)
    else:
        keypoint, score = run_mmpose(frames, args.pose_config, args.pose_checkpoint,
                                     args.device)
    if keypoint.shape[1] != len(frames):
        raise ValueError(f'{args.pose_file or "mmpose"}: poses for {keypoint.shape[1]} frames, '
                         f'the video has {len(frames)}')
    if args.pose_layout == 'coco17':
        keypoint, score = coco17_to_openpose18(keypoint, score)
    model = init_recognizer(args.config, args.checkpoint, device=args.device)
    config = model.cfg
    scores = classify(model, config, frames, keypoint, score)
    names = [str(i) for i in range(len(scores))]
    if args.label_map:
        with open(args.label_map) as f:
            names = [line.strip() for line in f]
    top5 = scores.topk(min(5, len(scores)))
    lines = [f'{names[i]}: {p:.2f}' for p, i in zip(top5.values.tolist(),
                                                   top5.indices.tolist())]
    draw(frames, keypoint, score, OPENPOSE18_LIMBS, lines, args.out, fps)
    print('\n'.join(lines))
    print(f'written {args.out}')


if __name__ == '__main__':
    main()
