"""The hotspots transforms: clip windows, inactive images (PIL bilinear), GT heatmaps."""
import cv2
import numpy as np
import pytest
from PIL import Image

from hoi_plugins.datasets.transforms.hotspots_transforms import (LoadInactiveImages,
                                                                 PointsToHeatmap,
                                                                 SampleClipWindow)


def test_points_to_heatmap_follows_the_official_rule():
    """Rule (official: data/hotspot_dataset.py L89-130 ``compute_heatmap``): a 1 at
    (int(x), int(y)) (clipped), blur with the odd kernel int(sqrt(H*W)/3), normalised to sum 1:
    one point on a 9x9 map gives a 3x3 OpenCV Gaussian around it."""
    out = PointsToHeatmap(out_size=None).transform(
        dict(points=[[4.7, 2.2], [20.0, 30.0]], shape=(9, 9)))['gt_heatmap']
    expected = np.zeros((9, 9), np.float32)
    expected[4, 2] = expected[8, 8] = 1  # the second point is clipped into the map
    expected = cv2.GaussianBlur(expected, (3, 3), 0)
    np.testing.assert_allclose(out, expected / expected.sum(), rtol=1e-6)


def test_clip_window_is_random_in_training_and_central_in_testing():
    """Rule (official: data/hotspot_dataset.py L48-57 ``sample``): at most max_len frames, the
    central window (start len // 2 - max_len // 2) in testing, a random one in training."""
    results = dict(total_frames=20, start_index=1, frame_interval=10)
    central = SampleClipWindow(max_len=8, test_mode=True).transform(dict(results))
    assert central['frame_inds'].tolist() == [1 + 10 * i for i in range(6, 14)]
    short = SampleClipWindow(max_len=8).transform(dict(total_frames=3, start_index=1))
    assert short['frame_inds'].tolist() == [1, 2, 3] and short['length'] == 3
    np.random.seed(0)
    starts = {int(SampleClipWindow(max_len=8).transform(dict(results))['frame_inds'][0])
              for _ in range(50)}
    assert len(starts) > 1 and min(starts) >= 1 and max(starts) <= 1 + 10 * 11


def _load(image: np.ndarray, tmp_path, size: int, **kwargs) -> np.ndarray:
    path = str(tmp_path / 'image.png')
    cv2.imwrite(path, image[..., ::-1])  # RGB -> BGR file
    transform = LoadInactiveImages(sources=dict(inactive='img_path'), size=size, **kwargs)
    return transform.transform(dict(img_path=path))['inactive']


def test_inactive_images_shrink_with_pil_bilinear(tmp_path):
    """Rule (official: utils/util.py L137 ``TF.resize(image, size=(224, 224))`` of a PIL image,
    i.e. PIL's bilinear filter, which averages over the source when it shrinks). Columns
    0 255 0 0 255 0 shrunk to 2: PIL's triangle filter of support 3 gives the source pixels
    0..3 weights 2/3, 1, 2/3, 1/3 (/ 8/3), so pixel 1 (255) counts 3/8 -> 96; cv2's linear
    resize samples pixels 1 and 4 -> 255."""
    image = np.zeros((6, 6, 3), np.uint8)
    image[:, [1, 4]] = 255
    pillow = _load(image, tmp_path, size=2)
    assert pillow.shape == (2, 2, 3)
    assert np.abs(pillow.astype(int) - 96).max() <= 1
    assert (_load(image, tmp_path, size=2, backend='cv2') == 255).all()


def test_inactive_images_match_pil_on_the_opra_samples(reference_data):
    """The five OPRA sample images: the network input equals the official chain
    (``Image.open().convert('RGB')``, ``resize((224, 224), BILINEAR)``) pixel for pixel."""
    paths = sorted((reference_data / 'opra_samples').glob('*.jpg'))
    assert len(paths) == 5
    transform = LoadInactiveImages(sources=dict(inactive='img_path'), size=224)
    for path in paths:
        ours = transform.transform(dict(img_path=str(path)))['inactive']
        official = np.asarray(Image.open(path).convert('RGB').resize((224, 224),
                                                                     Image.BILINEAR))
        np.testing.assert_array_equal(ours, official, err_msg=str(path))


def test_unknown_resize_backend_is_named():
    with pytest.raises(ValueError, match='backend must be "pillow" or "cv2", got "nearest"'):
        LoadInactiveImages(backend='nearest')
