#!/usr/bin/env bash
# Differential fuzzing of the compiler (tests/progen): N random programs, each run under CPython and
# compiled by oxjit, compared exactly; every mismatch, crash or hang is printed with a shrunk
# reproducer. Exit status 1 when any was found.
#
#   bash scripts/fuzz.sh N [--seed S] [--family general|math|scalars] [--out DIR] [--no-layout] [--strict]
#
# Families (tests/progen/families.py): general; math (edge float values through math/NumPy
# functions and powers, in loops and whole arrays); scalars (division by negatives, tuples, float
# lists, str dicts, text).
#
# Runs scripts/setup.sh first (idempotent). About 8 programs a second on one core.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
cd tests
exec ../.venv/bin/python -m progen "$@"
