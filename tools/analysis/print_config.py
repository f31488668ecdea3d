"""Print the full config, with its ``_base_`` files and ``--cfg-options`` merged in.

    python tools/analysis/print_config.py CONFIG [--cfg-options KEY=VALUE ...] [--out FILE.py]
"""
import argparse
from typing import Optional, Sequence

from mmengine.config import DictAction

from hoi_plugins.utils.run_config import merged_config


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, xxx=yyy pairs merged into the config')
    parser.add_argument('--out', help='also write the merged config to this .py file')
    args = parser.parse_args(argv)
    cfg = merged_config(args.config, args.cfg_options)
    print(f'Config:\n{cfg.pretty_text}')
    if args.out:
        cfg.dump(args.out)


if __name__ == '__main__':
    main()
