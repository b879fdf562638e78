#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then run the demo: example programs compiled with
# oxjit.njit, checked against plain Python and timed. Arguments go to examples/demo.py
# (--help lists them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
exec .venv/bin/python examples/demo.py "$@"
