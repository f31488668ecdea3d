"""OPRADataset / EPICHotspotsDataset on the synthetic layout and hand-built annotations."""
import json
import os

import cv2
import numpy as np
import pytest
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

import hoi_plugins  # noqa: F401
from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.registry import DATASETS, MODELS

TRAIN_PIPELINE = [
    dict(type='SampleClipWindow', max_len=4),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    dict(type='LoadInactiveImages', size=32, flip_ratio=0.5),
    dict(type='PackHotspotsInputs'),
]
TEST_PIPELINE = [
    dict(type='LoadInactiveImages', sources=dict(inactive='img_path'), size=32),
    dict(type='PointsToHeatmap', out_size=224),
    dict(type='PackHotspotsInputs'),
]


@pytest.fixture(scope='module')
def synthetic_root(tmp_path_factory):
    root = tmp_path_factory.mktemp('hotspots')
    generate_synthetic('hotspots', root, num_train_objects=4, num_test_objects=2,
                       clips_per_object=2)
    init_default_scope('hoi_plugins')
    return root


def build(root, mode, split, pipeline, ann_file='annotations.json'):
    return DATASETS.build(dict(type='OPRADataset', ann_file=ann_file, data_root=str(root),
                               mode=mode, split=split, pipeline=pipeline))


def test_clip_items_batch_into_padded_clips_with_lengths(synthetic_root):
    dataset = build(synthetic_root, 'clips', 'train', TRAIN_PIPELINE)
    assert len(dataset) == 8 and dataset.metainfo['classes'][0] == 'hold'
    items = [dataset[i] for i in range(4)]
    preprocessor = MODELS.build(dict(type='HotspotsDataPreprocessor'))
    data = preprocessor(pseudo_collate(items), True)
    lengths = [len(item['inputs']['clip']) for item in items]
    assert data['inputs']['lengths'].tolist() == lengths and max(lengths) <= 4
    assert data['inputs']['clip'].shape == (4, max(lengths), 3, 32, 32)
    assert data['inputs']['inactive'].shape == data['inputs']['negative'].shape == (4, 3, 32, 32)
    assert all(0 <= int(s.gt_label) < 4 for s in data['data_samples'])


def test_heatmap_items_carry_a_normalised_gt_at_the_annotated_part(synthetic_root):
    dataset = build(synthetic_root, 'heatmaps', 'test', TEST_PIPELINE)
    annotations = json.loads((synthetic_root / 'annotations.json').read_text())
    entry = annotations['test_images'][0]
    item = dataset[0]
    sample = item['data_samples']
    assert sample.metainfo['key'] == '/'.join(entry['image']) + f'/{entry["verb"]}'
    heatmap = sample.gt_heatmap.numpy()
    assert heatmap.shape == (224, 224) and heatmap.sum() == pytest.approx(1.0, abs=1e-5)
    peak = np.array(np.unravel_index(heatmap.argmax(), heatmap.shape)) * 64 / 224
    assert np.abs(peak - np.mean(entry['points'], axis=0)).max() < 4  # row = x, col = y
    assert item['inputs']['inactive'].shape == (3, 32, 32)


def test_repeated_image_and_verb_keep_the_last_entry(synthetic_root, tmp_path):
    """Rule (official: data/hotspot_dataset.py L158, the heatmap lookup keeps the last entry of
    a key; utils/evaluation.py L114, one map per key): test_images 0 (image A, verb v) and a
    later copy of it with other points are one item, at position 0, with the copy's points."""
    annotations = json.loads((synthetic_root / 'annotations.json').read_text())
    entries = annotations['test_images']
    copy = dict(entries[0], points=[[1.0, 2.0]])
    annotations['test_images'] = entries[:3] + [copy]
    (tmp_path / 'dup.json').write_text(json.dumps(annotations))
    dataset = build(synthetic_root, 'heatmaps', 'test', TEST_PIPELINE, str(tmp_path / 'dup.json'))
    assert len(dataset) == 3
    first = dataset.get_data_info(0)
    assert first['key'] == '/'.join(entries[0]['image']) + f'/{entries[0]["verb"]}'
    np.testing.assert_array_equal(first['points'], [[1.0, 2.0]])
    assert [dataset.get_data_info(i)['key'] for i in (1, 2)] == \
        ['/'.join(e['image']) + f'/{e["verb"]}' for e in entries[1:3]]


def test_missing_frame_names_the_annotation_file_and_item(synthetic_root):
    dataset = build(synthetic_root, 'clips', 'train', TRAIN_PIPELINE)
    info = dataset.get_data_info(1)
    frame = info['frame_dir'] + '/image-00000001.jpg'
    moved = frame + '.moved'
    os.rename(frame, moved)
    try:
        with pytest.raises(FileNotFoundError, match=r'annotations.json: item 1 \(".*"\).*'
                           r'image-00000001.jpg'):
            dataset[1]
    finally:
        os.rename(moved, frame)


def test_clip_without_frames_names_file_item_and_field(synthetic_root, tmp_path):
    annotations = json.loads((synthetic_root / 'annotations.json').read_text())
    annotations['train_clips'][2]['nframes'] = 0
    (tmp_path / 'bad.json').write_text(json.dumps(annotations))
    with pytest.raises(ValueError, match=r'bad.json: train_clips\[2\] field "nframes" is 0'):
        build(synthetic_root, 'clips', 'train', TRAIN_PIPELINE, str(tmp_path / 'bad.json'))


def test_num_classes_that_differs_from_the_verbs_names_the_right_value(synthetic_root):
    with pytest.raises(ValueError, match=r'annotations.json: 4 verbs, but the config says '
                                         r'num_classes=20; set num_classes = 4'):
        DATASETS.build(dict(type='OPRADataset', ann_file='annotations.json',
                            data_root=str(synthetic_root), num_classes=20,
                            pipeline=TRAIN_PIPELINE))
    dataset = DATASETS.build(dict(type='OPRADataset', ann_file='annotations.json',
                                  data_root=str(synthetic_root), num_classes=4,
                                  pipeline=TRAIN_PIPELINE))
    assert len(dataset.metainfo['classes']) == 4


def test_epic_clips_sample_every_tenth_frame_and_crop_detections(tmp_path):
    frames = tmp_path / 'frames_rgb_flow/rgb/train/P01/P01_01'
    detections = tmp_path / 'object_detection_images/train/P01/P01_02'
    frames.mkdir(parents=True)
    detections.mkdir(parents=True)
    for f in range(101, 160, 10):
        cv2.imwrite(str(frames / f'frame_{f:010d}.jpg'), np.full((40, 60, 3), f % 255, np.uint8))
    cv2.imwrite(str(detections / '0000000031.jpg'), np.zeros((50, 80, 3), np.uint8))
    annotations = dict(
        verbs=['open', 'cut'], nouns=['door', 'knife'],
        train_clips=[dict(v_id='P01_01', start=101, stop=155, verb=1, noun=1)],
        inactive_images=dict(knife=[dict(v_id='P01_02', f_id=31, box=[10, 5, 40, 30])]))
    (tmp_path / 'annotations.json').write_text(json.dumps(annotations))
    init_default_scope('hoi_plugins')
    dataset = DATASETS.build(dict(
        type='EPICHotspotsDataset', ann_file='annotations.json', data_root=str(tmp_path),
        pipeline=[dict(type='SampleClipWindow', max_len=8, test_mode=True),
                  dict(type='RawFrameDecode'),
                  dict(type='LoadInactiveImages', size=16, box_jitter=True),
                  dict(type='PackHotspotsInputs')]))
    item = dataset[0]
    assert item['inputs']['clip'].shape == (6, 3, 40, 60)  # frames 101, 111, ..., 151
    assert item['inputs']['inactive'].shape == (3, 16, 16)
    assert int(item['data_samples'].gt_label) == 1
