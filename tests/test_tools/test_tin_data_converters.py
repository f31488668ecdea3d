"""HICO-DET converters: the official anno_bbox.mat and the UPT/PViC JSON to our format."""
import json
from pathlib import Path

import numpy as np
import pytest
import scipy.io as sio

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.formats.hico_det_json import parse_hico_det_annotations

from tests.helpers import load_script


def struct_array(records, fields):
    """A MATLAB struct array for ``scipy.io.savemat``."""
    array = np.zeros(len(records), dtype=[(f, 'O') for f in fields])
    for i, record in enumerate(records):
        for field in fields:
            array[i][field] = record[field]
    return array


def boxes(*rows):
    return struct_array([dict(x1=r[0], y1=r[1], x2=r[2], y2=r[3]) for r in rows],
                        ['x1', 'y1', 'x2', 'y2'])


def write_mat(path: Path) -> None:
    classes = hico_det_classes()
    actions = struct_array(
        [dict(nname=classes.objects[classes.hoi_object[h]],
              vname=classes.verbs[classes.hoi_verb[h] - 1], vname_ing='x') for h in range(600)],
        ['nname', 'vname', 'vname_ing'])
    hois = struct_array([
        # HOI 1 (board airplane): one human, one airplane, visible
        dict(id=1, bboxhuman=boxes([11, 21, 50, 100]), bboxobject=boxes([1, 1, 200, 120]),
             connection=np.array([[1, 1]]), invis=0),
        # HOI 2, same two boxes, connected twice to two humans
        dict(id=2, bboxhuman=boxes([11, 21, 50, 100], [61, 21, 90, 100]),
             bboxobject=boxes([1, 1, 200, 120]), connection=np.array([[1, 1], [2, 1]]), invis=0),
        # an invisible HOI: left out
        dict(id=3, bboxhuman=boxes([5, 5, 9, 9]), bboxobject=boxes([5, 5, 9, 9]),
             connection=np.array([[1, 1]]), invis=1)],
        ['id', 'bboxhuman', 'bboxobject', 'connection', 'invis'])
    images = struct_array([dict(filename='HICO_test2015_00000001.jpg',
                                size=dict(width=640, height=480, depth=3), hoi=hois)],
                          ['filename', 'size', 'hoi'])
    sio.savemat(str(path), dict(bbox_train=images, bbox_test=images, list_action=actions))
    labels = np.full((600, 1), np.nan)
    labels[[0, 1], 0] = 1  # airplane HOIs positive
    labels[500, 0] = 0  # ambiguous, ignored
    sio.savemat(str(path.parent / 'anno.mat'), dict(anno_train=labels, anno_test=labels))


def test_anno_bbox_mat_converter(tmp_path, monkeypatch):
    tool = load_script('tools/data/hico_det/convert_anno_bbox.py')
    write_mat(tmp_path / 'anno_bbox.mat')
    monkeypatch.setattr('sys.argv', ['x', str(tmp_path / 'anno_bbox.mat'), str(tmp_path / 'out'),
                                     '--anno-mat', str(tmp_path / 'anno.mat')])
    tool.main()
    images = json.loads((tmp_path / 'out' / 'test_hico.json').read_text())
    image = images[0]
    assert image['file_name'] == 'HICO_test2015_00000001.jpg'
    # 0-based boxes, identical boxes merged: human 1, airplane, human 2
    assert image['annotations'] == [dict(bbox=[10.0, 20.0, 49.0, 99.0], category_id=1),
                                    dict(bbox=[0.0, 0.0, 199.0, 119.0], category_id=5),
                                    dict(bbox=[60.0, 20.0, 89.0, 99.0], category_id=1)]
    classes = hico_det_classes()
    assert image['hoi_annotation'] == [
        dict(subject_id=0, object_id=1, category_id=int(classes.hoi_verb[0])),
        dict(subject_id=0, object_id=1, category_id=int(classes.hoi_verb[1])),
        dict(subject_id=2, object_id=1, category_id=int(classes.hoi_verb[1]))]
    assert image['image_level_objects'] == [5]
    gt = parse_hico_det_annotations(images, 'test_hico.json')
    assert gt.known_from_labels and gt.pairs.hoi.tolist() == [0, 1, 1]


def test_anno_bbox_mat_converter_rejects_other_class_order(tmp_path, monkeypatch):
    tool = load_script('tools/data/hico_det/convert_anno_bbox.py')
    write_mat(tmp_path / 'anno_bbox.mat')
    mat = sio.loadmat(str(tmp_path / 'anno_bbox.mat'), squeeze_me=True,
                      struct_as_record=False)
    mat['list_action'][0].vname = 'ride'
    with pytest.raises(ValueError, match=r'list_action\(1\) is \(ride, airplane\)'):
        tool.check_action_list(mat['list_action'])


def test_upt_converter_merges_boxes_and_keeps_classes():
    tool = load_script('tools/data/hico_det/convert_upt.py')
    classes = hico_det_classes()
    corr = [[h, int(classes.hoi_object[h]), int(classes.hoi_verb[h] - 1)] for h in range(600)]
    data = dict(filenames=['a.jpg'], size=[[640, 480]], correspondence=corr, annotation=[dict(
        boxes_h=[[1, 1, 10, 10], [1, 1, 10, 10]], boxes_o=[[20, 20, 30, 30], [20, 20, 30, 30]],
        hoi=[0, 1], object=[0, 0], verb=[int(classes.hoi_verb[0] - 1),
                                         int(classes.hoi_verb[1] - 1)])])
    images = tool.convert_upt(data, subtract_one=True)
    assert images[0]['annotations'] == [dict(bbox=[0.0, 0.0, 9.0, 9.0], category_id=1),
                                        dict(bbox=[19.0, 19.0, 29.0, 29.0], category_id=5)]
    assert [p['object_id'] for p in images[0]['hoi_annotation']] == [1, 1]
    assert parse_hico_det_annotations(images, 'x').pairs.hoi.tolist() == [0, 1]


def test_vcoco_converter_joins_coco_instances():
    tool = load_script('tools/data/vcoco/convert_vcoco.py')
    from hoi_plugins.class_tables import vcoco_classes
    from hoi_plugins.formats.vcoco_json import parse_vcoco_annotations
    classes = vcoco_classes()
    coco = dict(images=[dict(id=7, file_name='COCO_val2014_000000000007.jpg', width=100,
                             height=100)],
                annotations=[dict(id=1, image_id=7, category_id=1, bbox=[0, 0, 20, 40],
                                  area=800, iscrowd=0),
                             dict(id=2, image_id=7, category_id=47, bbox=[25, 10, 5, 5],
                                  area=25, iscrowd=0),
                             dict(id=3, image_id=7, category_id=1, bbox=[50, 0, 20, 40],
                                  area=800, iscrowd=0)])
    vcoco = []
    for a, (name, roles) in enumerate(zip(classes.actions, classes.roles)):
        label = [1 if name in ('hold', 'stand') else 0]
        role_ids = [1] + ([2] if name == 'hold' else [0]) * (len(roles) - 1)
        vcoco.append(dict(action_name=name, role_name=roles, image_id=[7], ann_id=[1],
                          label=label, role_object_id=role_ids))
    images = tool.convert_vcoco(vcoco, coco)
    image = images[0]
    assert image['annotations'][0]['bbox'] == [0, 0, 19.0, 39.0]
    assert image['vcoco_subjects'] == [0]  # person 3 is not in V-COCO: ignored
    assert dict(subject_id=0, object_id=1, category_id=1, role='obj') in image['hoi_annotation']
    assert dict(subject_id=0, object_id=-1, category_id=2, role='agent') in image['hoi_annotation']
    _, gts = parse_vcoco_annotations(images, 'vcoco_test.json')
    assert gts[0].actions[0, 0] == 1 and (gts[0].actions[1] == -1).all()
    assert gts[0].role_boxes[0, 0, 0].tolist() == [25.0, 10.0, 29.0, 14.0]
