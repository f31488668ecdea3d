"""Unpack the EPIC-Kitchens 2018 frame archives into the folders ``EPICHotspotsDataset`` reads.

    python tools/data/epic_kitchens/extract_frames.py data/epic_kitchens

Unpacks ``ROOT/frames_rgb_flow/rgb/train/<P01>/<P01_01>.tar`` into
``ROOT/frames_rgb_flow/rgb/train/<P01>/<P01_01>/frame_%010d.jpg`` and
``ROOT/object_detection_images/train/<P01>/<P01_01>.tar`` into
``ROOT/object_detection_images/train/<P01>/<P01_01>/%010d.jpg``. Archives already unpacked (their
folder exists) are skipped.
"""
import argparse
import sys
import tarfile
from pathlib import Path

SOURCES = ('frames_rgb_flow/rgb/train', 'object_detection_images/train')


def unpack(root: Path) -> int:
    archives = [a for source in SOURCES for a in sorted((root / source).glob('*/*.tar'))]
    if not archives:
        raise FileNotFoundError(f'{root}: no */*.tar under {" or ".join(SOURCES)} (see the '
                                'README)')
    done = 0
    for archive in archives:
        out_dir = archive.with_suffix('')
        if out_dir.is_dir():
            continue
        out_dir.mkdir()
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith('.jpg')]
            for member in members:
                member.name = Path(member.name).name  # flat folder of frames
            tar.extractall(out_dir, members=members, filter='data')
        done += 1
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root', help='the EPIC-Kitchens root')
    args = parser.parse_args()
    print(f'unpacked {unpack(Path(args.root))} archives')
    return 0


if __name__ == '__main__':
    sys.exit(main())
