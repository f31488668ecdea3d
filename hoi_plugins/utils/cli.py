"""Errors of the command-line tools as one line, and input loaders whose errors name the file.

A tool builds its parser with ``parents=[debug_parser()]`` and ends with
``sys.exit(run_cli(main))``: an error in the user's input (a missing, empty, truncated or
wrong-format file, a wrong length) prints ``error: FILE: ITEM: what was expected`` on one line and
exits with status 1; ``--debug`` shows the traceback instead. :func:`load_json_file` and
:func:`load_npz_file` turn the failures of ``json`` and ``numpy`` into such messages.
"""
import argparse
import json
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence, Tuple, Type, Union

import numpy as np

from hoi_plugins.formats.json_text import parse_json

PathLike = Union[str, Path]

# Exceptions that bad input raises; anything else is a bug and keeps its traceback.
INPUT_ERRORS: Tuple[Type[BaseException], ...] = (OSError, ValueError, KeyError, IndexError,
                                                 TypeError, EOFError, zipfile.BadZipFile,
                                                 zlib.error)


def debug_parser() -> argparse.ArgumentParser:
    """A parent parser with ``--debug`` (show the traceback of an input error)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--debug', action='store_true',
                        help='show the full traceback of an input error')
    return parser


def error_line(error: BaseException) -> str:
    """The error's message on one line (``KeyError`` without its quotes)."""
    message = error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) \
        else str(error)
    if not isinstance(error, (ValueError, KeyError, FileNotFoundError)) \
            or isinstance(error, (zipfile.BadZipFile, zlib.error)):
        message = f'{type(error).__name__}: {message}'
    return ' '.join(message.split())


def run_cli(main: Callable[[Sequence[str]], Optional[int]],
            argv: Optional[Sequence[str]] = None) -> int:
    """Run ``main(argv)``; an input error becomes one line on stderr and exit status 1.

    Args:
        main (Callable): the tool's ``main``, taking the argument list.
        argv (Sequence[str], optional): the arguments. Defaults to ``sys.argv[1:]``.

    Returns:
        int: ``main``'s return value, or 0 when it returns None.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        status = main(argv)
    except INPUT_ERRORS as error:
        if '--debug' in argv:
            raise
        print(f'error: {error_line(error)} (--debug shows the traceback)', file=sys.stderr)
        return 1
    return status if isinstance(status, int) else 0


def _read_bytes(path: PathLike, expected: str) -> bytes:
    """The bytes of ``path``; a missing or empty file is an error naming what was expected."""
    if not Path(path).is_file():
        raise FileNotFoundError(f'{path}: no such file; expected {expected}')
    data = Path(path).read_bytes()
    if not data:
        raise ValueError(f'{path}: empty file; expected {expected}')
    return data


def load_json_file(path: PathLike, kind: type, expected: str) -> Any:
    """The content of a JSON file, which must be of type ``kind`` (``list`` or ``dict``).

    Args:
        path (str | Path): the file.
        kind (type): the type of the top-level JSON value.
        expected (str): what the file should hold, for the messages, e.g.
            ``'a list of images (hoi_plugins/formats/hico_det_json.py)'``.
    """
    data = _read_bytes(path, expected)
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        raise ValueError(f'{path}: not a text (JSON) file; expected {expected}') from None
    try:
        content = parse_json(data)
    except json.JSONDecodeError as error:
        where = f'line {error.lineno} column {error.colno}: {error.msg}'
        if error.pos >= len(text.rstrip()) or error.msg.startswith('Unterminated string'):
            raise ValueError(f'{path}: JSON ends early (truncated file?) at {where}; '
                             f'expected {expected}') from None
        raise ValueError(f'{path}: invalid JSON at {where}; expected {expected}') from None
    if not isinstance(content, kind):
        raise ValueError(f'{path}: holds a JSON {type(content).__name__}; expected {expected}')
    return content


def load_npz_file(path: PathLike, fields: Sequence[str], expected: str) -> Dict[str, np.ndarray]:
    """The ``fields`` arrays of an ``.npz`` archive (``numpy.savez``), without pickles.

    Args:
        path (str | Path): the file.
        fields (Sequence[str]): the arrays it must hold.
        expected (str): what the file should hold, for the messages.
    """
    data = _read_bytes(path, expected)
    if data.startswith(b'\x93NUMPY'):
        raise ValueError(f'{path}: a single .npy array, not an .npz archive; expected {expected}')
    if not data.startswith(b'PK'):
        raise ValueError(f'{path}: not an .npz archive (numpy.savez); expected {expected}')
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [field for field in fields if field not in archive.files]
            if missing:
                raise KeyError(f'{path}: missing field "{missing[0]}" (found: '
                               f'{", ".join(archive.files) or "none"}); expected {expected}')
            return {field: archive[field] for field in fields}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ValueError(f'{path}: unreadable .npz archive (truncated file?): '
                         f'{" ".join(str(error).split())}; expected {expected}') from None
    except ValueError as error:  # object arrays: numpy refuses to unpickle them
        raise ValueError(f'{path}: {error}; expected {expected} as plain arrays') from None
