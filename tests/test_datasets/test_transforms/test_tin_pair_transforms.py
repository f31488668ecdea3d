"""TIN pair transforms: interaction pattern and pose map (against a loop port of the official
``bbox_trans``/``get_skeleton``), training pair sampling and test-time pairing."""
import cv2
import numpy as np

from hoi_plugins.datasets.transforms import (GenerateInteractionPattern, PairDetections,
                                             SampleHOIPairs)
from hoi_plugins.datasets.transforms.interaction_pattern import (LIMB_INTENSITY, LIMBS,
                                                                 interaction_patterns)


def official_pattern(human, obj, pose=None, size=64):
    """Loop port of iCAN ``bbox_trans`` + TIN ``Get_next_sp_with_pose`` (one pair)."""
    human, obj = np.array(human, float), np.array(obj, float)
    x0, y0 = min(human[0], obj[0]), min(human[1], obj[1])
    height = max(human[3], obj[3]) - y0 + 1
    width = max(human[2], obj[2]) - x0 + 1
    for b in (human, obj):
        b -= [x0, y0, x0, y0]
    if height > width:
        for b in (human, obj):
            b[:] = [size * b[0] / height, size * b[1] / height,
                    (size * width / height - 1) - size * (width - 1 - b[2]) / height,
                    (size - 1) - size * (height - 1 - b[3]) / height]
        far = max(human[2], obj[2])
        if human[3] > obj[3]:
            human[3] = size - 1
        else:
            obj[3] = size - 1
        shift = size / 2 - (far + 1) / 2
        human += [shift, 0, shift, 0]
        obj += [shift, 0, shift, 0]
    else:
        for b in (human, obj):
            b[:] = [size * b[0] / width, size * b[1] / width,
                    (size - 1) - size * (width - 1 - b[2]) / width,
                    (size * height / width - 1) - size * (height - 1 - b[3]) / width]
        far = max(human[3], obj[3])
        if human[2] > obj[2]:
            human[2] = size - 1
        else:
            obj[2] = size - 1
        shift = size / 2 - (far + 1) / 2
        human += [0, shift, 0, shift]
        obj += [0, shift, 0, shift]
    h, o = np.round(human), np.round(obj)
    pattern = np.zeros((3, size, size), np.float32)
    pattern[0, int(h[1]):int(h[3]) + 1, int(h[0]):int(h[2]) + 1] = 1
    pattern[1, int(o[1]):int(o[3]) + 1, int(o[0]):int(o[2]) + 1] = 1
    return pattern, h


def official_skeleton(human_box, pose, h, size=64):
    width = human_box[2] - human_box[0] + 1
    height = human_box[3] - human_box[1] + 1
    pw, ph = h[2] - h[0] + 1, h[3] - h[1] + 1
    joints = np.zeros((18, 2), dtype='int32')
    for i in range(17):
        x, y = pose[i]
        joints[i][0] = min(size - 1, int(round((x - human_box[0]) / float(width) * pw + h[0])))
        joints[i][1] = min(size - 1, int(round((y - human_box[1]) / float(height) * ph + h[1])))
    joints[17] = (joints[5] + joints[6]) / 2
    skeleton = np.zeros((size, size), np.float32)
    for (a, b), value in zip(LIMBS, LIMB_INTENSITY):
        cv2.line(skeleton, tuple(int(v) for v in joints[a]), tuple(int(v) for v in joints[b]),
                 value)
    return skeleton


def test_limb_intensities_are_the_official_grades():
    assert LIMB_INTENSITY[0] == 0.15 and LIMB_INTENSITY[-1] == 0.95 and len(LIMBS) == 17


def test_patterns_match_the_official_loop_code():
    rng = np.random.default_rng(0)
    num = 40
    xy = rng.uniform(0, 300, (num, 2, 2))
    wh = rng.uniform(5, 200, (num, 2, 2))
    boxes = np.concatenate([xy, xy + wh], axis=2)  # [P, 2, 4]
    keypoints = np.concatenate([boxes[:, 0:1, :2] + rng.uniform(0, 1, (num, 17, 2))
                                * wh[:, 0:1], np.ones((num, 17, 1))], axis=2)
    has_pose = np.arange(num) % 3 != 0
    patterns = interaction_patterns(boxes[:, 0], boxes[:, 1], keypoints, has_pose)
    assert patterns.shape == (num, 3, 64, 64) and patterns.dtype == np.float32
    for p in range(num):
        expected, h = official_pattern(boxes[p, 0], boxes[p, 1])
        np.testing.assert_array_equal(patterns[p, :2], expected[:2])
        if has_pose[p]:
            skeleton = official_skeleton(boxes[p, 0], keypoints[p, :, :2], h)
        else:
            skeleton = 0.05 * expected[0]
        np.testing.assert_array_equal(patterns[p, 2], skeleton)


def test_generate_interaction_pattern_transform():
    results = dict(pair_boxes_h=np.array([[0., 0., 9., 19.]]),
                   pair_boxes_o=np.array([[10., 0., 19., 19.]]),
                   pair_keypoints=np.zeros((1, 17, 3)), pair_has_pose=np.array([False]))
    out = GenerateInteractionPattern()(results)['interaction_patterns']
    # a square union: human on the left half, object on the right half
    assert out[0, 0, :, :32].all() and not out[0, 0, :, 33:].any()
    assert out[0, 1, :, 33:].all()


def gt_results():
    return dict(gt_boxes=np.array([[0, 0, 20, 40], [30, 0, 50, 40], [22, 10, 28, 16],
                                   [60, 60, 70, 70]], np.float32),
                gt_objects=np.array([49, 49, 10, 20]), gt_is_human=np.array([1, 1, 0, 0], bool),
                gt_keypoints=np.zeros((4, 17, 3), np.float32), gt_has_pose=np.zeros(4, bool),
                gt_pairs=np.array([[0, 2, 7], [0, 2, 9], [1, 2, 7]]), ori_shape=(100, 100))


def test_sample_hoi_pairs_positives_and_negatives():
    np.random.seed(0)
    out = SampleHOIPairs(num_classes=12, pos_augment=4, neg_select=3)(gt_results())
    labels, binary = out['pair_hoi_labels'], out['pair_binary_labels']
    assert binary.tolist() == [1] * 8 + [0] * 3
    # pair (0, 2) carries both of its classes; the first copy is the exact box
    assert labels[0].nonzero()[0].tolist() == [7, 9]
    np.testing.assert_array_equal(out['pair_boxes_h'][0], [0, 0, 20, 40])
    from hoi_plugins.datasets.transforms.sample_hoi_pairs import box_iou
    assert (box_iou(out['pair_boxes_h'][:4].astype(float),
                    np.repeat([[0., 0., 20., 40.]], 4, 0)) > 0.7).all()
    assert not labels[8:].any()
    # negatives are unannotated (human, instance) pairs
    assert out['pair_objects'][8:].tolist() != []


def test_pair_detections_pairs_humans_with_other_detections():
    results = dict(det_boxes=np.array([[0, 0, 10, 10], [20, 0, 30, 10], [5, 5, 8, 8],
                                       [40, 40, 50, 50]], np.float32),
                   det_objects=np.array([49, 49, 3, 4]),
                   det_scores=np.array([0.9, 0.5, 0.9, 0.1], np.float32),
                   det_keypoints=np.zeros((4, 17, 3), np.float32),
                   det_has_pose=np.zeros(4, bool))
    out = PairDetections(human_score_thr=0.8, object_score_thr=0.3)(results)
    # human 0 (human 1 is below 0.8) with detections 1 and 2 (3 is below 0.3, 0 is itself)
    assert out['pair_subject_ids'].tolist() == [0, 0]
    assert out['pair_object_ids'].tolist() == [1, 2]
    assert out['pair_scores_o'].tolist() == [0.5, np.float32(0.9)]
