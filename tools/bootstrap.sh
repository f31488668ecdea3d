#!/usr/bin/env bash
# Take a fresh machine (Python 3.11, no venv) to a working environment in .venv/.
#
# Installs the pinned reference set (requirements/reference.txt): torch, mmcv built from
# source with its CPU ops, mmengine, mmdet, mmaction2, mmpose, and this project (editable).
# A second run skips everything when nothing changed (a stamp keyed on the requirement files).
#
# Environment variables:
#   PYTHON       interpreter that creates the venv        (default: python3.11, else python3)
#   VENV         where the environment goes               (default: .venv)
#   TORCH_SPEC   the torch requirement to install          (default: the pin in reference.txt,
#                e.g. TORCH_SPEC="torch==2.4.1 --index-url https://download.pytorch.org/whl/cu121")
#   MMCV_JOBS    parallel compile jobs for mmcv's ops      (default: number of cores)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
REF=requirements/reference.txt
pin() { grep -E "^$1==" "$REF" | head -n1; }
TORCH_SPEC=${TORCH_SPEC:-$(pin torch)}

stamp_of() {
  cat requirements/*.txt setup.py tools/bootstrap.sh | sha256sum | cut -d' ' -f1
  echo "$TORCH_SPEC"
}
STAMP_FILE="$VENV/.hoi_bootstrap_stamp"
if [[ -x "$VENV/bin/python" && -f "$STAMP_FILE" ]] && [[ "$(cat "$STAMP_FILE")" == "$(stamp_of)" ]]; then
  echo "[bootstrap] $VENV is up to date"
  exit 0
fi

start=$(date +%s)
log() { echo "[bootstrap $(( $(date +%s) - start ))s] $*"; }

if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
PY="$ROOT/$VENV/bin/python"
PIP=("$PY" -m pip install --disable-pip-version-check --progress-bar off)

log "build tools and torch ($TORCH_SPEC)"
# shellcheck disable=SC2086
"${PIP[@]}" -r requirements/build.txt $TORCH_SPEC "$(pin numpy)"

if "$PY" -c "import mmcv, mmcv.ops; assert mmcv.__version__ == '${MMCV_VERSION:-2.1.0}'" 2>/dev/null; then
  log "mmcv with ops already installed"
else
  # mmcv 2.1.0 is an sdist: build its C++ ops against the installed torch. pip caches the
  # wheel, so this costs ~9 min on 2 cores once per machine and seconds afterwards.
  log "building $(pin mmcv) with its CPU ops (about 9 minutes on 2 cores the first time)"
  MAX_JOBS=${MMCV_JOBS:-$(nproc)} "${PIP[@]}" --no-build-isolation -c "$REF" "$(pin mmcv)"
fi

log "OpenMMLab packages and their real dependencies"
# mmaction2 and mmpose declare dependencies that break (opencv-contrib beside opencv-python,
# chumpy, torchvision): install them without deps, and their real needs from runtime.txt.
"${PIP[@]}" -c "$REF" "$(pin mmengine)" "$(pin mmdet)" \
  $(grep -vE '^(#|$|torch|mmcv|mmengine|mmdet|mmaction2|mmpose)' requirements/runtime.txt | sed 's/[<>=].*//') \
  -r requirements/tests.txt
"${PIP[@]}" --no-deps "$(pin mmaction2)" "$(pin mmpose)"

log "hoi-plugins (editable)"
"${PIP[@]}" --no-deps --no-build-isolation -e .

log "checking the environment"
"$PY" -c "import hoi_plugins, mmcv.ops, mmdet.models, mmpose.models, mmaction.models"
# `import hoi_plugins` must print nothing: no warning about missing modules.
import_output=$("$PY" -c "import hoi_plugins" 2>&1)
if [[ -n "$import_output" ]]; then
  echo "$import_output"; echo "[bootstrap] 'import hoi_plugins' printed the output above" >&2; exit 1
fi
stamp_of > "$STAMP_FILE"
log "done"
