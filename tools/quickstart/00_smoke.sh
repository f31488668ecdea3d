#!/usr/bin/env bash
# The train/test tools on the synthetic moving-square clips (tiny I3D, about a minute on CPU).
set -euo pipefail
PYTHON=${PYTHON:-python}
CONFIG=configs/smoke/tiny_i3d_synthetic.py
WORK_DIR=work_dirs/quickstart/smoke
"$PYTHON" tools/data/synthetic/generate.py --task video_recognition \
  --out data/synthetic/video_recognition > /dev/null
"$PYTHON" tools/train.py "$CONFIG" --work-dir "$WORK_DIR" --seed 0
"$PYTHON" tools/test.py "$CONFIG" "$WORK_DIR/epoch_6.pth" --work-dir "$WORK_DIR" 2>&1 \
  | tee "$WORK_DIR/test.log" | grep -E "acc/" || true
