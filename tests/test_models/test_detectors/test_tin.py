"""The TIN detector: training, inference, the NIS plug-in and the real configs.

The heads, NIS and the neck have their own tests under tests/test_models/test_*/."""
import copy
import json

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.registry import DATASETS, MODELS


@pytest.fixture(scope='module')
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp('hico_det')
    generate_synthetic('hico_det', root, num_train=6, num_test=3, size=128)
    init_default_scope('hoi_plugins')
    cfg = Config.fromfile('configs/tin/tin_r18-16c_12e_hico-det-synthetic.py')
    train = copy.deepcopy(cfg.train_dataloader.dataset)
    train.update(ann_file=str(root / 'annotations/trainval_hico.json'),
                 data_prefix=dict(img=str(root / 'images/train2015')))
    test = copy.deepcopy(cfg.test_dataloader.dataset)
    test.update(ann_file=str(root / 'annotations/test_hico.json'),
                data_prefix=dict(img=str(root / 'images/test2015')),
                det_file=str(root / 'annotations/test_detections.json'))
    return cfg, DATASETS.build(train), DATASETS.build(test)


def test_tin_loss_falls_and_predicts_object_classes(synthetic):
    cfg, train_set, test_set = synthetic
    torch.manual_seed(0)
    np.random.seed(0)  # the pair sampling
    model = MODELS.build(cfg.model)
    model.init_weights()
    batch = pseudo_collate([train_set[i] for i in range(min(4, len(train_set)))])
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    model.train()
    totals = []
    for _ in range(6):
        data = model.data_preprocessor(batch, True)
        losses = model(**data, mode='loss')
        assert set(losses) == {'loss_human', 'loss_object', 'loss_spatial',
                               'loss_interactiveness'}
        total = sum(losses.values())
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
        totals.append(total.item())
    assert totals[-1] < 0.5 * totals[0], totals

    model.eval()
    samples = model.test_step(pseudo_collate([test_set[i] for i in range(len(test_set))]))
    classes = hico_det_classes()
    for sample in samples:
        pred = sample.pred_pairs
        num = len(sample.pairs.boxes_h)
        assert pred.hoi_scores.shape == (num, 600) and pred.binary_scores.shape == (num, 2)
        allowed = torch.from_numpy(classes.hoi_object)[None] == pred.objects[:, None]
        assert not (pred.hoi_keep & ~allowed).any()


def test_tin_without_interactiveness_head(synthetic):
    cfg, _, test_set = synthetic
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.interactiveness_head = None
    model = MODELS.build(model_cfg).eval()
    samples = model.test_step(pseudo_collate([test_set[0]]))
    assert samples[0].pred_pairs.binary_scores[:, 1].eq(1).all()
    assert np.isfinite(samples[0].pred_pairs.hoi_scores.numpy()).all()


def test_nis_plugin_keeps_another_detectors_scores(synthetic, tmp_path):
    cfg, _, test_set = synthetic
    classes = hico_det_classes()
    # "another detector": every annotated test pair with score 0.7, plus a far random pair
    preds = []
    for info in (test_set.get_data_info(i) for i in range(len(test_set))):
        instances = [dict(bbox=b.tolist(), category_id=int(classes.object_coco_ids[o]))
                     for b, o in zip(info['gt_boxes'], info['gt_objects'])]
        hoi = [dict(subject_id=int(s), object_id=int(o), category_id=int(classes.hoi_verb[c]),
                    score=0.7) for s, o, c in info['gt_pairs']]
        preds.append(dict(file_name=info['file_name'], predictions=instances,
                          hoi_prediction=hoi))
    (tmp_path / 'other.json').write_text(json.dumps(preds))
    dataset_cfg = copy.deepcopy(cfg.test_dataloader.dataset)
    dataset_cfg.update(ann_file=test_set.ann_file, data_prefix=test_set.data_prefix, det_file=None,
                       pipeline=[dict(type='LoadImageFromFile'),
                                 dict(type='LoadPairPredictions',
                                      pred_file=str(tmp_path / 'other.json')),
                                 dict(type='GenerateInteractionPattern'),
                                 dict(type='PackHOIInputs')])
    dataset = DATASETS.build(dataset_cfg)
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.post_processor = dict(type='NonInteractionSuppression', lis=None,
                                    object_thresholds=None,
                                    no_interaction_thr=-0.01, interaction_thr=1.01)
    model = MODELS.build(model_cfg).eval()
    samples = model.test_step(pseudo_collate([dataset[i] for i in range(len(dataset))]))
    for sample in samples:
        pred, pairs = sample.pred_pairs, sample.pairs
        # thresholds below 0 / above 1: every pair is judged non-interactive and dropped
        assert not pred.hoi_keep.any()
        assert torch.equal(pred.hoi_scores, pairs.input_scores)
    model.post_processor.enabled = False
    samples = model.test_step(pseudo_collate([dataset[0]]))
    assert torch.equal(samples[0].pred_pairs.hoi_keep, samples[0].pairs.input_keep)


def test_object_res5_starts_as_a_copy_of_the_backbone_stage(synthetic):
    cfg = synthetic[0]
    model = MODELS.build(cfg.model)
    model.init_weights()
    for a, b in zip(model.res5_human.state_dict().values(),
                    model.res5_object.state_dict().values()):
        assert torch.equal(a, b)
    assert model.res5_human is getattr(model.backbone, model.backbone.res_layers[-1])


def test_real_configs_build(synthetic):
    """tin_r50_1700k_hico-det.py (600 classes, ResNet-50; hico.py is its alias) and
    tin_r50_300k_vcoco.py (the official 29 outputs) build as written."""
    root = Config.fromfile('configs/tin/tin_r50_1700k_hico-det.py')
    assert Config.fromfile('configs/tin/hico.py').to_dict() == root.to_dict()
    vcoco = Config.fromfile('configs/tin/tin_r50_300k_vcoco.py')
    for cfg, classes in ((root, 600), (vcoco, 29)):
        model_cfg = copy.deepcopy(cfg.model)
        model_cfg.backbone.init_cfg = None
        model = MODELS.build(model_cfg)
        assert model.hoi_head.num_classes == classes
        assert model.backbone.depth == 50 and model.backbone.frozen_stages == 1
    assert vcoco.test_evaluator.type == 'VCOCOMetric'
    assert vcoco.test_dataloader.dataset.type == 'VCOCODataset'
    assert root.optim_wrapper.optimizer == dict(type='SGD', lr=1e-3, momentum=0.9,
                                                weight_decay=1e-4)
