#!/usr/bin/env bash
# Interaction Hotspots on the synthetic hotspots task (about 1-4 minutes on 2 CPU cores): train,
# test (KLD / SIM / AUC-J of the trained model and of the center-bias baseline on the same ground
# truth, read from the metrics JSON of tools/test.py), and fail unless the model beats the
# baseline on all three metrics.
set -euo pipefail
PYTHON=${PYTHON:-python}
# One thread per process: on a small shared CPU, more threads than free cores is several times
# slower for these small convolutions. Set OMP_NUM_THREADS to override.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
CONFIG=configs/hotspots/hotspots_r18-stage1_12e_synthetic.py
WORK_DIR=work_dirs/quickstart/hotspots
mkdir -p "$WORK_DIR"
"$PYTHON" tools/data/synthetic/generate.py --task hotspots --out data/synthetic/hotspots > /dev/null
"$PYTHON" tools/train.py "$CONFIG" --work-dir "$WORK_DIR" --seed 0 > "$WORK_DIR/train.log" 2>&1 \
  || { tail -n 30 "$WORK_DIR/train.log"; exit 1; }
"$PYTHON" tools/test.py "$CONFIG" "$WORK_DIR/epoch_12.pth" --work-dir "$WORK_DIR" \
  > "$WORK_DIR/test.log" 2>&1 || { tail -n 30 "$WORK_DIR/test.log"; exit 1; }
metric() { "$PYTHON" tools/quickstart/metric.py "$WORK_DIR" "hotspots/$1" "${@:2}"; }
for name in KLD SIM AUC-J; do
  center=$(metric "center_$name")
  bound=--above
  [ "$name" = KLD ] && bound=--below  # lower is better
  value=$(metric "$name" "$bound" "$center")  # exits here unless the model beats the baseline
  echo "$name: $value (center-bias baseline: $center)"
done
echo "the trained model beats the center-bias baseline on KLD, SIM and AUC-J"
