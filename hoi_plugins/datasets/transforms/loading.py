"""Frame and image decoding whose failures name the file.

OpenCV returns ``None`` for bytes it can not decode (an empty, cut or overwritten JPEG), and the
error surfaces later without a path (``!_src.empty() in function 'cvtColor'``). Every decoder
of our pipelines goes through :func:`decode_image`; mmaction2's ``RawFrameDecode`` and mmcv's
``LoadImageFromFile`` are registered again in the ``hoi_plugins`` scope (the configs' default
scope) with the same names and arguments, reading through :class:`CheckedFileClient`.
"""
from typing import Dict, Optional

import mmcv
import numpy as np
from mmaction.datasets.transforms import RawFrameDecode as MMActionRawFrameDecode
from mmcv.transforms import LoadImageFromFile as MMCVLoadImageFromFile
from mmengine.fileio import FileClient

from hoi_plugins.registry import TRANSFORMS

JPEG_START, JPEG_END = b'\xff\xd8', b'\xff\xd9'


class CorruptFrameError(ValueError):
    """A frame or image file that can not be decoded; the message names it."""


def check_image_bytes(content: bytes, path: str) -> None:
    """Raise :class:`CorruptFrameError` for an empty file or a JPEG cut before its end marker.

    OpenCV decodes a cut JPEG with a grey lower part and only a warning, so the end-of-image
    marker is checked (padding after it is allowed).
    """
    if not content:
        raise CorruptFrameError(f'{path}: the file is empty (0 bytes)')
    if content.startswith(JPEG_START) and JPEG_END not in content[-64:]:
        raise CorruptFrameError(f'{path}: the JPEG is cut short ({len(content)} bytes, no '
                                'end-of-image marker)')


def decode_image(content: bytes, path: str, flag: str = 'color',
                 channel_order: str = 'bgr', backend: Optional[str] = None) -> np.ndarray:
    """``mmcv.imfrombytes`` that raises :class:`CorruptFrameError` naming ``path``.

    Args:
        content (bytes): the file's bytes.
        path (str): the file, for the error message.
        flag, channel_order, backend: as in :func:`mmcv.imfrombytes`.

    Returns:
        np.ndarray: the image, [H, W, 3] (color) or [H, W] (grayscale).
    """
    check_image_bytes(content, path)
    try:
        image = mmcv.imfrombytes(content, flag=flag, channel_order=channel_order,
                                 backend=backend)
    except Exception as error:
        raise CorruptFrameError(f'{path}: can not be decoded as an image ({error})') from error
    if image is None:
        raise CorruptFrameError(f'{path}: can not be decoded as an image ({len(content)} bytes)')
    return image


class CheckedFileClient:
    """A file client whose ``get`` checks image bytes and remembers the last path read.

    Args:
        client: the wrapped client or backend (anything with ``get(path) -> bytes``).
    """

    def __init__(self, client) -> None:
        self.client = client
        self.last_path: Optional[str] = None

    def get(self, path: str) -> bytes:
        self.last_path = str(path)
        content = self.client.get(path)
        check_image_bytes(content, self.last_path)
        return content

    def __getattr__(self, name: str):
        return getattr(self.client, name)


@TRANSFORMS.register_module()
class RawFrameDecode(MMActionRawFrameDecode):
    """mmaction2's ``RawFrameDecode`` whose decoding errors name the frame file.

    Same arguments and keys as mmaction2's; raises :class:`CorruptFrameError` with the path.
    """

    def transform(self, results: Dict) -> Dict:
        if not isinstance(self.file_client, CheckedFileClient):
            self.file_client = CheckedFileClient(FileClient(self.io_backend, **self.kwargs))
        try:
            return super().transform(results)
        except (CorruptFrameError, FileNotFoundError):  # both name the file
            raise
        except Exception as error:
            path = self.file_client.last_path or results.get('frame_dir')
            raise CorruptFrameError(f'{path}: can not be decoded as a frame '
                                    f'({type(error).__name__}: {error})') from error


@TRANSFORMS.register_module()
class LoadImageFromFile(MMCVLoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` whose decoding errors name the image file.

    Same arguments and keys as mmcv's (``ignore_empty`` still skips missing or unreadable
    files); raises :class:`CorruptFrameError` with the path.
    """

    def transform(self, results: Dict) -> Optional[Dict]:
        try:
            return super().transform(results)
        except (CorruptFrameError, FileNotFoundError):
            raise
        except Exception as error:
            raise CorruptFrameError(f'{results["img_path"]}: can not be decoded as an image '
                                    f'({type(error).__name__}: {error})') from error
