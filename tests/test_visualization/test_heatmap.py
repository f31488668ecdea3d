"""The shared heat-map overlay and the writers that fail loudly."""
import cv2
import numpy as np
import pytest

from hoi_plugins.visualization import (overlay_heatmap, upscale_to, write_image, write_json,
                                       write_video)


def test_overlay_is_hot_where_the_map_is_high():
    frame = np.full((40, 60, 3), 128, np.uint8)
    heatmap = np.zeros((4, 6), np.float32)
    heatmap[0, 0] = 1.0  # top-left cell high
    out = overlay_heatmap(frame, heatmap).astype(int)
    # jet: high -> dark red (BGR 0, 0, 128), low -> dark blue (128, 0, 0), half blended
    assert out[2, 2, 2] - out[2, 2, 0] > 40
    assert out[-2, -2, 0] - out[-2, -2, 2] > 40
    assert out.shape == frame.shape


def test_upscale_enlarges_only():
    assert upscale_to(np.zeros((48, 64, 3), np.uint8), 240).shape == (240, 320, 3)
    assert upscale_to(np.zeros((480, 640, 3), np.uint8), 240).shape == (480, 640, 3)


def test_writers_create_folders_and_refuse_to_fail_silently(tmp_path):
    image = np.zeros((8, 8, 3), np.uint8)
    assert cv2.imread(write_image(str(tmp_path / 'a/b/x.jpg'), image)) is not None
    with pytest.raises(IOError, match='x.unknown'):
        write_image(str(tmp_path / 'x.unknown'), image)
    video = write_video(str(tmp_path / 'c/v.mp4'), [image] * 3, 5)
    assert cv2.VideoCapture(video).get(cv2.CAP_PROP_FRAME_COUNT) == 3
    write_json(str(tmp_path / 'd/p.json'), dict(a=1))
    assert (tmp_path / 'd/p.json').read_text().strip().startswith('{')
