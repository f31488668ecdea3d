"""Convert a V-COCO detection pickle in the official format (the list ``vsrl_eval.py`` reads)
to our prediction JSON, so that any system's official output can be scored by
``tools/analysis/eval_hoi.py vcoco``.

    python tools/data/vcoco/convert_official_detections.py DETECTIONS.pkl \
        data/v-coco/annotations/vcoco_test.json PRED.json

Format of the pickle and of the output: ``official_detections_to_predictions`` in
``hoi_plugins/formats/vcoco_json.py``. Python-2 pickles are read with ``encoding='latin1'``.
"""
import argparse
import json
import pickle

from hoi_plugins.formats.hico_det_json import load_json
from hoi_plugins.formats.vcoco_json import official_detections_to_predictions


def load_detections(path: str) -> list:
    """The official detection list of ``path`` (a pickle written by Python 2 or 3)."""
    with open(path, 'rb') as f:
        detections = pickle.load(f, encoding='latin1')
    if not isinstance(detections, list):
        raise ValueError(f'{path}: expected a list of detections, got '
                         f'{type(detections).__name__}')
    return detections


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('detections', help='the official detection pickle')
    parser.add_argument('anno', help='our V-COCO annotation JSON (gives the file names)')
    parser.add_argument('out', help='output prediction JSON')
    args = parser.parse_args(argv)
    predictions = official_detections_to_predictions(
        load_detections(args.detections), load_json(args.anno), args.detections)
    with open(args.out, 'w') as f:
        json.dump(predictions, f)
    print(f'{len(predictions)} images, '
          f'{sum(len(p["hoi_prediction"]) for p in predictions)} rows -> {args.out}')
    return predictions


if __name__ == '__main__':
    main()
