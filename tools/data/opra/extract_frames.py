"""Extract OPRA clip frames at 5 fps (256x256), in the layout ``OPRADataset`` reads.

    python tools/data/opra/extract_frames.py data/opra [--fps 5] [--size 256]

Reads ``ROOT/data/clips/<channel>/<playlist>/<product>/<clip>.mp4`` and writes
``ROOT/data/frames/<channel>/<playlist>/<product>/<clip>.mp4/image-%08d.jpg`` with ffmpeg, as
the official ``utils/extract_opra_frames.py``. Clips whose frame folder exists are skipped.
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path


def extract(root: Path, fps: int, size: int) -> int:
    clips = sorted((root / 'data' / 'clips').glob('*/*/*/*.mp4'))
    if not clips:
        raise FileNotFoundError(f'{root}/data/clips: no */*/*/*.mp4 clips (see the README)')
    if shutil.which('ffmpeg') is None:
        raise RuntimeError('ffmpeg is not on PATH')
    done = 0
    for clip in clips:
        out_dir = root / 'data' / 'frames' / clip.relative_to(root / 'data' / 'clips')
        if out_dir.is_dir() and any(out_dir.iterdir()):
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(['ffmpeg', '-loglevel', 'error', '-i', str(clip), '-vf',
                        f'scale={size}:{size},fps={fps}', str(out_dir / 'image-%08d.jpg')],
                       check=True)
        done += 1
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root', help='the OPRA root (holds data/clips)')
    parser.add_argument('--fps', type=int, default=5)
    parser.add_argument('--size', type=int, default=256)
    args = parser.parse_args()
    print(f'extracted {extract(Path(args.root), args.fps, args.size)} clips')
    return 0


if __name__ == '__main__':
    sys.exit(main())
