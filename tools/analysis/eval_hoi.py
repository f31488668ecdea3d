"""Score HOI detections with the official HICO-DET or V-COCO protocol.

    python tools/analysis/eval_hoi.py hico --anno test_hico.json --pred PRED.json \
        [--train-anno trainval_hico.json] [--out RESULT.json]
    python tools/analysis/eval_hoi.py vcoco --anno vcoco_test.json --pred PRED.json \
        [--out RESULT.json]

File formats: ``hoi_plugins/formats/hico_det_json.py`` and
``hoi_plugins/formats/vcoco_json.py``. V-COCO: agent AP and role AP of scenario 1 and 2, equal
to ``vsrl_eval.py`` (ties included); images the prediction file leaves out have no predictions.
Official V-COCO detection pickles convert with ``tools/data/vcoco/convert_official_detections.py``.
"""
import argparse
import json
import sys
import time

from hoi_plugins.class_tables import hico_det_classes, vcoco_classes
from hoi_plugins.evaluation.functional.hico_det import (format_hico_det_table, hico_det_eval,
                                                        hico_det_report,
                                                        rare_classes_from_counts)
from hoi_plugins.evaluation.functional.vcoco import vcoco_eval
from hoi_plugins.formats.hico_det_json import (parse_hico_det_annotations,
                                               parse_hico_det_predictions)
from hoi_plugins.formats.vcoco_json import parse_vcoco_annotations, parse_vcoco_predictions
from hoi_plugins.utils.cli import debug_parser, load_json_file, run_cli

EXPECTED = 'a JSON list of images (hoi_plugins/formats/{}_json.py)'


def evaluate_hico(anno: list, pred: list, train_anno: list = None, anno_source: str = 'anno',
                  pred_source: str = 'pred', train_source: str = 'train-anno',
                  strict: bool = False) -> dict:
    """RESULT.json of HICO-DET (Default and Known-Object) from the loaded JSON lists.

    Predicted boxes with x2 < x1 or y2 < y1 are scored as the official benchmark scores them
    (one warning with their count); ``strict`` refuses them.
    """
    classes = hico_det_classes()
    gt = parse_hico_det_annotations(anno, anno_source, classes)
    pairs = parse_hico_det_predictions(pred, pred_source, gt.file_names, classes, strict)
    rare = classes.rare
    if train_anno is not None:
        train = parse_hico_det_annotations(train_anno, train_source, classes)
        rare = rare_classes_from_counts(train.pairs.hoi, classes.num_hois)
    results = hico_det_eval(gt.pairs, pairs, len(gt.file_names), classes.hoi_object,
                            gt.known_objects, rare)
    report = hico_det_report(results, classes.hoi_verb,
                             classes.object_coco_ids[classes.hoi_object])
    report['known_object_from_labels'] = gt.known_from_labels
    return report


def evaluate_vcoco(anno: list, pred: list, anno_source: str = 'anno',
                   pred_source: str = 'pred') -> dict:
    """RESULT.json of V-COCO as ``vsrl_eval.py``: agent AP and role AP of scenario 1 and 2
    (fractions). Images the prediction file leaves out have no predictions."""
    classes = vcoco_classes()
    names, gts = parse_vcoco_annotations(anno, anno_source, classes)
    preds = parse_vcoco_predictions(pred, pred_source, names, classes)
    result = vcoco_eval(gts, preds, classes.roles)
    num_pos = result['num_pos']
    report = dict(agent=dict(
        mAP=result['agent_mAP'],
        per_action=[dict(action=a + 1, action_name=name, ap=float(result['agent_ap'][a]),
                         num_pos=int(num_pos[a])) for a, name in enumerate(classes.actions)]))
    for scenario in (1, 2):
        role_ap = result[f'scenario_{scenario}']['role_ap']
        per_role = [dict(action=a + 1, action_name=classes.actions[a],
                         role=classes.roles[a][r + 1], ap=float(role_ap[a, r]),
                         num_pos=int(num_pos[a]))
                    for a, r in classes.role_pairs()]
        report[f'scenario_{scenario}'] = dict(mAP=result[f'scenario_{scenario}']['mAP'],
                                              per_role=per_role)
    return report


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                     parents=[debug_parser()])
    parser.add_argument('dataset', choices=['hico', 'vcoco'])
    parser.add_argument('--anno', required=True, help='ground-truth JSON (our format)')
    parser.add_argument('--pred', required=True, help='predictions JSON aligned by file_name')
    parser.add_argument('--train-anno', help='HICO-DET training annotations: rare classes are '
                        'those with fewer than 10 training pairs (default: the official list)')
    parser.add_argument('--out', help='write the full result (per class) to this JSON file')
    parser.add_argument('--strict', action='store_true',
                        help='hico: refuse predicted boxes with x2 < x1 or y2 < y1 (by default '
                        'they are scored as the official benchmark scores them, with a warning)')
    return parser.parse_args(argv)


def main(argv=None) -> dict:
    args = parse_args(argv)
    start = time.perf_counter()
    expected = EXPECTED.format('hico_det' if args.dataset == 'hico' else 'vcoco')
    anno, pred = (load_json_file(path, list, expected) for path in (args.anno, args.pred))
    if args.dataset == 'hico':
        train = load_json_file(args.train_anno, list, expected) if args.train_anno else None
        report = evaluate_hico(anno, pred, train, args.anno, args.pred, args.train_anno,
                               args.strict)
        print(format_hico_det_table({k: v for k, v in report.items()
                                     if k in ('default', 'known_object')}))
        if not report['known_object_from_labels']:
            print('note: the annotation file has no `image_level_objects`; Known-Object image '
                  'sets come from the annotated pairs')
    else:
        if args.train_anno:
            sys.exit('--train-anno applies to hico only')
        report = evaluate_vcoco(anno, pred, args.anno, args.pred)
        print(f'agent mAP {100 * report["agent"]["mAP"]:.2f}')
        for scenario in ('scenario_1', 'scenario_2'):
            print(f'{scenario}: role mAP {100 * report[scenario]["mAP"]:.2f}')
    print(f'evaluated in {time.perf_counter() - start:.2f} s')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(report, f, indent=1)
    return report


if __name__ == '__main__':
    sys.exit(run_cli(main))
