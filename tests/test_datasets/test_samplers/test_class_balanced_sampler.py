"""ClassBalancedSampler: the official inverse-frequency weights (capped), per-rank draws."""
from unittest import mock

import pytest
import torch
from mmengine.registry import init_default_scope

from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.registry import DATA_SAMPLERS, DATASETS

MODULE = 'hoi_plugins.datasets.samplers.class_balanced_sampler'


class LabelledItems:
    def __init__(self, labels):
        self.labels = labels

    def __len__(self):
        return len(self.labels)

    def get_data_info(self, index):
        return dict(label=self.labels[index])


def test_weights_are_the_inverse_label_frequency_capped():
    # 300 items: 200 of label 0 (300 / 200 = 1.5), 98 of label 1 (300 / 98), 2 of label 2
    # (300 / 2 = 150, capped at 100)
    labels = [0] * 200 + [1] * 98 + [2] * 2
    sampler = DATA_SAMPLERS.build(dict(type='ClassBalancedSampler', seed=0),
                                  default_args=dict(dataset=LabelledItems(labels)))
    assert sampler.weights[0] == 1.5 and sampler.weights[200] == pytest.approx(300 / 98)
    assert sampler.weights[299] == 100
    assert len(sampler) == 300 and len(list(sampler)) == 300


def test_draws_balance_the_labels():
    # labels 0, 0, 0, 1: weights 4/3 (x3) and 4, so label 1 has probability 4 / (3 * 4/3 + 4) = 1/2
    sampler = DATA_SAMPLERS.build(dict(type='ClassBalancedSampler', seed=1),
                                  default_args=dict(dataset=LabelledItems([0, 0, 0, 1] * 500)))
    draws = torch.tensor(list(sampler))
    share = (draws % 4 == 3).float().mean().item()
    assert abs(share - 0.5) < 0.05  # 2,000 draws: standard deviation 0.011


def test_epochs_and_ranks_draw_differently_and_reproducibly():
    dataset = LabelledItems(list(range(10)) * 10)
    first = DATA_SAMPLERS.build(dict(type='ClassBalancedSampler', seed=3),
                                default_args=dict(dataset=dataset))
    epoch0 = list(first)
    assert list(first) == epoch0
    first.set_epoch(1)
    assert list(first) != epoch0
    with mock.patch(f'{MODULE}.get_dist_info', return_value=(1, 2)):
        other_rank = DATA_SAMPLERS.build(dict(type='ClassBalancedSampler', seed=3),
                                         default_args=dict(dataset=dataset))
    assert len(other_rank) == 50 and list(other_rank) != epoch0[:50]


def test_items_without_a_label_are_named():
    class Unlabelled(LabelledItems):
        def get_data_info(self, index):
            return dict(frame_dir='x')

    with pytest.raises(KeyError, match='Unlabelled item 0 has no "label"'):
        DATA_SAMPLERS.build(dict(type='ClassBalancedSampler'),
                            default_args=dict(dataset=Unlabelled([0])))


def test_balances_opra_clips_by_verb(tmp_path):
    generate_synthetic('hotspots', tmp_path, num_train_objects=4, num_test_objects=2,
                       clips_per_object=2)
    init_default_scope('hoi_plugins')
    dataset = DATASETS.build(dict(type='OPRADataset', ann_file='annotations.json',
                                  data_root=str(tmp_path), pipeline=[]))
    sampler = DATA_SAMPLERS.build(dict(type='ClassBalancedSampler', seed=0),
                                  default_args=dict(dataset=dataset))
    verbs = [dataset.get_data_info(i)['label'] for i in range(len(dataset))]
    expected = [len(verbs) / verbs.count(verb) for verb in verbs]
    assert sampler.weights.tolist() == pytest.approx(expected)
