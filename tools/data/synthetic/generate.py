"""Generate a synthetic dataset in a real on-disk format.

    python tools/data/synthetic/generate.py --task video_recognition --out data/synthetic/video_recognition
    python tools/data/synthetic/generate.py --task egtea_gaze --out data/synthetic/egtea_gaze --videos
    python tools/data/synthetic/generate.py --list

``--videos`` also writes every clip as an MP4 file (tasks egtea_gaze and integral_action), for
the configs that read videos instead of frame folders.
"""
import argparse
import json

from mmengine.config import DictAction

from hoi_plugins.datasets.synthetic import generate_synthetic, synthetic_task_names


def parse_args():
    parser = argparse.ArgumentParser(description='Generate a synthetic dataset')
    parser.add_argument('--task', help='task name (see --list)')
    parser.add_argument('--out', help='output folder, e.g. data/synthetic/<task>')
    parser.add_argument('--seed', type=int, default=0, help='random seed (default 0)')
    parser.add_argument('--options', nargs='+', action=DictAction, default={},
                        help='task sizes as key=value, e.g. num_train=64')
    parser.add_argument('--videos', action='store_true',
                        help='also write the clips as MP4 files (egtea_gaze, integral_action)')
    parser.add_argument('--list', action='store_true', help='list the tasks and exit')
    args = parser.parse_args()
    if not args.list and not (args.task and args.out):
        parser.error('--task and --out are required (or --list)')
    return args


def main():
    args = parse_args()
    if args.list:
        print('\n'.join(synthetic_task_names()))
        return
    options = dict(args.options, videos=True) if args.videos else args.options
    summary = generate_synthetic(args.task, args.out, seed=args.seed, **options)
    print(json.dumps(summary, indent=2))


if __name__ == '__main__':
    main()
