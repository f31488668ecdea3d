#!/usr/bin/env bash
# The train/test tools on the synthetic moving-square clips (tiny I3D, about a minute on CPU);
# fails unless the top-1 accuracy beats chance (4 directions: 0.25).
set -euo pipefail
PYTHON=${PYTHON:-python}
CONFIG=configs/smoke/tiny_i3d_synthetic.py
WORK_DIR=work_dirs/quickstart/smoke
CHANCE=0.25
mkdir -p "$WORK_DIR"
"$PYTHON" tools/data/synthetic/generate.py --task video_recognition \
  --out data/synthetic/video_recognition > "$WORK_DIR/generate.log"
"$PYTHON" tools/train.py "$CONFIG" --work-dir "$WORK_DIR" --seed 0 > "$WORK_DIR/train.log" 2>&1 \
  || { tail -n 40 "$WORK_DIR/train.log"; exit 1; }
"$PYTHON" tools/test.py "$CONFIG" "$WORK_DIR/epoch_12.pth" --work-dir "$WORK_DIR" \
  > "$WORK_DIR/test.log" 2>&1 || { tail -n 40 "$WORK_DIR/test.log"; exit 1; }
# an assignment, so that set -e stops here when metric.py fails (not above chance)
top1=$("$PYTHON" tools/quickstart/metric.py "$WORK_DIR" acc/top1 --above "$CHANCE")
echo "smoke (tiny I3D, 4 directions, chance $CHANCE): acc/top1 $top1"
