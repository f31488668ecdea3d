# Sourced by dist_train.sh and dist_test.sh: torchrun_tool NPROC TOOL [tool args]
# runs tools/TOOL in NPROC processes per node with torchrun and `--launcher pytorch`;
# preflight PHASE CONFIG [tool args] checks once, before any process starts, that the files the
# config reads exist (hoi_plugins/utils/preflight.py), and names what makes each missing one.
# Each process uses OMP_NUM_THREADS CPU threads, 1 when unset: the rule of tools/train.py and
# tools/test.py too (hoi_plugins.utils.run_config.set_cpu_threads), since results depend on it.
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR, PORT. PYTHON: the interpreter (default: .venv's).
tools_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

tool_python() {  # the interpreter with the repository on PYTHONPATH: tool_python ARGS
  local root python
  root="$(tools_root)"
  python=${PYTHON:-$([[ -x "$root/.venv/bin/python" ]] && echo "$root/.venv/bin/python" || echo python)}
  PYTHONPATH="$root:${PYTHONPATH:-}" OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} "$python" "$@"
}

preflight() {
  tool_python -m hoi_plugins.utils.preflight "$@"
}

torchrun_tool() {
  local nproc=$1 tool=$2
  shift 2
  tool_python -m torch.distributed.run \
      --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
      --master_addr="${MASTER_ADDR:-127.0.0.1}" --master_port="${PORT:-29500}" \
      --nproc_per_node="$nproc" "$(tools_root)/tools/$tool" "$@" --launcher pytorch
}
