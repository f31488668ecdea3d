"""HICODetMetric: model pairs -> official benchmark, and its dump read by eval_hoi.py."""
import json

import numpy as np
import pytest
import torch

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.evaluation.metrics import HICODetMetric

from tests.helpers import load_script

H, O, FAR = [0., 0., 9., 19.], [10., 0., 19., 9.], [50., 50., 60., 60.]


def sample(name, boxes_o, keep_classes, scores):
    classes = hico_det_classes()
    num = len(boxes_o)
    keep = torch.zeros(num, 600, dtype=torch.bool)
    hoi_scores = torch.zeros(num, 600)
    for p, (c, s) in enumerate(zip(keep_classes, scores)):
        keep[p, c] = True
        hoi_scores[p, c] = s
    airplane = classes.objects.index('airplane')
    return dict(file_name=name, pred_pairs=dict(
        boxes_h=torch.tensor([H] * num), boxes_o=torch.tensor(boxes_o),
        objects=torch.full((num, ), airplane), subject_ids=torch.zeros(num, dtype=torch.long),
        object_ids=torch.arange(1, num + 1), hoi_scores=hoi_scores, hoi_keep=keep))


def test_metric_and_dump_agree_with_the_standalone_evaluator(tmp_path):
    anno = [dict(file_name='a.jpg', annotations=[dict(bbox=H, category_id=1),
                                                 dict(bbox=O, category_id=5)],
                 hoi_annotation=[dict(subject_id=0, object_id=1, category_id=5)]),
            dict(file_name='b.jpg', annotations=[], hoi_annotation=[])]
    (tmp_path / 'anno.json').write_text(json.dumps(anno))
    dump = tmp_path / 'pred.json'
    metric = HICODetMetric(ann_file=str(tmp_path / 'anno.json'), eval_classes=[0, 1],
                           dump_path=str(dump))
    # a.jpg: the true pair (class 0) and a far pair; b.jpg has no output at all
    metric.process({}, [sample('a.jpg', [O, FAR], [0, 0], [0.4, 0.9])])
    results = metric.compute_metrics(metric.results)
    # class 0: FP then TP -> AP 0.5; class 1 has no ground truth -> 0; mean over 2 classes
    assert results['default/mAP'] == pytest.approx(0.25)
    assert results['known_object/mAP'] == pytest.approx(0.25)
    tool = load_script('tools/analysis/eval_hoi.py')
    report = tool.main(['hico', '--anno', str(tmp_path / 'anno.json'), '--pred', str(dump)])
    assert report['default']['per_class'][0]['ap'] == pytest.approx(0.5)
    assert report['default']['mAP'] == pytest.approx(0.5 / 600)
    written = json.loads(dump.read_text())
    assert [w['file_name'] for w in written] == ['a.jpg', 'b.jpg']
    assert len(written[0]['predictions']) == 3 and len(written[0]['hoi_prediction']) == 2


def test_cap_keeps_the_best_pairs_of_each_class_later_first_on_ties(tmp_path):
    # official: HICO-DET_Benchmark/Generate_HICO_detection_nis.py L141-143:
    # np.argsort(score)[::-1], the first 19,999 (here 2) entries of each HOI class
    from hoi_plugins.evaluation.metrics.hico_det_metric import top_per_class
    hoi = np.array([5, 5, 7, 5, 5, 7])
    score = np.array([0.3, 0.9, 0.1, 0.5, 0.5, 0.2])
    keep = top_per_class(hoi, score, 2)
    expected = np.argsort(score[hoi == 5])[::-1][:2]  # of class 5: 0.9, then a tied 0.5
    assert np.flatnonzero(hoi == 5)[expected].tolist() == [1, 4]
    assert keep.tolist() == [False, True, True, False, True, True]


def test_unknown_file_name_is_a_named_error(tmp_path):
    anno = [dict(file_name='a.jpg', annotations=[], hoi_annotation=[])]
    (tmp_path / 'anno.json').write_text(json.dumps(anno))
    metric = HICODetMetric(ann_file=str(tmp_path / 'anno.json'))
    metric.process({}, [sample('zzz.jpg', [O], [0], [0.5])])
    with pytest.raises(ValueError, match=r'anno.json: predictions for 1 images .*"zzz.jpg"'):
        metric.compute_metrics(metric.results)


def test_flipped_boxes_are_scored_as_the_official_benchmark(tmp_path):
    # official: HICO-DET_Benchmark/evaluation/VOCevaldet_bboxpair.m L37-46: a human box with
    # x2 = x1 - 0.4 still overlaps the ground truth by the +1 formula: IoU 0.6 -> a hit
    anno = [dict(file_name='a.jpg', annotations=[dict(bbox=[10, 10, 10, 50], category_id=1),
                                                 dict(bbox=O, category_id=5)],
                 hoi_annotation=[dict(subject_id=0, object_id=1, category_id=5)])]
    pred = [dict(file_name='a.jpg', predictions=[dict(bbox=[10, 10, 9.6, 50], category_id=1),
                                                 dict(bbox=O, category_id=5)],
                 hoi_prediction=[dict(subject_id=0, object_id=1, category_id=5, score=0.5)])]
    (tmp_path / 'anno.json').write_text(json.dumps(anno))
    (tmp_path / 'pred.json').write_text(json.dumps(pred))
    tool = load_script('tools/analysis/eval_hoi.py')
    args = ['hico', '--anno', str(tmp_path / 'anno.json'), '--pred', str(tmp_path / 'pred.json')]
    with pytest.warns(UserWarning, match='1 predicted pairs have a box with x2 < x1'):
        report = tool.main(args)
    assert report['default']['per_class'][0]['ap'] == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r'predictions\[0\].bbox.*x2 < x1'):
        tool.main(args + ['--strict'])
