"""GenerateJointHeatmapPAF against hand-computed maps."""
import numpy as np
import pytest

from hoi_plugins.datasets.transforms import GenerateJointHeatmapPAF


def render(keypoint, score, limbs=((0, 1), ), size=(10, 10), img_shape=(10, 10), **kwargs):
    transform = GenerateJointHeatmapPAF(heatmap_size=size, limbs=limbs, **kwargs)
    results = dict(keypoint=np.asarray(keypoint, np.float32),
                   keypoint_score=np.asarray(score, np.float32), img_shape=img_shape)
    return transform(results)['heatmap_imgs']


def test_heatmap_values_and_threshold():
    # official: main/model.py L24-34 (Gaussian of std hm_sigma, score > pose_score_thr) and
    # L55-57 (fields need both scores >= pose_score_thr)
    # one person, one frame, two joints; the second is below the threshold
    maps = render([[[[3, 4], [6, 6]]]], [[[0.9, 0.1]]])
    assert maps.shape == (1, 2 + 2, 10, 10)
    assert maps[0, 0, 4, 3] == pytest.approx(1.0)
    assert maps[0, 0, 4, 4] == pytest.approx(np.exp(-2.0))  # one pixel away, sigma 0.5
    assert maps[0, 0, 5, 4] == pytest.approx(np.exp(-4.0))
    assert maps[0, 1].max() == 0  # heatmaps need a score > 0.1
    assert np.abs(maps[0, 2:]).max() > 0  # fields need both scores >= 0.1 (official code)
    below = render([[[[3, 4], [6, 6]]]], [[[0.9, 0.05]]])
    assert np.abs(below[0, 2:]).max() == 0


def test_coordinates_are_scaled_to_the_grid():
    maps = render([[[[30, 40], [0, 0]]]], [[[1.0, 0.0]]], img_shape=(100, 100))
    assert np.unravel_index(maps[0, 0].argmax(), (10, 10)) == (4, 3)


def test_part_affinity_field_of_a_horizontal_limb():
    # official: main/model.py L46-54 (0 <= projection <= length, distance <= paf_sigma)
    maps = render([[[[2, 5], [8, 5]]]], [[[1.0, 1.0]]])
    paf_x, paf_y = maps[0, 2], maps[0, 3]
    expected = np.zeros((10, 10), np.float32)
    expected[4:7, 2:9] = 1  # projection on the segment, distance to the line <= 1
    np.testing.assert_allclose(paf_x, expected)
    assert np.abs(paf_y).max() == 0


def test_fields_are_averaged_and_heatmaps_clipped_over_people():
    # official: main/model.py L32-33 (sum over people, clipped at 1) and L60-64 (mean field)
    keypoint = [[[[2, 5], [8, 5]]], [[[5, 2], [5, 8]]]]  # horizontal and vertical limbs
    maps = render(keypoint, [[[1.0, 1.0]], [[1.0, 1.0]]])
    assert maps[0, 2, 5, 5] == pytest.approx(0.5)  # both cover (5, 5): mean of (1,0), (0,1)
    assert maps[0, 3, 5, 5] == pytest.approx(0.5)
    assert maps[0, 2, 5, 3] == pytest.approx(1.0)  # only the horizontal one
    same_place = render([[[[3, 3], [0, 0]]], [[[3, 3], [0, 0]]]], [[[1, 0]], [[1, 0]]])
    assert same_place[0, 0].max() == pytest.approx(1.0)  # the sum is clipped at 1


def test_top_k_people_by_mean_score():
    # official: data/Kinetics/Kinetics.py L96-102 (top-k people by mean joint score)
    keypoint = [[[[1, 1], [1, 1]]], [[[8, 8], [8, 8]]]]
    score = [[[0.3, 0.3]], [[0.9, 0.9]]]
    maps = render(keypoint, score, top_k=1)
    assert maps[0, 0, 8, 8] == pytest.approx(1.0)
    assert maps[0, 0, 1, 1] == 0


def test_no_person_and_keypoints_outside_the_frame():
    empty = render([[[[0, 0], [0, 0]]]], [[[0.0, 0.0]]])
    assert not empty.any()
    outside = render([[[[-20, -20], [40, 3]]]], [[[1.0, 1.0]]])
    assert not outside[:, :2].any()  # the Gaussians fall off the grid
    edge = render([[[[-0.5, 5], [12, 5]]]], [[[1.0, 1.0]]])
    assert edge[0, 0, 5, 0] == pytest.approx(np.exp(-0.5))  # only their tail remains
    assert edge[0, 2, 5, :].tolist() == [1.0] * 10  # the limb crosses the whole grid


def test_mmaction2_generate_pose_target_is_a_drop_in_alternative():
    """The config alternative: mmaction2's renderer writes the same key and layout."""
    from mmaction.datasets.transforms import GeneratePoseTarget

    from hoi_plugins.formats.skeletons import (OPENPOSE18_LEFT, OPENPOSE18_LIMBS,
                                                       OPENPOSE18_RIGHT)
    rng = np.random.default_rng(0)
    results = dict(imgs=np.zeros((4, 40, 40, 3), np.uint8), img_shape=(40, 40),
                   keypoint=rng.uniform(0, 40, (2, 4, 18, 2)).astype(np.float32),
                   keypoint_score=rng.uniform(0.5, 1, (2, 4, 18)).astype(np.float32))
    ours = GenerateJointHeatmapPAF(heatmap_size=(10, 10))(dict(results))['heatmap_imgs']
    theirs = GeneratePoseTarget(sigma=0.6, with_kp=True, with_limb=True,
                                skeletons=OPENPOSE18_LIMBS, left_kp=OPENPOSE18_LEFT,
                                right_kp=OPENPOSE18_RIGHT, scaling=0.25)(dict(results))
    assert ours.shape == (4, 18 + 2 * 17, 10, 10)
    assert theirs['heatmap_imgs'].shape == (4, 18 + 17, 10, 10)


def test_score_exactly_at_the_threshold():
    """official: main/model.py L31 draws a joint when its score is > pose_score_thr, L57 a
    limb when both scores are >= pose_score_thr: at the threshold, a field but no heatmap."""
    maps = render([[[[2, 5], [8, 5]]]], [[[0.5, 0.5]]], score_thr=0.5)
    assert not maps[0, :2].any()
    assert maps[0, 2, 5, 5] == 1.0
