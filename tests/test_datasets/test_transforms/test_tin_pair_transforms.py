"""TIN pair transforms: interaction pattern and pose map (against a loop port of the official
``bbox_trans``/``get_skeleton``), training pair sampling and test-time pairing."""
import math

import cv2
import numpy as np
import pytest

from hoi_plugins.datasets.transforms import (GenerateInteractionPattern, PairDetections,
                                             SampleHOIPairs)
from hoi_plugins.datasets.transforms.interaction_pattern import (LIMB_INTENSITY, LIMBS,
                                                                 draw_skeletons,
                                                                 interaction_patterns,
                                                                 line_pixels,
                                                                 pose_joints_on_canvas)
from hoi_plugins.datasets.transforms.sample_hoi_pairs import augment_box
from hoi_plugins.evaluation.functional.hico_det import box_iou_plus_one as box_iou


def py2_round(x):
    """Python 2's ``round``: halves away from zero (the official code ran under Python 2)."""
    return math.floor(x + 0.5) if x >= 0 else math.ceil(x - 0.5)


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
        joints[i][0] = min(size - 1, int(py2_round((x - human_box[0]) / float(width) * pw + h[0])))
        joints[i][1] = min(size - 1, int(py2_round((y - human_box[1]) / float(height) * ph
                                                   + h[1])))
    joints[17] = np.floor_divide(joints[5] + joints[6], 2)  # an int32 array's / in Python 2
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
    # joints mostly inside the human box, some far outside (off the canvas: clipped lines)
    keypoints = np.concatenate([boxes[:, 0:1, :2] + rng.uniform(-0.6, 1.2, (num, 17, 2))
                                * wh[:, 0:1], np.ones((num, 17, 1))], axis=2)
    has_pose = np.arange(num) % 3 != 0
    patterns = interaction_patterns(boxes[:, 0], boxes[:, 1], keypoints, has_pose)
    assert patterns.shape == (num, 3, 64, 64) and patterns.dtype == np.float32
    assert patterns.flags['C_CONTIGUOUS']  # as the network takes it: no copy downstream
    for p in range(num):
        expected, h = official_pattern(boxes[p, 0], boxes[p, 1])
        np.testing.assert_array_equal(patterns[p, :2], expected[:2])
        if has_pose[p]:
            skeleton = official_skeleton(boxes[p, 0], keypoints[p, :, :2], h)
        else:
            skeleton = 0.05 * expected[0]
        np.testing.assert_array_equal(patterns[p, 2], skeleton)


def test_a_square_union_takes_the_width_branch():
    # official: lib/ult/ult.py bbox_trans L136-139 (height > width, else 'width') and L203-206:
    # a square union is centred vertically; here by 3.6e-15 (the union's far end is 63 - 7e-15
    # on the canvas), which moves the human's top from 0.507 * 64 / 64.9 = 0.5 to 1
    human = np.array([[0.0, 0.50703125, 63.9, 63.9]])  # union 64.9 x 64.9
    obj = np.array([[0.0, 0.0, 63.9, 31.95]])
    expected, canvas_h = official_pattern(human[0], obj[0])
    assert canvas_h[1] == 1
    np.testing.assert_array_equal(interaction_patterns(human, obj)[0, :2], expected[:2])


def test_patterns_of_no_pairs_and_of_skeletons_all_off_the_canvas():
    assert interaction_patterns(np.zeros((0, 4)), np.zeros((0, 4))).shape == (0, 3, 64, 64)
    # the one skeleton has joints left of its canvas (x = -6; the others at x = 48), so
    # cv2.line clips its limbs and nothing is left for the table
    boxes = np.array([[[100.0, 0.0, 199.0, 99.0], [0.0, 0.0, 99.0, 99.0]]])  # [P, 2, 4]
    keypoints = np.concatenate([np.where(np.arange(17) % 3 == 0, -20.0, 150.0)[None, :, None],
                                np.linspace(0, 99, 17)[None, :, None], np.ones((1, 17, 1))],
                               axis=2)
    patterns = interaction_patterns(boxes[:, 0], boxes[:, 1], keypoints, np.array([True]))
    _, canvas_h = official_pattern(boxes[0, 0], boxes[0, 1])
    expected = official_skeleton(boxes[0, 0], keypoints[0, :, :2], canvas_h)
    assert expected[:, 0].any() and expected[:, 1:].any() and not expected.all()
    np.testing.assert_array_equal(patterns[0, 2], expected)


def test_line_pixels_are_the_pixels_cv2_line_draws():
    # official: ult.py draw_relation L324 cv2.line(skeleton, joint_a, joint_b, color): every
    # segment between two points of a 12 x 12 canvas, both directions
    size = 12
    points = np.stack(np.meshgrid(np.arange(size), np.arange(size)), -1).reshape(-1, 2)
    starts = np.repeat(points, len(points), axis=0)
    ends = np.tile(points, (len(points), 1))
    segment, pixels = line_pixels(starts, ends)
    ours = np.zeros((len(starts), size, size), np.uint8)
    ours[segment, pixels[:, 1], pixels[:, 0]] = 1
    for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist())):
        expected = np.zeros((size, size), np.uint8)
        cv2.line(expected, a, b, 1)
        np.testing.assert_array_equal(ours[i], expected, err_msg=f'{a} -> {b}')


def test_crossing_limbs_keep_the_value_of_the_later_limb():
    # official: ult.py draw_relation L323-324 draws the limbs in order, each over the earlier
    # ones; limb 2 (0-1, 0.25) crosses limb 0 (1-3, 0.15) at (5, 5), and limb 4 (0-17, 0.35)
    # ends at the same joint 0
    joints = np.zeros((1, 18, 2), np.int32)
    joints[0, [1, 3, 0]] = [[2, 8], [8, 2], [2, 2]]
    joints[0, [2, 4]] = [[2, 2], [2, 2]]
    joints[0, [5, 6, 17]] = [[9, 9], [9, 9], [9, 9]]
    joints[0, 7:17] = [9, 9]
    ours = np.zeros((12, 12), np.float32)
    draw_skeletons(joints.transpose(2, 1, 0), np.array([0]), ours)
    expected = np.zeros((12, 12), np.float32)
    for (a, b), value in zip(LIMBS, LIMB_INTENSITY):
        cv2.line(expected, tuple(joints[0, a].tolist()), tuple(joints[0, b].tolist()), value)
    np.testing.assert_array_equal(ours, expected)
    assert ours[5, 5] == np.float32(0.35) and ours[8, 2] == np.float32(0.25)


def test_joints_round_halves_away_from_zero_as_python2():
    # official: lib/ult/ult.py L342-343 int(round(...)) under Python 2: 2.5 -> 3 (NumPy: 2)
    boxes_h = np.array([[0.0], [0.0], [99.0], [99.0]])  # [4, Q]
    canvas = np.array([[0.0], [0.0], [63.0], [63.0]])
    keypoints = np.full((2, 17, 1), 3.90625)  # (3.90625 / 100) * 64 = 2.5 exactly
    keypoints[:, 1] = -3.90625  # -2.5 -> -3 (NumPy: -2)
    joints = pose_joints_on_canvas(boxes_h, keypoints, canvas)
    assert joints[:, 0, 0].tolist() == [3, 3] and joints[:, 1, 0].tolist() == [-3, -3]


def test_neck_is_the_floored_mean_of_the_shoulders_as_python2():
    # official: lib/ult/ult.py L344 joints[17] = (joints[5] + joints[6]) / 2 on an int32 array,
    # which Python 2 floors: shoulders at x = -3 and 0 give a neck at -2 (truncated: -1)
    boxes_h = np.array([[0.0], [0.0], [99.0], [99.0]])
    canvas = np.array([[0.0], [0.0], [63.0], [63.0]])
    keypoints = np.full((2, 17, 1), 50.0)
    keypoints[0, 5], keypoints[0, 6] = -4.6875, 0.0  # * 64 / 100 -> -3.0 and 0.0
    joints = pose_joints_on_canvas(boxes_h, keypoints, canvas)
    assert joints[0, 5:7, 0].tolist() == [-3, 0] and joints[:, 17, 0].tolist() == [-2, 32]


def test_patterns_keep_float64_up_to_the_drawing():
    # official: ult.py Get_next_sp_with_pose works on the pickle's float64 boxes and poses; in
    # float32 this pair (found by search) draws a different pattern
    boxes_h = np.array([[240.0, 152.1, 432.5, 177.9]])
    boxes_o = np.array([[151.9, 70.9, 185.7, 108.5]])
    joints = [[259.3, 167.9], [302.5, 163.5], [248.6, 172.1], [337.4, 161.6], [355.2, 170.7],
              [399.7, 154.9], [386.0, 171.0], [410.0, 177.5], [289.1, 163.2], [360.2, 163.2],
              [280.5, 164.7], [249.2, 165.79999999999998], [343.4, 155.9], [392.4, 161.7],
              [379.4, 169.29999999999998], [332.1, 168.0], [256.4, 152.29999999999998]]
    keypoints = np.concatenate([np.array([joints]), np.ones((1, 17, 1))], axis=2)
    ours = interaction_patterns(boxes_h, boxes_o, keypoints, np.array([True]))
    expected, h = official_pattern(boxes_h[0], boxes_o[0])
    np.testing.assert_array_equal(ours[0, :2], expected[:2])
    np.testing.assert_array_equal(ours[0, 2], official_skeleton(boxes_h[0], keypoints[0, :, :2],
                                                                h))


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


def test_positives_share_pos_augment_and_keep_the_original_boxes():
    # official: ult.py L737-795: aug_all = 15 // n copies per pair, the last pair the rest,
    # each pair's list starts with its original box (Augmented_box L250)
    np.random.seed(0)
    results = gt_results()
    results['gt_pairs'] = np.array([[1, 2, 7], [0, 2, 7], [0, 2, 9], [0, 3, 1]])
    out = SampleHOIPairs(num_classes=12, pos_augment=5, neg_select=0)(results)
    binary, labels = out['pair_binary_labels'], out['pair_hoi_labels']
    # three pairs in the order of their first annotation: 5 // 3 = 1 copy, 1, and 3 for the
    # last; plus the originals: 2 + 2 + 4 = 8 positives
    assert binary.tolist() == [1] * 8
    np.testing.assert_array_equal(out['pair_boxes_h'][[0, 2, 4]],
                                  results['gt_boxes'][[1, 0, 0]])
    np.testing.assert_array_equal(out['pair_boxes_o'][[0, 2, 4]],
                                  results['gt_boxes'][[2, 2, 3]])
    assert labels[2].nonzero()[0].tolist() == [7, 9] and labels[4].nonzero()[0].tolist() == [1]
    assert (box_iou(out['pair_boxes_h'][4:8], np.repeat(results['gt_boxes'][[0]], 4, 0))
            > 0.7).all()


def test_a_chunk_samples_only_its_pairs():
    np.random.seed(0)
    results = dict(gt_results(), gt_sample_pairs=np.array([[1, 2]]))
    out = SampleHOIPairs(num_classes=12, pos_augment=3, neg_select=10)(results)
    assert out['pair_binary_labels'].tolist() == [1] * 4 + [0] * 4
    # negatives from the ground truth: the image's unannotated (human, instance) pairs
    negatives = {(tuple(h), tuple(o)) for h, o in zip(out['pair_boxes_h'][4:].tolist(),
                                                      out['pair_boxes_o'][4:].tolist())}
    boxes = gt_results()['gt_boxes'].tolist()
    assert negatives == {(tuple(boxes[h]), tuple(boxes[o]))
                         for h, o in ((0, 1), (0, 3), (1, 0), (1, 3))}


def negative_keys(num):
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 50, (num, 2, 2))
    return dict(neg_boxes_h=np.concatenate([xy[:, 0], xy[:, 0] + 10], 1),
                neg_boxes_o=np.concatenate([xy[:, 1], xy[:, 1] + 5], 1),
                neg_hoi=np.arange(num) + 3, neg_objects=np.arange(num),
                neg_keypoints=np.zeros((num, 17, 3)), neg_has_pose=np.zeros(num, bool))


def test_negatives_come_from_the_official_negative_file_with_their_labels():
    # official: ult.py L797-813: all when fewer than Neg_select, else random.sample of
    # Neg_select; each labelled Generate_action_HICO([Neg[1]]) (one-hot of its stored HOI)
    np.random.seed(0)
    results = dict(gt_results(), gt_pairs=np.array([[0, 2, 7]]), **negative_keys(5))
    out = SampleHOIPairs(num_classes=12, pos_augment=0, neg_select=6)(results)
    assert out['pair_binary_labels'].tolist() == [1, 0, 0, 0, 0, 0]
    np.testing.assert_array_equal(out['pair_boxes_h'][1:], results['neg_boxes_h'])
    assert [row.nonzero()[0].tolist() for row in out['pair_hoi_labels'][1:]] == \
        [[3], [4], [5], [6], [7]]
    out = SampleHOIPairs(num_classes=12, pos_augment=0, neg_select=2)(dict(results))
    labels = out['pair_hoi_labels'][1:]
    assert len(labels) == 2 and (labels.sum(1) == 1).all()
    picked = labels.argmax(1) - 3
    np.testing.assert_array_equal(out['pair_boxes_o'][1:], results['neg_boxes_o'][picked])


def test_augment_box_uses_one_scale_and_tenth_pixel_shifts():
    # official: ult.py Augmented_box L261-270: ratio = 1 + 0.01 randint(-10, 10) for width and
    # height, shifts 0.1 randint(-floor(h), floor(h)) and 0.1 randint(-floor(w), floor(w))
    box = np.array([100.0, 100.0, 150.0, 180.0])
    out = augment_box(box, 30, (1000, 1000), 0.7, np.random.default_rng(0))
    assert len(out) == 31 and (out[0] == box).all()
    width, height = out[1:, 2] - out[1:, 0], out[1:, 3] - out[1:, 1]
    np.testing.assert_allclose(width / 50, height / 80)  # one ratio for both sides
    ratio = width / 50
    np.testing.assert_allclose(np.round(ratio * 100), ratio * 100, atol=1e-9)
    assert ratio.min() >= 0.9 - 1e-9 and ratio.max() <= 1.1 + 1e-9
    shift_x = (out[1:, 0] + out[1:, 2]) / 2 - 125
    np.testing.assert_allclose(np.round(shift_x * 10), shift_x * 10, atol=1e-6)
    assert np.abs(shift_x).max() <= 5.0 + 1e-9
    assert (box_iou(out[1:], np.repeat(box[None], 30, 0)) > 0.7).all()
    # an IoU no copy reaches: the original alone after 150 tries
    assert len(augment_box(box, 5, (1000, 1000), 0.9999, np.random.default_rng(0))) == 1


def detections(labels_human, scores, objects=None):
    num = len(scores)
    boxes = np.array([[10 * i, 0, 10 * i + 8, 20] for i in range(num)], np.float64)
    return dict(det_boxes=boxes, det_objects=np.array(objects or [49] * num),
                det_scores=np.array(scores, np.float32),
                det_is_human=np.array(labels_human, bool),
                det_keypoints=np.zeros((num, 17, 3)), det_has_pose=np.zeros(num, bool))


def test_humans_are_the_rows_labelled_human():
    # official: test_HICO_pose_pattern_all_wise_pair.py L48 Human_out[1] == 'Human'; a row
    # labelled 'Object' of class person is an object only
    out = PairDetections()(detections([True, False], [0.9, 0.95]))
    assert out['pair_subject_ids'].tolist() == [0] and out['pair_object_ids'].tolist() == [1]
    assert not out['pair_nis_exempt'].any()


def test_fallback_pairs_the_top4_humans_with_the_top4_objects_as_official():
    # official: test_HICO_pose_pattern_all_wise_pair.py L77-133: no pair above 0.8 / 0.3;
    # rounds take the best remaining human and the best remaining other row; an exhausted side
    # takes index -1 (the last row)
    labels = [True, False, True, False, False, False, False, False]
    scores = [0.5, 0.2, 0.7, 0.1, 0.25, 0.05, 0.15, 0.01]
    out = PairDetections(fallback='official')(detections(labels, scores))
    humans = [2, 0, 7, 7]  # two humans, then the last row twice
    objects = [4, 1, 6, 3]  # the best four of the six other rows
    assert out['pair_subject_ids'].tolist() == np.repeat(humans, 4).tolist()
    assert out['pair_object_ids'].tolist() == objects * 4
    assert out['pair_nis_exempt'].all()
    out = PairDetections(fallback='unique')(detections(labels, scores))
    assert out['pair_subject_ids'].tolist() == np.repeat([2, 0], 4).tolist()
    out = PairDetections()(detections(labels, scores))
    assert len(out['pair_subject_ids']) == 0
    with pytest.raises(ValueError, match="fallback='top'"):
        PairDetections(fallback='top')


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


def test_nis_plugin_pairs_take_poses_from_a_pose_file_or_posed_detections(tmp_path):
    import json
    from hoi_plugins.datasets.transforms import LoadPairPredictions
    pred = [dict(file_name='a.jpg',
                 predictions=[dict(bbox=[0, 0, 10, 20], category_id=1),
                              dict(bbox=[5, 5, 9, 9], category_id=47)],
                 hoi_prediction=[dict(subject_id=0, object_id=1, category_id=37, score=0.5)])]
    (tmp_path / 'pred.json').write_text(json.dumps(pred))
    poses = [dict(file_name='a.jpg', poses=[dict(bbox=[0, 0, 10, 21], keypoints=[3.0] * 51),
                                            dict(bbox=[50, 50, 60, 60], keypoints=[9.0] * 51)])]
    (tmp_path / 'poses.json').write_text(json.dumps(poses))
    with_file = LoadPairPredictions(str(tmp_path / 'pred.json'), str(tmp_path / 'poses.json'))
    out = with_file(dict(file_name='a.jpg'))
    assert out['pair_has_pose'].tolist() == [True]
    assert (out['pair_keypoints'][0] == 3.0).all()
    # no pose file: the best-overlapping posed detection of the sample
    plain = LoadPairPredictions(str(tmp_path / 'pred.json'))
    out = plain(dict(file_name='a.jpg', det_boxes=np.array([[40., 40, 60, 60], [0, 0, 10, 19]]),
                     det_keypoints=np.stack([np.full((17, 3), 7.0), np.full((17, 3), 5.0)]),
                     det_has_pose=np.array([True, True])))
    assert out['pair_has_pose'].tolist() == [True] and (out['pair_keypoints'][0] == 5.0).all()
    out = plain(dict(file_name='a.jpg'))
    assert out['pair_has_pose'].tolist() == [False]
