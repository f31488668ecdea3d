#!/usr/bin/env bash
# IntegralAction's three stages on the synthetic clips (CPU, a few minutes): rgb_only, pose_only,
# their merge, rgb+pose; then top-1 of each on the normal split and on the Mimetics-like split
# (pose-class motions in appearance-class scenes). Fails when a step fails or when
# rgb+pose does not beat both single streams on the normal split and rgb_only on Mimetics.
set -euo pipefail
PYTHON=${PYTHON:-python}
# tiny tensors on a shared CPU: more threads per process only add contention
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
DATA=data/synthetic/integral_action
CONFIGS=configs/integral_action
WORK=work_dirs/quickstart/integral_action
MIMETICS=(test_dataloader.dataset.ann_file=$DATA/Mimetics8.json
          test_dataloader.dataset.skeleton_format=mimetics
          "test_dataloader.dataset.frame_dir_tmpl={seq_name}/{file_name}"
          "test_dataloader.dataset.skeleton_tmpl={seq_name}/{file_name}/data.json"
          test_dataloader.dataset.data_prefix.img=$DATA/frames/mimetics
          test_dataloader.dataset.data_prefix.skeleton=$DATA/pose_results)

"$PYTHON" tools/data/synthetic/generate.py --task integral_action --out "$DATA" > /dev/null
mkdir -p "$WORK"

train() {  # stage name, config
  "$PYTHON" tools/train.py "$CONFIGS/$2" --work-dir "$WORK/$1" --seed 0 > "$WORK/$1.train.log" 2>&1 \
    || { tail -n 30 "$WORK/$1.train.log"; exit 1; }
}
top1() {  # stage name, config, log name, extra cfg options...
  local stage=$1 config=$2 log=$3
  shift 3
  local options=()
  if [ $# -gt 0 ]; then options=(--cfg-options "$@"); fi
  "$PYTHON" tools/test.py "$CONFIGS/$config" "$WORK/$stage/epoch_15.pth" --work-dir "$WORK/$stage" \
    "${options[@]}" > "$WORK/$stage.$log.log" 2>&1 || { tail -n 30 "$WORK/$stage.$log.log"; exit 1; }
  grep -o 'acc/top1: [0-9.]*' "$WORK/$stage.$log.log" | tail -n 1 | awk '{printf "%.2f", 100 * $2}'
}

train rgb_only kinetics50_rgb_only_synthetic.py
train pose_only kinetics50_pose_only_synthetic.py
"$PYTHON" tools/merge_stage_checkpoints.py "$WORK/rgb_only/epoch_15.pth" \
  "$WORK/pose_only/epoch_15.pth" "$WORK/merged_init.pth"
train rgb_pose kinetics50_rgb_pose_synthetic.py

declare -A NORMAL MIMED
for stage in rgb_only pose_only rgb_pose; do
  NORMAL[$stage]=$(top1 $stage kinetics50_${stage}_synthetic.py val)
  MIMED[$stage]=$(top1 $stage kinetics50_${stage}_synthetic.py mimetics "${MIMETICS[@]}")
done
printf '%-10s %14s %18s\n' stage 'val top-1 (%)' 'mimetics top-1 (%)'
for stage in rgb_only pose_only rgb_pose; do
  printf '%-10s %14s %18s\n' "${stage/_/+}" "${NORMAL[$stage]}" "${MIMED[$stage]}"
done | sed 's/^rgb+only/rgb_only/; s/^pose+only/pose_only/'
"$PYTHON" - "${NORMAL[rgb_only]}" "${NORMAL[pose_only]}" "${NORMAL[rgb_pose]}" \
  "${MIMED[rgb_only]}" "${MIMED[rgb_pose]}" <<'PY'
import sys
rgb, pose, fused, mimed_rgb, mimed_fused = map(float, sys.argv[1:])
checks = {'rgb+pose beats rgb_only and pose_only on val': fused > max(rgb, pose),
          'rgb+pose beats rgb_only on the Mimetics-like split': mimed_fused > mimed_rgb}
for name, ok in checks.items():
    print(('PASS ' if ok else 'FAIL ') + name)
sys.exit(0 if all(checks.values()) else 1)
PY
