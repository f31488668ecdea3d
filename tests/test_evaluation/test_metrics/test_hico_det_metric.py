"""HICODetMetric: model pairs -> official benchmark, and its dump read by eval_hoi.py."""
import json

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
