"""Speed of the hotspots metric and of the heatmap extraction.

    python tools/analysis/benchmark_hotspots.py [--maps 10000] [--batch 1] [--actions 7]
        [--model paper|small] [--repeats 3] [--threads 1 2] [--skip-metric]

1. Metric: KLD + SIM + AUC-J of ``--maps`` predicted 28x28 maps against ground truth at 28x28
   (the resolution both are scored at), and of 1,042 maps with 224x224 ground truth (OPRA's
   test set).
2. Extraction (IntCAM of all ``A`` actions from given encoder maps, the anticipation path:
   project -> pool -> LSTM -> fc), at each thread count, the three measured side by side in
   each repeat:
   - one forward + backward of the anticipation path (input and parameter gradients of one
     action's logit, as a training step of the official code);
   - ours: ``hotspot_maps`` (one forward, one backward batched over actions, input gradients
     only);
   - the official loop (``models/intcam.py``: one forward, then per action ``zero_grad`` and
     ``backward(retain_graph=True)``, which also computes the parameter gradients).
   Printed with the min and the median of the repeats: ours over the arithmetic floor
   ``(2 + 2A) / 6`` of one forward + backward (a forward is 1/3 of it, each action's input
   gradient another 1/3; bound <= 1.3) and the official loop over ours (bound >= 1.4).
"""
import argparse
import statistics
import time
from typing import Callable, Dict, List, Sequence

import numpy as np
import torch

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.evaluation.functional.saliency import saliency_scores
from hoi_plugins.models.attribution.intcam import hotspot_maps
from hoi_plugins.registry import MODELS

MODELS_BY_SIZE = dict(
    paper=dict(depth=50, num_stages=4, strides=(1, 2, 1, 1), dilations=(1, 1, 2, 4),
               channels=2048, image=224),
    small=dict(depth=18, num_stages=2, strides=(1, 1), dilations=(1, 2), channels=128,
               image=64))
FLOOR_BOUND = 1.3  # ours / ((2 + 2A) / 6 of one forward + backward), at most
LOOP_BOUND = 1.4  # official loop / ours, at least


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs of ``fn``, in seconds."""
    return min(side_by_side(dict(fn=fn), repeats)['fn'])


def side_by_side(fns: Dict[str, Callable[[], object]], repeats: int) -> Dict[str, List[float]]:
    """Seconds of each function in each repeat, run in turn within every repeat."""
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def benchmark_metric(num_maps: int, repeats: int) -> None:
    rng = np.random.default_rng(0)
    pred = rng.random((num_maps, 28, 28)).astype(np.float32)
    gt = (rng.random((num_maps, 28, 28)) ** 8).astype(np.float32)
    gt[::5] = 0  # some empty ground truths, as in OPRA
    seconds = best_time(lambda: saliency_scores(pred, gt), repeats)
    print(f'metric: {num_maps} maps (28x28 prediction and ground truth): {seconds:.3f} s '
          f'({seconds / num_maps * 1e6:.1f} us per map)')
    pred = rng.random((1042, 28, 28)).astype(np.float32)
    gt224 = (rng.random((1042, 224, 224)) ** 8).astype(np.float32)
    seconds = best_time(lambda: saliency_scores(pred, gt224), repeats)
    print(f'metric: 1042 maps (224x224 ground truth, as OPRA): {seconds:.3f} s')


def build_model(size: str, num_actions: int) -> torch.nn.Module:
    spec = MODELS_BY_SIZE[size]
    model = MODELS.build(dict(
        type='HotspotsRecognizer',
        backbone=dict(type='DilatedResNet', depth=spec['depth'], num_stages=spec['num_stages'],
                      strides=spec['strides'], dilations=spec['dilations']),
        cls_head=dict(type='LSTMActionHead', num_classes=num_actions,
                      in_channels=spec['channels'], hidden_size=spec['channels']),
        anticipation=dict(type='AnticipationModule', in_channels=spec['channels'])))
    return model.eval()


def benchmark_extraction(size: str, batch: int, num_actions: int, repeats: int,
                         threads: Sequence[int]) -> bool:
    """Print the extraction times and ratios at each thread count; True if both bounds hold."""
    torch.manual_seed(0)
    model = build_model(size, num_actions)
    images = torch.randn(batch, 3, MODELS_BY_SIZE[size]['image'], MODELS_BY_SIZE[size]['image'])
    with torch.no_grad():
        features = model.inactive_features(images)  # [N, C, h, w]

    def forward_backward() -> None:
        leaf = features.detach().requires_grad_(True)
        model.zero_grad()
        model.anticipation_logits(leaf)[:, 0].sum().backward()

    def official_loop() -> torch.Tensor:
        leaf = features.detach().requires_grad_(True)
        logits = model.anticipation_logits(leaf)
        cams = []
        for action in range(num_actions):
            model.zero_grad()
            grad = torch.zeros_like(logits)
            grad[:, action] = 1
            logits.backward(grad, retain_graph=True)
            cams.append(torch.relu(leaf.grad * leaf).sum(1).detach())
            leaf.grad = None
        return torch.stack(cams, 1)

    floor = (2 + 2 * num_actions) / 6
    holds = True
    previous_threads = torch.get_num_threads()
    for num_threads in threads:
        torch.set_num_threads(num_threads)
        times = side_by_side(dict(fb=forward_backward, ours=lambda: hotspot_maps(model, features),
                                  loop=official_loop), repeats)
        print(f'extraction ({size} model, batch {batch}, {num_actions} actions, '
              f'{num_threads} thread(s), {repeats} repeats; min / median):')
        for name, label in (('fb', 'one forward+backward'), ('ours', 'ours (batched)'),
                            ('loop', 'official loop')):
            print(f'  {label:22s} {min(times[name]):7.3f} s / '
                  f'{statistics.median(times[name]):7.3f} s')
        for stat_name, stat in (('min', min), ('median', statistics.median)):
            to_floor = stat(times['ours']) / (floor * stat(times['fb']))
            speedup = stat(times['loop']) / stat(times['ours'])
            holds &= to_floor <= FLOOR_BOUND and speedup >= LOOP_BOUND
            print(f'  {stat_name:6s}: ours / floor ({floor:.2f} x forward+backward) = '
                  f'{to_floor:.2f} (bound <= {FLOOR_BOUND}); official loop / ours = '
                  f'{speedup:.2f} (bound >= {LOOP_BOUND})')
    torch.set_num_threads(previous_threads)
    print('both bounds hold' if holds else 'a bound does not hold')
    return holds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--maps', type=int, default=10000)
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--actions', type=int, default=7)
    parser.add_argument('--model', choices=sorted(MODELS_BY_SIZE), default='paper')
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--threads', type=int, nargs='+', default=[1, 2],
                        help='thread counts of the extraction benchmark')
    parser.add_argument('--skip-metric', action='store_true')
    args = parser.parse_args()
    if not args.skip_metric:
        benchmark_metric(args.maps, args.repeats)
    benchmark_extraction(args.model, args.batch, args.actions, args.repeats, args.threads)


if __name__ == '__main__':
    main()
