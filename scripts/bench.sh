#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), install the benchmark-only dependencies into .venv when
# they are missing (Numba, matplotlib: never needed by oxjit), then run
#   1. bench/startup.py: import time, first-compile time and call overhead, oxjit against Numba;
#   2. bench/run.py: the kernel suite against Numba, CPython and C, which writes the report
#      (docs/benchmarks/report.md and its plots) and includes step 1's figures in it.
#
#   bash scripts/bench.sh                  # the full run (about five minutes; make bench)
#   bash scripts/bench.sh --quick          # the quick run (a minute or two; make bench-quick)
#   bash scripts/bench.sh --startup-only   # step 1 alone, as this script used to do
#
# Other arguments go to bench/startup.py, e.g. --repeat 20 or --json PATH (default:
# bench/results/startup.json, which bench/run.py then reads). For the kernel suite's own options
# (--kernels, --systems, --statistic...), run .venv/bin/python bench/run.py --help.
# OXJIT_BENCH_NO_NUMBA=1 skips installing Numba (its columns are then left out).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

quick=0
startup_only=0
startup_json=bench/results/startup.json
startup_args=()
run_args=()
while [ "$#" -gt 0 ]; do
    case "$1" in
    --quick) quick=1 ;;
    --startup-only) startup_only=1 ;;
    --json)
        [ "$#" -ge 2 ] || {
            echo "[bench] --json needs a path" >&2
            exit 2
        }
        startup_json="$2"
        shift
        ;;
    --no-numba)
        startup_args+=(--no-numba)
        run_args+=(--systems "cpython,oxjit,c")
        ;;
    *) startup_args+=("$1") ;;
    esac
    shift
done

bash scripts/setup.sh
PY=.venv/bin/python
if [ "${OXJIT_BENCH_NO_NUMBA:-0}" != 1 ] && ! "$PY" -c 'import numba' >/dev/null 2>&1; then
    echo "[bench] installing numba into .venv (benchmark-only)" >&2
    "$PY" -m pip install -q --disable-pip-version-check numba ||
        echo "[bench] could not install numba: its column is left out" >&2
fi
if [ "$startup_only" = 0 ] && ! "$PY" -c 'import matplotlib' >/dev/null 2>&1; then
    echo "[bench] installing matplotlib into .venv (benchmark-only, for the plots)" >&2
    "$PY" -m pip install -q --disable-pip-version-check matplotlib ||
        echo "[bench] could not install matplotlib: the report has no plots" >&2
fi

if [ "$quick" = 1 ]; then
    startup_args=(--repeat 3 "${startup_args[@]}")
    run_args+=(--quick)
fi
echo "[bench] import, first compile and call overhead (bench/startup.py)" >&2
"$PY" bench/startup.py --json "$startup_json" "${startup_args[@]}"
if [ "$startup_only" = 1 ]; then
    exit 0
fi
echo "[bench] kernels (bench/run.py)" >&2
exec "$PY" bench/run.py --startup-json "$startup_json" "${run_args[@]}"
