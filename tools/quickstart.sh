#!/usr/bin/env bash
# Train and test every method on its synthetic data, on CPU: runs tools/quickstart/*.sh in order.
# Each step prints its metrics; outputs go to work_dirs/quickstart/<step>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHON=${PYTHON:-.venv/bin/python}
for step in tools/quickstart/*.sh; do
  echo "=== quickstart: $(basename "$step" .sh)"
  bash "$step"
done
