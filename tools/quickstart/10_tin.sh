#!/usr/bin/env bash
# TIN on the synthetic HICO-DET: generate, train with 2 processes, test the trained model (NIS on
# and off) and the same model untrained; prints the mAP (Default, Full) of each. ~5 min on CPU.
set -euo pipefail
PYTHON=${PYTHON:-python}
export PYTHON
CONFIG=configs/tin/hico_synthetic.py
WORK_DIR=work_dirs/quickstart/tin
PORT=${PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
export PORT
mkdir -p "$WORK_DIR"

"$PYTHON" tools/data/synthetic/generate.py --task hico_det --out data/synthetic/hico_det > /dev/null
bash tools/dist_train.sh "$CONFIG" 2 --work-dir "$WORK_DIR" --seed 0 > "$WORK_DIR/train.log" 2>&1 \
  || { tail -n 30 "$WORK_DIR/train.log"; exit 1; }
"$PYTHON" tools/analysis/untrained_checkpoint.py "$CONFIG" "$WORK_DIR/untrained.pth" --seed 0 \
  > "$WORK_DIR/untrained.log" 2>&1 || { tail -n 30 "$WORK_DIR/untrained.log"; exit 1; }

run_test() {  # name checkpoint [test.py args]
  local name=$1 ckpt=$2
  bash tools/dist_test.sh "$CONFIG" "$ckpt" 2 --work-dir "$WORK_DIR" "${@:3}" \
    > "$WORK_DIR/test_$name.log" 2>&1 || { tail -n 30 "$WORK_DIR/test_$name.log"; exit 1; }
  echo "$name: $(grep -o 'hico/default/mAP: [0-9.]*' "$WORK_DIR/test_$name.log" | tail -n 1)"
}
run_test trained "$WORK_DIR/epoch_12.pth" --dump "$WORK_DIR/pred_trained.json"
run_test trained_nis_off "$WORK_DIR/epoch_12.pth" --cfg-options model.post_processor.enabled=False
run_test untrained "$WORK_DIR/untrained.pth"
