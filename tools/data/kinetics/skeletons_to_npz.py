"""Convert Kinetics-skeleton JSONs once into ``.npz`` arrays that load without JSON parsing.

    python tools/data/kinetics/skeletons_to_npz.py \\
        data/kinetics50/kinetics-skeleton/kinetics_train data/kinetics50/kinetics-skeleton-npz/kinetics_train

Each ``<name>.json`` becomes ``<name>.npz`` (``frame_index``, ``num_people``, ``pose``,
``score``: the file's content, see ``hoi_plugins.formats.skeletons.kinetics_skeleton_arrays``).
Use them with ``skeleton_tmpl='{video_name}.npz'`` and ``data_prefix.skeleton`` pointing at the
output folder; the frame mapping (``skeleton_frame_index_base``) and the maps stay the same.
"""
import argparse
import os
import os.path as osp

import numpy as np

from hoi_plugins.formats.skeletons import kinetics_skeleton_arrays


def convert_folder(src: str, dst: str) -> int:
    """Convert every ``*.json`` of ``src`` into ``dst``; the number of files written."""
    if not osp.isdir(src):
        raise FileNotFoundError(f'{src}: not a folder of Kinetics-skeleton JSON files')
    os.makedirs(dst, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith('.json'):
            continue
        np.savez(osp.join(dst, name[:-len('.json')] + '.npz'),
                 **kinetics_skeleton_arrays(osp.join(src, name)))
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='folder of Kinetics-skeleton <name>.json files')
    parser.add_argument('dst', help='output folder of <name>.npz files')
    args = parser.parse_args()
    print(f'{args.dst}: {convert_folder(args.src, args.dst)} skeleton files')


if __name__ == '__main__':
    main()
