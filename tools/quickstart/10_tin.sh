#!/usr/bin/env bash
# TIN on the synthetic HICO-DET: generate, train with 2 processes, test the trained model (NIS on
# and off), the same model untrained, and the NIS plug-in on a weak other system's predictions.
# Fails unless the trained model beats the untrained one, NIS does not lower the trained model's
# mAP by more than 1 point, and the plug-in raises the other system's mAP. ~6 min on CPU.
set -euo pipefail
PYTHON=${PYTHON:-python}
export PYTHON
CONFIG=configs/tin/tin_r18-16c_12e_hico-det-synthetic.py
PLUGIN=configs/tin/tin-nis-plugin_r18-16c_12e_hico-det-synthetic.py
DATA=data/synthetic/hico_det
WORK_DIR=work_dirs/quickstart/tin
KEY=hico/default/mAP
PORT=${PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
export PORT
mkdir -p "$WORK_DIR"

"$PYTHON" tools/data/synthetic/generate.py --task hico_det --out "$DATA" > /dev/null
bash tools/dist_train.sh "$CONFIG" 2 --work-dir "$WORK_DIR" --seed 0 > "$WORK_DIR/train.log" 2>&1 \
  || { tail -n 30 "$WORK_DIR/train.log"; exit 1; }
"$PYTHON" tools/analysis/untrained_checkpoint.py "$CONFIG" "$WORK_DIR/untrained.pth" --seed 0 \
  > "$WORK_DIR/untrained.log" 2>&1 || { tail -n 30 "$WORK_DIR/untrained.log"; exit 1; }

run_test() {  # name config checkpoint [test.py args]: test into WORK_DIR/name
  local name=$1 config=$2 ckpt=$3
  bash tools/dist_test.sh "$config" "$ckpt" 2 --work-dir "$WORK_DIR/$name" "${@:4}" \
    > "$WORK_DIR/test_$name.log" 2>&1 || { tail -n 30 "$WORK_DIR/test_$name.log"; exit 1; }
}
metric() {  # name [--above X]: print (and check) the mAP of a test run
  local name=$1
  echo -n "$name $KEY: "
  "$PYTHON" tools/quickstart/metric.py "$WORK_DIR/$name" "$KEY" "${@:2}"
}
run_test trained "$CONFIG" "$WORK_DIR/epoch_12.pth" --dump "$WORK_DIR/pred_trained.json"
run_test trained_nis_off "$CONFIG" "$WORK_DIR/epoch_12.pth" \
  --cfg-options model.post_processor.enabled=False
run_test untrained "$CONFIG" "$WORK_DIR/untrained.pth"
run_test other_system "$PLUGIN" "$WORK_DIR/epoch_12.pth" \
  --cfg-options model.post_processor.enabled=False
run_test other_system_nis "$PLUGIN" "$WORK_DIR/epoch_12.pth"

untrained=$(metric untrained)
echo "$untrained"
nis_off=$(metric trained_nis_off --above "${untrained##* }")
echo "$nis_off"
# NIS: not more than 1 point below the same model without it
metric trained --above "$("$PYTHON" -c "print(${nis_off##* } - 0.01)")"
other=$(metric other_system)
echo "$other"
metric other_system_nis --above "${other##* }"
