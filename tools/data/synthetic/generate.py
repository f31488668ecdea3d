"""Generate a synthetic dataset in a real on-disk format.

    python tools/data/synthetic/generate.py --task video_recognition --out data/synthetic/video_recognition
    python tools/data/synthetic/generate.py --list
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
    summary = generate_synthetic(args.task, args.out, seed=args.seed, **args.options)
    print(json.dumps(summary, indent=2))


if __name__ == '__main__':
    main()
