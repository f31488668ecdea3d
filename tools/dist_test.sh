#!/usr/bin/env bash
# Distributed testing: bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [test.py args]
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR, PORT. Without GPUs the processes use gloo on CPU.
set -euo pipefail
source "$(dirname "$0")/torchrun.sh"
torchrun_tool "$3" test.py "$1" "$2" "${@:4}"
