#!/usr/bin/env bash
# Distributed training: bash tools/dist_train.sh CONFIG GPUS [train.py args]
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR, PORT. Without GPUs the processes use gloo on CPU.
# Missing data or weights are reported once, before torchrun starts any process.
set -euo pipefail
source "$(dirname "$0")/torchrun.sh"
preflight train "$1" "${@:3}"
torchrun_tool "$2" train.py "$1" "${@:3}"
