"""Convert NTU RGB+D 60 ``.skeleton`` files into the skeleton pickle IntegralAction reads.

    python tools/data/ntu/ntu_skeleton_to_pkl.py SKELETON_DIR OUT.pkl [--ignore FILE]

Each ``SsssCcccPpppRrrrAaaa.skeleton`` gives one annotation: ``frame_dir`` = the sample name
(frames expected under ``data/ntu/frames/<name>/000001.jpg``), ``label`` = action - 1, the 25
Kinect joints projected on the 1920x1080 colour frames (``keypoint`` ``(M, T, 25, 2)``; NaN
joints get score 0, the others 1, as in the official reader) and ``img_shape`` (1080, 1920).
Splits: ``xsub_{train,val}`` (the 20 training subjects of the NTU paper) and
``xview_{train,val}`` (cameras 2 and 3 train, camera 1 tests). ``--ignore`` lists samples to
skip (e.g. the 302 samples with missing skeletons), one name per line.
"""
import argparse
import os
import os.path as osp
import pickle
import re
from typing import Dict, Iterable, Set

from hoi_plugins.formats.skeletons import load_ntu_skeleton

XSUB_TRAIN_SUBJECTS = {1, 2, 4, 5, 8, 9, 13, 14, 15, 16, 17, 18, 19, 25, 27, 28, 31, 34, 35, 38}
XVIEW_TRAIN_CAMERAS = {2, 3}
NAME = re.compile(r'S(\d{3})C(\d{3})P(\d{3})R(\d{3})A(\d{3})')


def convert(skeleton_files: Iterable[str], ignore: Set[str] = frozenset()) -> Dict:
    """The pickle content for the given ``.skeleton`` files."""
    split = {name: [] for name in ('xsub_train', 'xsub_val', 'xview_train', 'xview_val')}
    annotations = []
    for path in sorted(skeleton_files):
        name = osp.basename(path).split('.')[0]
        match = NAME.fullmatch(name)
        if match is None:
            raise ValueError(f'{path}: not an NTU sample name (SsssCcccPpppRrrrAaaa)')
        if name in ignore:
            continue
        _, camera, subject, _, action = map(int, match.groups())
        keypoint, keypoint_score = load_ntu_skeleton(path)
        annotations.append(dict(frame_dir=name, label=action - 1, img_shape=(1080, 1920),
                                original_shape=(1080, 1920), total_frames=keypoint.shape[1],
                                keypoint=keypoint, keypoint_score=keypoint_score))
        split['xsub_train' if subject in XSUB_TRAIN_SUBJECTS else 'xsub_val'].append(name)
        split['xview_train' if camera in XVIEW_TRAIN_CAMERAS else 'xview_val'].append(name)
    return dict(split=split, annotations=annotations)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('skeleton_dir', help='folder of the .skeleton files')
    parser.add_argument('out', help='output pickle, e.g. data/ntu/ntu60_integral_action.pkl')
    parser.add_argument('--ignore', help='file listing sample names to skip')
    return parser.parse_args()


def main():
    args = parse_args()
    ignore = set()
    if args.ignore:
        with open(args.ignore) as f:
            ignore = {line.strip() for line in f if line.strip()}
    files = [osp.join(args.skeleton_dir, f) for f in os.listdir(args.skeleton_dir)
             if f.endswith('.skeleton')]
    content = convert(files, ignore)
    with open(args.out, 'wb') as f:
        pickle.dump(content, f)
    sizes = ', '.join(f'{k} {len(v)}' for k, v in content['split'].items())
    print(f'{args.out}: {len(content["annotations"])} samples ({sizes})')


if __name__ == '__main__':
    main()
