"""V-COCO JSON readers and the converter of the official detection list."""
import numpy as np
import pytest

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.evaluation.functional.vcoco import vcoco_eval
from hoi_plugins.formats.vcoco_json import (official_detections_to_predictions,
                                            parse_vcoco_annotations, parse_vcoco_predictions)

BOX = [0., 0., 9., 9.]
CUP = [20., 20., 29., 29.]
ANNO = [dict(file_name='v.jpg', image_id=7,
             annotations=[dict(bbox=BOX, category_id=1), dict(bbox=CUP, category_id=47)],
             vcoco_subjects=[0],
             hoi_annotation=[dict(subject_id=0, object_id=1, category_id=1, role='obj')])]


def official_detection(person, hold_obj, **fields):
    """One entry of the list ``vsrl_eval.py`` reads: every ``<action>_<role>`` key."""
    classes = vcoco_classes()
    det = dict(image_id=7, person_box=np.array(person))
    for action, roles in zip(classes.actions, classes.roles):
        det[f'{action}_agent'] = 0.0
        for role in roles[1:]:
            det[f'{action}_{role}'] = np.array([np.nan] * 4 + [0.0])
    det['hold_obj'] = np.array(hold_obj, dtype=np.float64)
    det.update(fields)
    return det


def test_converter_keeps_order_values_and_empty_roles():
    # official: vsrl_eval.py L174-186 reads ``person_box``, ``<action>_agent`` and the 5
    # numbers of ``<action>_<role>``; NaN scores are never scored (L245)
    cup = [20.123456789, 20., 29., 29.]
    dets = [official_detection(BOX, cup + [0.25], hold_agent=0.5),
            official_detection([1., 1., 9., 9.], [np.nan] * 4 + [0.0],
                               hold_agent=np.nan, look_obj=np.array([0., 0., 0., 0., 0.5]))]
    [image] = official_detections_to_predictions(dets, ANNO, 'dets.pkl')
    assert image['file_name'] == 'v.jpg'
    rows = image['hoi_prediction']
    assert len(rows) == 51 + 50  # 26 agent + 25 role rows, minus the NaN agent score
    hold = [r for r in rows if r['category_id'] == 1 and r['role'] == 'obj']
    assert [r['subject_id'] for r in hold] == [0, 2]  # detection order
    assert image['predictions'][hold[0]['object_id']]['bbox'] == cup  # not rounded
    assert hold[1]['object_id'] == -1 and hold[1]['score'] == 0.0
    look = [r for r in rows if r['category_id'] == 6 and r['role'] == 'obj'][1]
    assert image['predictions'][look['object_id']]['bbox'] == [0., 0., 0., 0.]
    preds = parse_vcoco_predictions([image], 'p.json', ['v.jpg'])
    assert np.all(np.isnan(preds[0].role_boxes[preds[0].score == 0.0]))
    # scored: the first detection holds the cup
    names, gts = parse_vcoco_annotations(ANNO, 'a.json')
    result = vcoco_eval(gts, preds, vcoco_classes().roles)
    assert result['scenario_1']['role_ap'][0, 0] == pytest.approx(1.0)
    assert result['agent_ap'][0] == pytest.approx(1.0)


@pytest.mark.parametrize('det,message', [
    (dict(image_id=7), r'dets.pkl: detection 0 needs `image_id` and a 4-number `person_box`'),
    (official_detection(BOX, CUP + [0.5], image_id=8),
     r'dets.pkl: detection 0: `image_id` 8 is not in the annotation file'),
    ({k: v for k, v in official_detection(BOX, CUP + [0.5]).items() if k != 'kick_obj'},
     r'dets.pkl: detection 0 \(image_id 7\) has no `kick_obj`'),
    (official_detection(BOX, CUP), r'`hold_obj` has 4 numbers, expected 5'),
])
def test_converter_errors(det, message):
    with pytest.raises(ValueError, match=message):
        official_detections_to_predictions([det], ANNO, 'dets.pkl')
