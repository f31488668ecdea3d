"""CPU cost of one IntegralAction training clip: our data pipeline against the official loader.

    python tools/analysis/benchmark_integral_action_data.py [--official PATH_TO_CHECKOUT]
        [--frames 100 300] [--videos 6] [--people 3] [--repeats 5]

Writes videos in the official Kinetics layout (frames at short side 256, 256x340 JPEGs;
Kinetics-skeleton JSONs with ``--people`` OpenPose-18 people per frame) to a temporary folder,
then times, on one CPU thread, the training sample of one clip (8 frames, 8 apart):

- ours, as shipped: ``PoseRGBDataset[i]`` with the train pipeline of
  ``integral-action-rgb-pose_tsm-r18_29e_kinetics50.py`` (skeletons of the sampled frames only,
  pose maps drawn on the CPU);
- ours, maps on the device: the same with ``GenerateJointHeatmapPAF(draw=False)``, the maps
  being drawn by ``PoseMapsDataPreprocessor`` on the model's device (not timed: GPU work, as
  in the official code);
- ours, maps on the device, skeletons converted once to ``.npz``
  (``tools/data/kinetics/skeletons_to_npz.py``, not timed) instead of parsing the JSON per clip;
- with ``--official``: the official ``Kinetics.__getitem__`` (data/Kinetics/Kinetics.py) run
  from the given checkout of mks0601/IntegralAction_RELEASE (its ``config`` replaced by the
  defaults it needs, the rest imported as it is), on the same files, side by side.

Prints the per-clip cost (min and median over ``--repeats`` passes over all videos) and the
ratio ours / official per video length.
"""
import argparse
import json
import os
import os.path as osp
import random
import statistics
import sys
import tempfile
import time
import types
from typing import Callable, Dict, List

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.formats.skeletons import kinetics_skeleton_arrays
from hoi_plugins.registry import DATASETS

CONFIG = 'configs/integral_action/integral-action-rgb-pose_tsm-r18_29e_kinetics50.py'
HEIGHT, WIDTH = 256, 340


def write_videos(root: str, num_videos: int, num_frames: int, num_people: int) -> List[Dict]:
    """Frames, Kinetics-skeleton files and the COCO-style JSON of ``num_videos`` videos."""
    rng = np.random.default_rng(num_frames)
    base = cv2.resize(rng.integers(0, 255, (HEIGHT // 8, WIDTH // 8, 3), dtype=np.uint8),
                      (WIDTH, HEIGHT))
    images, anns = [], []
    for index in range(num_videos):
        name = f'video{num_frames}_{index:03d}'
        frame_dir = osp.join(root, 'frames', 'train_256', 'class', f'{name}_000000_000010')
        os.makedirs(frame_dir)
        for t in range(1, num_frames + 1):
            cv2.imwrite(osp.join(frame_dir, f'{t:06d}.jpg'), np.roll(base, t, axis=1))
        data = [dict(frame_index=t, skeleton=[
            dict(pose=rng.uniform(0.1, 0.9, 36).round(3).tolist(),
                 score=rng.uniform(0, 1, 18).round(3).tolist()) for _ in range(num_people)])
            for t in range(1, num_frames + 1)]
        os.makedirs(osp.join(root, 'skeleton'), exist_ok=True)
        with open(osp.join(root, 'skeleton', f'{name}.json'), 'w') as f:
            json.dump(dict(data=data), f)
        images.append(dict(id=index, seq_name='class', file_name=f'{name}_000000_000010',
                           height=HEIGHT, width=WIDTH, frame_num=num_frames))
        anns.append(dict(id=index, image_id=index, action_label=0, action_name='class'))
    with open(osp.join(root, 'train.json'), 'w') as f:
        json.dump(dict(images=images, annotations=anns), f)
    return [dict(img_id=img['id'],
                 img_path=osp.join(root, 'frames', 'train_256', 'class', img['file_name']),
                 skeleton_path=osp.join(root, 'skeleton',
                                        img['file_name'].rsplit('_', 2)[0] + '.json'),
                 original_shape=(HEIGHT, WIDTH), action_label=0, action_name='class',
                 frame_num=img['frame_num'], start_frame_idx=None) for img in images]


def our_loader(root: str, draw: bool, npz: bool = False) -> Callable[[int], object]:
    cfg = Config.fromfile(CONFIG)
    pipeline = []
    for step in cfg.train_pipeline:
        step = dict(step)
        if step['type'] == 'GenerateJointHeatmapPAF' and not draw:
            step.update(draw=False, output_key='pose_points')
        if step['type'] == 'PackActionInputs' and not draw:
            step.update(collect_keys=('imgs', 'pose_points'))
        pipeline.append(step)
    skeleton_dir = osp.join(root, 'skeleton_npz' if npz else 'skeleton')
    if npz and not osp.isdir(skeleton_dir):  # what tools/data/kinetics/skeletons_to_npz.py does
        os.makedirs(skeleton_dir)
        for name in os.listdir(osp.join(root, 'skeleton')):
            np.savez(osp.join(skeleton_dir, name[:-len('.json')] + '.npz'),
                     **kinetics_skeleton_arrays(osp.join(root, 'skeleton', name)))
    dataset_cfg = dict(cfg.train_dataloader.dataset, ann_file=osp.join(root, 'train.json'),
                       label_file=None, pipeline=pipeline,
                       skeleton_tmpl='{video_name}.npz' if npz else '{video_name}.json',
                       data_prefix=dict(img=osp.join(root, 'frames', 'train_256'),
                                        skeleton=skeleton_dir))
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        dataset = DATASETS.build(dataset_cfg)
    return dataset.__getitem__


def official_loader(checkout: str, datalist: List[Dict]) -> Callable[[int], object]:
    """The official ``Kinetics.__getitem__`` with the official defaults of main/config.py."""
    cfg = types.SimpleNamespace(
        frame_per_seg=8, frame_interval=8, pose_frame_factor=1, video_shape=(256, ),
        input_img_shape=(224, 224), input_hm_shape=(56, 56), top_k_pose=5, train_aug=True,
        test_infer_num=10)
    sys.modules['config'] = types.SimpleNamespace(cfg=cfg)  # main/config.py needs its CLI
    sys.path[:0] = [osp.join(checkout, 'common'), osp.join(checkout, 'data', 'Kinetics')]
    from Kinetics import Kinetics  # noqa: E402  (the official data/Kinetics/Kinetics.py)
    dataset = Kinetics.__new__(Kinetics)  # skip load_data: the list is built above
    dataset.data_split = 'train'
    dataset.joint_num = 18
    dataset.flip_pairs = ((2, 5), (3, 6), (4, 7), (8, 11), (9, 12), (10, 13), (14, 15),
                          (16, 17))
    dataset.datalist = datalist
    return dataset.__getitem__


def per_clip_times(load: Callable[[int], object], num_videos: int, repeats: int) -> List[float]:
    """Seconds per clip of each pass over the videos."""
    load(0)  # warm-up (imports, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for index in range(num_videos):
            load(index)
        times.append((time.perf_counter() - start) / num_videos)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--official', help='a checkout of mks0601/IntegralAction_RELEASE')
    parser.add_argument('--frames', type=int, nargs='+', default=[100, 300])
    parser.add_argument('--videos', type=int, default=6)
    parser.add_argument('--people', type=int, default=3)
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    random.seed(0)
    np.random.seed(0)
    print(f'one training clip (8 frames), {args.people} people per frame, one CPU thread; '
          f'ms per clip, min / median of {args.repeats} passes over {args.videos} videos')
    for num_frames in args.frames:
        with tempfile.TemporaryDirectory() as root:
            datalist = write_videos(root, args.videos, num_frames, args.people)
            rows = dict(ours=our_loader(root, draw=True),
                        ours_device_maps=our_loader(root, draw=False),
                        ours_npz_device_maps=our_loader(root, draw=False, npz=True))
            if args.official:
                rows['official'] = official_loader(args.official, datalist)
            times = {name: per_clip_times(load, args.videos, args.repeats)
                     for name, load in rows.items()}
        for name, values in times.items():
            line = (f'{num_frames:4d} frames  {name:20s} {1e3 * min(values):7.2f} / '
                    f'{1e3 * statistics.median(values):7.2f} ms')
            if 'official' in times and name != 'official':
                line += (f'   ratio to official: {min(values) / min(times["official"]):.2f} / '
                         f'{statistics.median(values) / statistics.median(times["official"]):.2f}')
            print(line)


if __name__ == '__main__':
    main()
