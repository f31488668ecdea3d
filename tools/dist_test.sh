#!/usr/bin/env bash
# Distributed testing: bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [test.py args]
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR, PORT. Without GPUs the processes use gloo on CPU.
# Missing data or a missing checkpoint are reported once, before torchrun starts any process.
set -euo pipefail
source "$(dirname "$0")/torchrun.sh"
preflight test "$1" "$2" "${@:4}"
torchrun_tool "$3" test.py "$1" "$2" "${@:4}"
