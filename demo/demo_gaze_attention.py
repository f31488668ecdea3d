"""Gaze-Attention on a video: predicted gaze, Grad-CAM of the last block and the top-5 actions.

    python demo/demo_gaze_attention.py CONFIG CHECKPOINT VIDEO_OR_FOLDER [LABELS] \
        [--gaze GAZE.txt --gaze-offset N] (--out-filename OUT.mp4 | --out-dir DIR) \
        [--device cpu]

A thin wrapper around :class:`hoi_plugins.apis.GazeAttentionInferencer`: the video goes
through the config's test pipeline (read by mmaction2's ``OpenCVInit``; the official sliding
windows, logits averaged over them; Farneback flow on the fly for two-stream models). Every
frame is written at the video's frame rate, enlarged to a short side of at least 240 pixels.
``--gaze`` draws the recorded gaze of an EGTEA BeGaze file (video frame ``i`` = row
``i + --gaze-offset``). ``OUT.json`` gets the top-5 actions, all scores and the gaze peaks.
"""
from typing import List, Optional

from hoi_plugins.apis import GazeAttentionInferencer
from hoi_plugins.apis.demo_cli import demo_parser, parse_demo_args, run_demo


def main(argv: Optional[List[str]] = None) -> dict:
    parser = demo_parser(__doc__.split('\n')[0], 'a video file or a folder of videos',
                         'output video (.mp4)')
    parser.add_argument('--gaze', help='BeGaze gaze file of the video')
    parser.add_argument('--gaze-offset', type=int, default=0, help='gaze row of video frame 0')
    parser.add_argument('--resize-short-side', type=int,
                        help='short side of the frames before the crop (default: the crop)')
    args = parse_demo_args(parser, argv)
    inferencer = GazeAttentionInferencer(args.config, args.checkpoint, args.device,
                                         label_names=args.labels,
                                         resize_short_side=args.resize_short_side)
    result = run_demo(inferencer, args, gaze_file=args.gaze, gaze_offset=args.gaze_offset)
    for prediction in result['predictions']:
        print(f'{prediction["video"]} top-5:',
              ', '.join(f'{p["label"]} ({p["score"]:.3f})' for p in prediction['top5']))
    return result


if __name__ == '__main__':
    main()
