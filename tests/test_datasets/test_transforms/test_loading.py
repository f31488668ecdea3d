"""Every frame decoder names the file it could not decode."""
import os

import cv2
import numpy as np
import pytest
from mmengine.registry import DefaultScope

from hoi_plugins.datasets.transforms.loading import CorruptFrameError, decode_image
from hoi_plugins.registry import TRANSFORMS


def corrupt(path, fault: str) -> None:
    """The four faults of issue 16, applied to the JPEG at ``path``."""
    content = path.read_bytes()
    if fault == 'random bytes':
        path.write_bytes(np.random.default_rng(0).integers(0, 256, len(content), np.uint8)
                         .tobytes())
    elif fault == 'cut to half':
        path.write_bytes(content[:len(content) // 2])
    elif fault == 'empty':
        path.write_bytes(b'')
    elif fault == 'deleted':
        path.unlink()


FAULTS = ['random bytes', 'cut to half', 'empty', 'deleted']


@pytest.fixture
def frames(tmp_path):
    """``clip/img_00001.jpg`` .. ``img_00004.jpg`` (16 x 16 noise) and flow ``u``/``v``."""
    rng = np.random.default_rng(0)
    for folder in ('clip', 'flow/u', 'flow/v'):
        (tmp_path / folder).mkdir(parents=True)
        for index in range(1, 5):
            image = rng.integers(0, 256, (16, 16, 3), np.uint8)
            if folder != 'clip':
                image = image[..., 0]
            cv2.imwrite(str(tmp_path / folder / f'img_{index:05d}.jpg'), image)
    return tmp_path


def build(cfg: dict):
    with DefaultScope.overwrite_default_scope('hoi_plugins'):
        return TRANSFORMS.build(cfg)


def frame_results(root) -> dict:
    return dict(frame_dir=str(root / 'clip'), flow_dir=str(root / 'flow'),
                filename_tmpl='img_{:05d}.jpg', frame_inds=np.array([1, 2, 3, 4]),
                modality='RGB', start_index=1, offset=0)


@pytest.mark.parametrize('fault', FAULTS)
def test_raw_frame_decode_names_the_bad_frame(frames, fault):
    bad = frames / 'clip' / 'img_00003.jpg'
    corrupt(bad, fault)
    with pytest.raises((CorruptFrameError, FileNotFoundError), match=str(bad)):
        build(dict(type='RawFrameDecode'))(frame_results(frames))


def test_raw_frame_decode_is_mmaction2s_on_good_frames(frames):
    from mmaction.datasets.transforms import RawFrameDecode
    ours = build(dict(type='RawFrameDecode'))(frame_results(frames))
    theirs = RawFrameDecode()(frame_results(frames))
    assert type(build(dict(type='RawFrameDecode'))).__module__.startswith('hoi_plugins')
    assert all(np.array_equal(a, b) for a, b in zip(ours['imgs'], theirs['imgs']))


@pytest.mark.parametrize('fault', FAULTS)
def test_load_image_from_file_names_the_bad_image(frames, fault):
    bad = frames / 'clip' / 'img_00002.jpg'
    corrupt(bad, fault)
    with pytest.raises((CorruptFrameError, FileNotFoundError), match=str(bad)):
        build(dict(type='LoadImageFromFile'))(dict(img_path=str(bad)))


@pytest.mark.parametrize('fault', FAULTS)
def test_flow_frames_name_the_bad_file(frames, fault):
    bad = frames / 'flow' / 'v' / 'img_00004.jpg'
    corrupt(bad, fault)
    results = build(dict(type='RawFrameDecode'))(frame_results(frames))
    with pytest.raises((CorruptFrameError, FileNotFoundError), match=str(bad)):
        build(dict(type='LoadFlowFrames'))(results)


@pytest.mark.parametrize('fault', FAULTS)
def test_inactive_images_name_the_bad_file(frames, fault):
    bad = frames / 'clip' / 'img_00001.jpg'
    corrupt(bad, fault)
    with pytest.raises((CorruptFrameError, FileNotFoundError), match=str(bad)):
        build(dict(type='LoadInactiveImages', size=8))(dict(inactive_path=str(bad)))


def test_decode_image_accepts_padding_after_the_jpeg_end(frames):
    path = frames / 'clip' / 'img_00001.jpg'
    content = path.read_bytes()
    assert decode_image(content + b'\0' * 16, str(path)).shape == (16, 16, 3)
    with pytest.raises(CorruptFrameError, match='cut short'):
        decode_image(content[:-2], str(path))
    assert os.path.getsize(path) == len(content)
