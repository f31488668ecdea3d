#!/usr/bin/env bash
# Interaction Hotspots on the synthetic hotspots task (about 4 minutes on 2 CPU cores): train,
# test (KLD / SIM / AUC-J of the trained model), score the center-bias baseline on the same ground
# truth, and fail unless the model beats the baseline on all three metrics.
set -euo pipefail
PYTHON=${PYTHON:-python}
# One thread per process: on a small shared CPU, more threads than free cores is several times
# slower for these small convolutions. Set OMP_NUM_THREADS to override.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
CONFIG=configs/hotspots/opra_synthetic.py
WORK_DIR=work_dirs/quickstart/hotspots
mkdir -p "$WORK_DIR"
"$PYTHON" tools/data/synthetic/generate.py --task hotspots --out data/synthetic/hotspots > /dev/null
"$PYTHON" tools/train.py "$CONFIG" --work-dir "$WORK_DIR" --seed 0 > "$WORK_DIR/train.log" 2>&1 \
  || { tail -n 30 "$WORK_DIR/train.log"; exit 1; }
"$PYTHON" tools/test.py "$CONFIG" "$WORK_DIR/epoch_12.pth" --work-dir "$WORK_DIR" \
  --dump "$WORK_DIR/pred.npz" > "$WORK_DIR/test.log" 2>&1 || { tail -n 30 "$WORK_DIR/test.log"; exit 1; }
echo "hotspots (trained model):"
"$PYTHON" tools/analysis/eval_hotspots.py --gt "$WORK_DIR/pred_gt.npz" --pred "$WORK_DIR/pred.npz" \
  --out "$WORK_DIR/hotspots.json"
echo "center-bias baseline:"
"$PYTHON" tools/analysis/eval_hotspots.py --gt "$WORK_DIR/pred_gt.npz" --baseline center \
  --out "$WORK_DIR/center.json"
"$PYTHON" - "$WORK_DIR/hotspots.json" "$WORK_DIR/center.json" <<'PY'
import json, sys
model, center = (json.load(open(path)) for path in sys.argv[1:3])
worse = [name for name, better in (('KLD', model['KLD']['mean'] < center['KLD']['mean']),
                                   ('SIM', model['SIM']['mean'] > center['SIM']['mean']),
                                   ('AUC-J', model['AUC-J']['mean'] > center['AUC-J']['mean']))
         if not better]
if worse:
    sys.exit(f'the trained model does not beat the center-bias baseline on {", ".join(worse)}')
print('the trained model beats the center-bias baseline on KLD, SIM and AUC-J')
PY
