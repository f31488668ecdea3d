"""The command line the four demos share, in mmaction2's order:
``CONFIG CHECKPOINT INPUT [LABELS] [--out-filename FILE | --out-dir DIR] [--device cpu]``."""
import argparse
import os.path as osp
import warnings
from typing import List, Optional

from hoi_plugins.apis.inferencers.base_inferencer import BaseHOIInferencer
from hoi_plugins.visualization.writers import write_image, write_json, write_video


def demo_parser(description: str, input_help: str, out_help: str) -> argparse.ArgumentParser:
    """A parser with the shared arguments; each demo adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('config', help='config file (or a model name of configs/)')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('input', help=input_help)
    parser.add_argument('labels', nargs='?', default=None,
                        help='class names, one per line (default: the checkpoint\'s)')
    parser.add_argument('--label-map', help=argparse.SUPPRESS)  # the old name of LABELS
    parser.add_argument('--out-filename', help=f'{out_help}; its predictions go to the same '
                        'name with .json')
    parser.add_argument('--out-dir', help='folder for every input\'s drawings and '
                        '<name>.json predictions (needed for a folder of inputs)')
    parser.add_argument('--out', help=argparse.SUPPRESS)  # deprecated: --out-filename
    parser.add_argument('--device', default='cpu', help='device (cpu, cuda:0)')
    return parser


def parse_demo_args(parser: argparse.ArgumentParser,
                    argv: Optional[List[str]] = None) -> argparse.Namespace:
    """Parse, accepting the old order ``INPUT CONFIG CHECKPOINT --out OUT`` with a
    deprecation warning, and check the outputs."""
    args = parser.parse_args(argv)
    if not args.config.endswith('.py') and args.checkpoint.endswith('.py'):
        warnings.warn('the argument order INPUT CONFIG CHECKPOINT is deprecated; use '
                      "mmaction2's CONFIG CHECKPOINT INPUT", DeprecationWarning, stacklevel=2)
        print('deprecated argument order INPUT CONFIG CHECKPOINT: use CONFIG CHECKPOINT INPUT')
        args.input, args.config, args.checkpoint = args.config, args.checkpoint, args.input
    if args.out is not None:
        print('--out is deprecated: use --out-filename (a file) or --out-dir (a folder)')
        if osp.splitext(args.out)[1]:
            args.out_filename = args.out_filename or args.out
        else:
            args.out_dir = args.out_dir or args.out
    args.labels = args.labels or args.label_map
    if not osp.exists(args.input):
        parser.error(f'{args.input}: no such file or folder')
    if bool(args.out_filename) == bool(args.out_dir):
        parser.error('give one of --out-filename FILE or --out-dir DIR')
    if args.out_filename and osp.isdir(args.input):
        parser.error(f'{args.input} is a folder: give --out-dir DIR')
    return args


def run_demo(inferencer: BaseHOIInferencer, args: argparse.Namespace, drawing: str = '',
             **call_kwargs) -> dict:
    """Run ``inferencer`` on ``args.input`` and write its outputs; print each written path.

    With ``--out-dir`` the inferencer writes every drawing and ``<name>.json``; with
    ``--out-filename`` the drawing ``drawing`` (a suffix of the inferencer's drawings) goes
    to that file and the predictions beside it.
    """
    if args.out_dir:
        result = inferencer(args.input, out_dir=args.out_dir, **call_kwargs)
        written = result['written']
    else:
        result = inferencer(args.input, return_vis=True, **call_kwargs)
        drawn = result['visualization'][0][drawing]
        prediction = result['predictions'][0]
        written = [write_video(args.out_filename, drawn, prediction.get('fps', 30.0))
                   if drawn.ndim == 4 else write_image(args.out_filename, drawn),
                   write_json(osp.splitext(args.out_filename)[0] + '.json', prediction)]
    for path in written:
        print(f'wrote {path}')
    return result
