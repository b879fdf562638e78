#!/usr/bin/env bash
# Lint everything (not run by scripts/test.sh or CI, to keep them fast):
#   cargo fmt --check, cargo clippy -D warnings, ruff check and ruff format --check,
#   and shellcheck on the scripts when it is installed.
# All checks run; the exit status is nonzero if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
if ! command -v cargo >/dev/null 2>&1; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
export LLVM_SYS_221_PREFIX="${LLVM_SYS_221_PREFIX:-/usr/lib/llvm-22}"

PY_PATHS=(python tests bench examples)
failed=()
run() {
    echo "== $*"
    "$@" || failed+=("$*")
}

run cargo fmt --all --check
run cargo clippy --workspace --all-targets -- -D warnings
run .venv/bin/ruff check "${PY_PATHS[@]}"
run .venv/bin/ruff format --check "${PY_PATHS[@]}"
if command -v shellcheck >/dev/null 2>&1; then
    run shellcheck scripts/*.sh .ci/run
else
    echo "== shellcheck not installed: skipped (apt-get install shellcheck)"
fi

if [ "${#failed[@]}" -gt 0 ]; then
    printf '== FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "== lint clean"
