"""Gaze-Attention demo: predicted gaze, Grad-CAM of the last block and the top-5 actions.

    python demo/demo_gaze_attention.py VIDEO CONFIG CHECKPOINT [--gaze GAZE.txt] \
        [--label-map LABELS.txt] --out OUT.mp4

The video is cut into the sliding windows of the config's test pipeline; the logits are
averaged over them (the official test). Frames are resized to the short side of the config's
crop and centre-cropped. Two-stream models get Farneback flow computed on the fly. ``--gaze``
draws the recorded gaze of an EGTEA BeGaze file (video frame ``i`` = row ``i + --gaze-offset``).
"""
import argparse

import cv2
import numpy as np
import torch
from mmaction.apis import init_recognizer

import hoi_plugins  # noqa: F401
from hoi_plugins.apis import gaze_attention_inference
from hoi_plugins.formats.egtea_gaze import parse_begaze_file
from hoi_plugins.visualization import draw_gaze_attention_frame


def parse_args():
    parser = argparse.ArgumentParser(description='Gaze-Attention demo')
    parser.add_argument('video', help='video file')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', required=True, help='output video (.mp4)')
    parser.add_argument('--gaze', help='BeGaze gaze file of the video')
    parser.add_argument('--gaze-offset', type=int, default=0, help='gaze row of video frame 0')
    parser.add_argument('--label-map', help='class names, one per line')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--fps', type=float, default=24.0)
    return parser.parse_args()


def test_settings(cfg):
    """(clip_len, window stride, crop size) from the config's test pipeline."""
    steps = {step['type']: step for step in cfg.test_pipeline}
    window = steps['SlidingWindowSampleFrames']
    crop = steps['CenterCrop']['crop_size']
    return window['clip_len'], window.get('stride', window['clip_len']), crop


def read_video(path: str, crop: int):
    """Frames [N, crop, crop, 3] BGR and the map of normalised points into them."""
    capture = cv2.VideoCapture(path)
    frames, geometry = [], None
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        height, width = frame.shape[:2]
        scale = crop / min(height, width)
        frame = cv2.resize(frame, (round(width * scale), round(height * scale)))
        top, left = (frame.shape[0] - crop) // 2, (frame.shape[1] - crop) // 2
        frames.append(frame[top:top + crop, left:left + crop])
        geometry = np.array([frame.shape[1], frame.shape[0]]), np.array([left, top])
    capture.release()
    if not frames:
        raise SystemExit(f'{path}: no frame could be decoded')
    size, corner = geometry
    return np.stack(frames), lambda point: point * size - corner


def flow_channels(frames: np.ndarray, bound: float = 20.0) -> np.ndarray:
    """Farneback u, v as 128 + flow * 127.5 / bound, one per frame (last repeated)."""
    gray = [cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) for frame in frames]
    fields = [cv2.calcOpticalFlowFarneback(a, b, None, 0.5, 3, 15, 3, 5, 1.2, 0)
              for a, b in zip(gray[:-1], gray[1:])] or [np.zeros(frames.shape[1:3] + (2, ))]
    fields.append(fields[-1])
    return np.clip(128 + np.clip(np.stack(fields), -bound, bound) * 127.5 / bound, 0, 255)


def main():
    args = parse_args()
    model = init_recognizer(args.config, args.checkpoint, device=args.device)
    clip_len, stride, crop = test_settings(model.cfg)
    frames, to_crop = read_video(args.video, crop)
    channels = frames[..., ::-1].astype(np.float32)  # RGB
    if model.flow_backbone is not None:
        channels = np.concatenate([channels, flow_channels(frames)], axis=-1)
    total = len(frames)
    starts = list(range(0, max(total - clip_len, 0) + 1, stride))
    index = (np.array(starts)[:, None] + np.arange(clip_len)[None]) % total  # [W, clip_len]
    windows = torch.from_numpy(np.ascontiguousarray(channels[index])).permute(0, 4, 1, 2, 3)
    result = gaze_attention_inference(model, windows.to(args.device))

    scores = torch.softmax(result['scores'], 0).cpu().numpy()
    names = (open(args.label_map).read().splitlines() if args.label_map
             else [str(k) for k in range(len(scores))])
    top5 = [(names[k], float(scores[k])) for k in np.argsort(-scores)[:5]]
    gaze_rows = parse_begaze_file(args.gaze) if args.gaze else None

    steps = result['grad_cam'].shape[1]
    writer = cv2.VideoWriter(args.out, cv2.VideoWriter_fourcc(*'mp4v'), args.fps,
                             (2 * crop, crop))
    for window, start in enumerate(starts):
        for offset in range(clip_len):
            frame_idx = (start + offset) % total
            step = min(offset * steps // clip_len, steps - 1)
            gaze = result['gaze'][window, step].cpu().numpy() if 'gaze' in result else None
            point = None
            row = frame_idx + args.gaze_offset
            if gaze_rows is not None and row < len(gaze_rows) and gaze_rows[row, 2] == 1:
                point = to_crop(gaze_rows[row, :2])
            writer.write(draw_gaze_attention_frame(
                frames[frame_idx], gaze, result['grad_cam'][window, step].cpu().numpy(),
                top5, point))
    writer.release()
    print('top-5:', ', '.join(f'{name} ({score:.3f})' for name, score in top5))
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
