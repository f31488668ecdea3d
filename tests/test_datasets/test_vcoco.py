"""VCOCODataset: the 25 V-COCO roles as the label space, and TIN's official 29 outputs."""
import json

from hoi_plugins.class_tables import vcoco_classes
from hoi_plugins.datasets import VCOCODataset
from hoi_plugins.models.post_processors import TIN_VCOCO_CLASSES


def write_annotation(path):
    """One image: a person annotated in V-COCO who holds object 1 (hold-obj), stands (an
    agent-only action) and eats with object 2 (eat-instr)."""
    image = dict(file_name='v.jpg', image_id=1,
                 annotations=[dict(bbox=[0, 0, 9, 19], category_id=1),
                              dict(bbox=[10, 0, 19, 9], category_id=47),
                              dict(bbox=[30, 0, 39, 9], category_id=44)],
                 vcoco_subjects=[0],
                 hoi_annotation=[dict(subject_id=0, object_id=1, category_id=1, role='obj'),
                                 dict(subject_id=0, object_id=-1, category_id=2, role='agent'),
                                 dict(subject_id=0, object_id=2, category_id=8, role='instr')])
    path.write_text(json.dumps([image]))


def test_vcoco_dataset_role_classes(tmp_path):
    write_annotation(tmp_path / 'v.json')
    dataset = VCOCODataset(ann_file=str(tmp_path / 'v.json'), pipeline=[], test_mode=True)
    info = dataset.get_data_info(0)
    pairs = vcoco_classes().role_pairs()
    # hold-obj and eat-instr (eat's roles: agent, obj, instr); stand has no role object
    assert info['gt_pairs'].tolist() == [[0, 1, pairs.index((0, 0))], [0, 2, pairs.index((7, 1))]]
    assert info['det_boxes'].shape == (3, 4) and len(dataset.metainfo['classes']) == 25


def test_tin_label_space(tmp_path):
    # official: lib/networks/TIN_VCOCO.py num_classes = 29 (iCAN's action_index.json order);
    # agent-only actions (stand) are labelled on every annotated pair of their person
    write_annotation(tmp_path / 'v.json')
    dataset = VCOCODataset(ann_file=str(tmp_path / 'v.json'), pipeline=[], test_mode=True,
                           class_names=TIN_VCOCO_CLASSES)
    pairs = dataset.get_data_info(0)['gt_pairs'].tolist()
    index = TIN_VCOCO_CLASSES.index
    assert pairs == [[0, 1, index('hold_obj')], [0, 2, index('eat_instr')],
                     [0, 1, index('stand')], [0, 2, index('stand')]]
    assert dataset.metainfo['classes'] == TIN_VCOCO_CLASSES
