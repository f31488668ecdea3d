"""AllClassAccMetric: Gaze-Attention's Acc, the mean class accuracy over all classes."""
import numpy as np
import pytest
import torch
from mmaction.evaluation import AccMetric
from mmaction.structures import ActionDataSample

from hoi_plugins.evaluation.metrics import AllClassAccMetric
from hoi_plugins.evaluation.metrics.all_class_acc_metric import all_class_mean_accuracy


def samples(preds, labels, num_classes):
    """Data samples whose top-1 prediction is ``preds[i]``."""
    out = []
    for pred, label in zip(preds, labels):
        scores = torch.zeros(num_classes)
        scores[pred] = 1.0
        out.append(ActionDataSample().set_pred_score(scores).set_gt_label(int(label)).to_dict())
    return out


def evaluate(metric, preds, labels, num_classes):
    metric.process([], samples(preds, labels, num_classes))
    return metric.evaluate(len(labels))


def test_absent_classes_count_zero():
    """official: utils.py L6-14 (``get_accuracy``: acc of a class with no sample is 0, the mean
    runs over all len(cm) = 106 classes of ``confusion_matrix(..., labels=range(106))``,
    main.py L250). Five classes; class 3 is only predicted, class 4 never occurs:
    per class 1/2, 1/1, 0/1, 0, 0 -> 1.5 / 5 = 0.3. mmaction2 averages over the four classes
    in the labels or predictions (0.375); the classes in the labels alone would give 0.5."""
    preds, labels = [0, 1, 1, 3], [0, 0, 1, 2]
    assert all_class_mean_accuracy(np.array(preds), np.array(labels), 5) == pytest.approx(0.3)
    metrics = evaluate(AllClassAccMetric(num_classes=5, metric_options=dict(
        top_k_accuracy=dict(topk=(1, )))), preds, labels, 5)
    assert metrics['acc/mean1'] == pytest.approx(0.3)
    assert metrics['acc/top1'] == pytest.approx(0.5)  # Acc*: 2 of 4 clips (np.trace / sum)
    mmaction2 = evaluate(AccMetric(metric_options=dict(top_k_accuracy=dict(topk=(1, )))),
                         preds, labels, 5)
    assert mmaction2['acc/mean1'] == pytest.approx(0.375)


def test_equals_mmaction2_when_every_class_occurs():
    rng = np.random.default_rng(0)
    labels = np.arange(40) % 4
    preds = np.where(rng.random(40) < 0.6, labels, rng.integers(0, 4, 40))
    ours = evaluate(AllClassAccMetric(num_classes=4), preds, labels, 4)
    theirs = evaluate(AccMetric(), preds, labels, 4)
    assert ours == pytest.approx(theirs)


def test_label_outside_the_classes_is_named():
    with pytest.raises(ValueError, match=r'labels \[7\] are outside 0..4'):
        all_class_mean_accuracy(np.array([0, 1]), np.array([0, 7]), 5)
