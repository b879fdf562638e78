#!/usr/bin/env bash
# Lint everything (CI runs it after scripts/test.sh; scripts/test.sh does not, to stay fast):
#   cargo fmt --check, cargo clippy -D warnings, ruff check and ruff format --check,
#   and shellcheck on the scripts when it is installed.
# Needs the toolchain's clippy and rustfmt (added with rustup when missing) and the venv's ruff
# (scripts/setup.sh installs it).
# All checks run; the exit status is nonzero if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
if ! command -v cargo >/dev/null 2>&1; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
export LLVM_SYS_221_PREFIX="${LLVM_SYS_221_PREFIX:-/usr/lib/llvm-22}"

# rustup's minimal profile (a fresh CI machine's) has neither clippy nor rustfmt.
ensure_component() { # component, the cargo subcommand it provides
    if ! cargo "$2" --version >/dev/null 2>&1; then
        if command -v rustup >/dev/null 2>&1; then
            echo "== rustup component add $1"
            rustup component add "$1"
        else
            echo "== cargo $2 is missing and there is no rustup to add $1" >&2
        fi
    fi
}
ensure_component clippy clippy
ensure_component rustfmt fmt

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
