#!/usr/bin/env bash
# Distributed training: bash tools/dist_train.sh CONFIG GPUS [train.py args]
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR, PORT. Without GPUs the processes use gloo on CPU.
set -euo pipefail
source "$(dirname "$0")/torchrun.sh"
torchrun_tool "$2" train.py "$1" "${@:3}"
