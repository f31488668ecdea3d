"""Speed of the hotspots metric and of the heatmap extraction.

    python tools/analysis/benchmark_hotspots.py [--maps 10000] [--batch 2] [--actions 7]
        [--model paper|small] [--repeats 3]

1. Metric: KLD + SIM + AUC-J of ``--maps`` predicted 28x28 maps against ground truth at 28x28
   (the resolution both are scored at; the official evaluator's loop takes about 0.34 s per
   1,042 maps on this machine), and of 1,042 maps with 224x224 ground truth (OPRA's test set).
2. Extraction: for a batch of inactive images, the heatmaps of all actions (one forward, one
   backward batched over actions) against one forward + backward pass (encoder, anticipation
   path, backward of one action's logit with parameter gradients, as each step of the official
   loop) and against the official loop (one backward per action).
"""
import argparse
import time

import numpy as np
import torch

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.evaluation.functional.saliency import saliency_scores
from hoi_plugins.models.attribution.intcam import interaction_hotspots
from hoi_plugins.registry import MODELS

MODELS_BY_SIZE = dict(
    paper=dict(depth=50, num_stages=4, strides=(1, 2, 1, 1), dilations=(1, 1, 2, 4),
               channels=2048, image=224),
    small=dict(depth=18, num_stages=2, strides=(1, 1), dilations=(1, 2), channels=128,
               image=64))


def best_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


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


def benchmark_extraction(size: str, batch: int, num_actions: int, repeats: int) -> None:
    torch.manual_seed(0)
    model = build_model(size, num_actions)
    images = torch.randn(batch, 3, MODELS_BY_SIZE[size]['image'], MODELS_BY_SIZE[size]['image'])

    def forward_backward(action: int = 0) -> None:
        with torch.no_grad():
            features = model.inactive_features(images)
        features.requires_grad_(True)
        logits = model.anticipation_logits(features)
        model.zero_grad()
        logits[:, action].sum().backward()

    def official_loop() -> None:
        with torch.no_grad():
            features = model.inactive_features(images)
        features.requires_grad_(True)
        logits = model.anticipation_logits(features)
        for action in range(num_actions):
            model.zero_grad()
            grad = torch.zeros_like(logits)
            grad[:, action] = 1
            logits.backward(grad, retain_graph=True)
            torch.relu(features.grad * features).sum(1)
            features.grad = None

    one = best_time(forward_backward, repeats)
    ours = best_time(lambda: interaction_hotspots(model, images), repeats)
    loop = best_time(official_loop, repeats)
    print(f'extraction ({size} model, batch {batch}, {num_actions} actions): '
          f'one forward+backward {one:.3f} s | all actions batched {ours:.3f} s '
          f'({ours / one:.2f}x) | official loop {loop:.3f} s ({loop / one:.2f}x)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--maps', type=int, default=10000)
    parser.add_argument('--batch', type=int, default=2)
    parser.add_argument('--actions', type=int, default=7)
    parser.add_argument('--model', choices=sorted(MODELS_BY_SIZE), default='paper')
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    benchmark_metric(args.maps, args.repeats)
    benchmark_extraction(args.model, args.batch, args.actions, args.repeats)


if __name__ == '__main__':
    main()
