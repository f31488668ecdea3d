"""Readers of the file formats the datasets and evaluators share (one home for each format).

- ``hico_det_json``: HICO-DET annotation / prediction JSON (PPDM/QPIC/CDN format)
- ``vcoco_json``: V-COCO annotation / prediction JSON
- ``detections``: detection and pose files (JSON, the iCAN/TIN pickle)
- ``skeletons``: Kinetics-skeleton, Mimetics, NTU and mmpose keypoint files
- ``egtea_gaze``: EGTEA clip names and BeGaze gaze exports
- ``hotspots_heatmaps``: Interaction Hotspots heatmap keys (one per image and verb) and
  ``.npz`` heatmap files
- ``json_text``: the JSON reader of all of them (orjson, ``json`` for ``NaN``)
"""
