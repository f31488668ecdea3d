"""tools/data/vcoco/convert_official_detections.py and tools/analysis/benchmark_vcoco_eval.py."""
import json
import os.path as osp
import pickle

import numpy as np
import pytest

from hoi_plugins.class_tables import vcoco_classes

from tests.helpers import load_script

OFFICIAL_VCOCO = '/work/official/s-gupta+v-coco'


def test_convert_official_detection_pickle(tmp_path):
    classes = vcoco_classes()
    det = dict(image_id=7, person_box=np.array([0., 0., 9., 9.]))
    for action, roles in zip(classes.actions, classes.roles):
        det[f'{action}_agent'] = np.float32(0.25)
        for role in roles[1:]:
            det[f'{action}_{role}'] = np.array([20., 20., 29., 29., 0.5], np.float32)
    with open(tmp_path / 'dets.pkl', 'wb') as f:
        pickle.dump([det], f, protocol=2)
    anno = [dict(file_name='v.jpg', image_id=7, annotations=[], hoi_annotation=[])]
    (tmp_path / 'a.json').write_text(json.dumps(anno))
    tool = load_script('tools/data/vcoco/convert_official_detections.py')
    tool.main([str(tmp_path / 'dets.pkl'), str(tmp_path / 'a.json'), str(tmp_path / 'p.json')])
    [image] = json.loads((tmp_path / 'p.json').read_text())
    assert len(image['hoi_prediction']) == 51 and len(image['predictions']) == 2
    report = load_script('tools/analysis/eval_hoi.py').main(
        ['vcoco', '--anno', str(tmp_path / 'a.json'), '--pred', str(tmp_path / 'p.json')])
    assert set(report) == {'agent', 'scenario_1', 'scenario_2'}


def test_benchmark_small_scale(tmp_path):
    tool = load_script('tools/analysis/benchmark_vcoco_eval.py')
    report = tool.main(['--images', '30', '--repeats', '1', '--work-dir', str(tmp_path)])
    assert report['rows'] > 30 * 51 and len(report['ours']) == 1


@pytest.mark.skipif(not osp.exists(osp.join(OFFICIAL_VCOCO, 'vsrl_eval.py')),
                    reason='needs a v-coco checkout')
def test_benchmark_equals_official_vsrl_eval(tmp_path):
    # official: vsrl_eval.py _do_eval, run on the same generated files (ties included)
    pytest.importorskip('pycocotools')
    tool = load_script('tools/analysis/benchmark_vcoco_eval.py')
    report = tool.main(['--images', '60', '--repeats', '1', '--official-repeats', '1',
                        '--vcoco-root', OFFICIAL_VCOCO, '--work-dir', str(tmp_path)])
    assert report['equal']
