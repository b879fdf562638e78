#!/usr/bin/env bash
# The CUDA checks that need a GPU, in one run, building nothing (the GPU machines have no Rust):
#   1. here (a development machine):  bash scripts/wheel.sh     -> dist/oxjit-*.whl
#   2. on the GPU machine, in a copy of the repository with dist/:  bash scripts/gpu_check.sh
# It installs the wheel into a scratch folder (pip --no-deps --target), then runs the device
# tests (tests/test_cuda_device.py: kernels on the GPU against NumPy; test_cuda_device_debug.py:
# debug=True exceptions read back from the GPU, device-function signatures, opt=False), the
# PTX, debug-record, signature, stand-in-driver and no-driver tests, and bench/cuda_bench.py (first compile, empty-kernel launch overhead, saxpy 2^26 float32
# in GB/s, naive and tiled matmul in GFLOP/s; numba-cuda and CuPy beside it when they import), and prints the results.
# PYTHON selects the interpreter (default python3); OXJIT_WHEEL a wheel other than dist/'s.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
PY="${PYTHON:-python3}"
wheel="${OXJIT_WHEEL:-$(find dist -maxdepth 1 -name "oxjit-*.whl" 2>/dev/null | head -n 1)}"
site="$(mktemp -d)"
if [ -n "$wheel" ]; then
    echo "== installing $wheel into $site"
    "$PY" -m pip install -q --no-deps --target "$site" "$wheel" || exit 1
    export PYTHONPATH="$site:$PWD/tests${PYTHONPATH:+:$PYTHONPATH}"
else
    echo "== no wheel in dist/: using the oxjit that $PY imports"
    export PYTHONPATH="$PWD/tests${PYTHONPATH:+:$PYTHONPATH}"
fi
# The GPU machine may lack pytest (and has no package index): carry its wheels in
# dist/pytest_wheels (here: pip download -d dist/pytest_wheels pytest).
if ! "$PY" -c 'import pytest' 2>/dev/null; then
    "$PY" -m pip install -q --no-deps --target "$site" dist/pytest_wheels/*.whl ||
        echo "== pytest is missing and dist/pytest_wheels has none: the tests cannot run"
    export PYTHONPATH="$site:${PYTHONPATH:-}"
fi
unset OXJIT_ENABLE_CUDASIM NUMBA_ENABLE_CUDASIM
"$PY" -c 'from oxjit import cuda; print("cuda.is_available():", cuda.is_available()); cuda.detect()'
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || true
status=0
echo "== device tests"
"$PY" -m pytest -q -p no:cacheprovider --rootdir="$site" -o addopts="" \
    tests/test_cuda_device.py tests/test_cuda_device_debug.py tests/test_cuda_ptx.py \
    tests/test_cuda_debug.py tests/test_cuda_devsig.py tests/test_cuda_lineinfo.py \
    tests/test_cuda_nodriver.py tests/test_cuda_fakedriver.py || status=1
echo "== simulator tests"
OXJIT_ENABLE_CUDASIM=1 "$PY" -m pytest -q -p no:cacheprovider --rootdir="$site" -o addopts="" \
    tests/test_cuda_sim.py || status=1
echo "== benchmark"
"$PY" bench/cuda_bench.py || status=1
if command -v cc >/dev/null || command -v gcc >/dev/null; then
    echo "== launch overhead against the stand-in driver (for comparison with the GPU's)"
    "$PY" bench/cuda_launch_fake.py 20000 || status=1
fi
rm -rf "$site"
exit "$status"
