#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then run the whole test suite:
#   1. the Rust tests of the compiler core, the ABI and the runtime (no LLVM needed),
#   2. the Python tests (pytest tests -q), which compile through the built extension.
# Both run even when the first fails; the exit status is nonzero if anything failed.
# Arguments are passed to pytest:  bash scripts/test.sh -k recursion -x
# Lint (cargo fmt, clippy, ruff) is separate: bash scripts/lint.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
if ! command -v cargo >/dev/null 2>&1; then
    export PATH="$HOME/.cargo/bin:$PATH" # where setup.sh found it
fi
export LLVM_SYS_221_PREFIX="${LLVM_SYS_221_PREFIX:-/usr/lib/llvm-22}"

failed=()

echo "== cargo test --release -p oxjit-core -p oxjit-abi -p oxjit-runtime"
cargo test --release -p oxjit-core -p oxjit-abi -p oxjit-runtime || failed+=("cargo test")

echo "== pytest tests"
if [ -n "${OXJIT_DISABLE_JIT:-}${NUMBA_DISABLE_JIT:-}" ]; then
    echo "   (OXJIT_DISABLE_JIT/NUMBA_DISABLE_JIT is set: the tests run against plain Python)"
fi
.venv/bin/python -m pytest tests -q "$@" || failed+=("pytest")

if [ "${#failed[@]}" -gt 0 ]; then
    printf '== FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "== all tests passed"
