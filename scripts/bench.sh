#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), install Numba into .venv if it is missing (a benchmark-only
# dependency, never needed by oxjit), then run bench/startup.py: import time, first-compile time
# and call overhead, oxjit against Numba. Arguments go to bench/startup.py, e.g.
#   bash scripts/bench.sh --json bench/results/startup.json
# OXJIT_BENCH_NO_NUMBA=1 skips installing Numba (its column is then left out).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
if [ "${OXJIT_BENCH_NO_NUMBA:-0}" != 1 ] && ! .venv/bin/python -c 'import numba' >/dev/null 2>&1; then
    echo "[bench] installing numba into .venv (benchmark-only)" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check numba ||
        echo "[bench] could not install numba: its column is left out" >&2
fi
exec .venv/bin/python bench/startup.py "$@"
