"""Speed of the TIN interaction patterns against the official per-pair code, side by side.

    python tools/analysis/benchmark_tin_patterns.py \
        --official PATH/Transferable-Interactiveness-Network [--pairs 1000] [--per-image 50] \
        [--repeats 5]

Generates random posed pairs (joints in the human box), builds their patterns image by image
(``--per-image`` pairs each, as the transform runs once per sample: a training sample has up to
15 + 60 pairs) with ``GenerateInteractionPattern``'s function and with the official
``Get_next_sp_with_pose`` (``lib/ult/ult.py``, read from the given checkout at run time and run
with Python 2's ``round``, as the official code ran), checks that both are equal and prints the
min and median time of each over the repeats and their ratio. The two run image by image in
turn, so that both see the same load on a shared machine; as in a data pipeline, each image's
patterns are dropped before the next image (kept, every image's output would cost both sides the
same page faults of fresh memory, which are slow on some virtual machines). The official's
patterns of an image are joined by one ``np.stack``, cheaper than its training step, which
appends them one ``np.concatenate`` at a time.
"""
import argparse
import ast
import math
import statistics
import time
from pathlib import Path

import cv2
import numpy as np

from hoi_plugins.datasets.transforms.interaction_pattern import interaction_patterns

OFFICIAL_FUNCTIONS = ('bbox_trans', 'draw_relation', 'get_skeleton', 'Get_next_sp_with_pose')


def py2_round(x: float) -> float:
    """Python 2's ``round``: halves away from zero."""
    return float(math.floor(x + 0.5) if x >= 0 else math.ceil(x - 0.5))


def load_official(checkout: Path) -> dict:
    """The official pattern functions of ``lib/ult/ult.py``, without its TensorFlow imports."""
    source = (checkout / 'lib' / 'ult' / 'ult.py').read_text()
    tree = ast.parse(source)
    functions = [node for node in tree.body
                 if isinstance(node, ast.FunctionDef) and node.name in OFFICIAL_FUNCTIONS]
    missing = set(OFFICIAL_FUNCTIONS) - {f.name for f in functions}
    if missing:
        raise SystemExit(f'{checkout}/lib/ult/ult.py: functions {sorted(missing)} not found')
    namespace = dict(np=np, cv2=cv2, round=py2_round)
    exec(compile(ast.Module(body=functions, type_ignores=[]), str(checkout / 'lib/ult/ult.py'),
                 'exec'), namespace)
    return namespace


def random_pairs(num: int, seed: int = 0):
    """Human and object boxes ``[num, 4]`` and keypoints ``[num, 17, 3]`` (float64), the joints
    in the human box: on the canvas, where the official neck ``(joints[5] + joints[6]) / 2``
    gives under Python 3 what it gave under Python 2 (which floored it)."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 400, (num, 2, 2))
    wh = rng.uniform(20, 300, (num, 2, 2))
    boxes = np.concatenate([xy, xy + wh], axis=2)
    keypoints = np.concatenate([boxes[:, 0:1, :2] + rng.uniform(0, 1, (num, 17, 2))
                                * wh[:, 0:1], np.ones((num, 17, 1))], axis=2)
    return boxes[:, 0], boxes[:, 1], keypoints


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--official', type=Path, required=True,
                        help='a checkout of DirtyHarryLYL/Transferable-Interactiveness-Network')
    parser.add_argument('--pairs', type=int, default=1000)
    parser.add_argument('--per-image', type=int, default=50, help='pairs per call')
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args(argv)
    official = load_official(args.official)
    boxes_h, boxes_o, keypoints = random_pairs(args.pairs)
    has_pose = np.ones(args.pairs, bool)

    images = [slice(start, start + args.per_image)
              for start in range(0, args.pairs, args.per_image)]

    def ours(i):
        return interaction_patterns(boxes_h[i], boxes_o[i], keypoints[i], has_pose[i])

    def theirs(i):
        return np.stack([official['Get_next_sp_with_pose'](h, o, list(k.reshape(-1)))
                         for h, o, k in zip(boxes_h[i], boxes_o[i], keypoints[i])])

    equal = all(np.array_equal(ours(i), theirs(i).transpose(0, 3, 1, 2)) for i in images)

    our_times, their_times = [], []
    for _ in range(args.repeats):  # one repeat: every image, ours then the official in turn
        per_image = np.array([(seconds(ours, i), seconds(theirs, i)) for i in images])
        our_times.append(per_image[:, 0].sum())
        their_times.append(per_image[:, 1].sum())
    print(f'{args.pairs} posed pairs in {len(images)} images of {args.per_image}, '
          f'{args.repeats} repeats; outputs equal: {equal}')
    for name, times in (('ours', our_times), ('official', their_times)):
        print(f'{name:>9}: min {min(times):.4f} s, median {statistics.median(times):.4f} s')
    print(f'official / ours: min {min(their_times) / min(our_times):.1f}x, median '
          f'{statistics.median(their_times) / statistics.median(our_times):.1f}x')
    if not equal:
        raise SystemExit('the patterns differ')


if __name__ == '__main__':
    main()
