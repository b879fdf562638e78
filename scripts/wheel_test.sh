#!/usr/bin/env bash
# Install the wheel into fresh virtual environments that have only NumPy, on every CPython from
# 3.10 to 3.13 this machine has, with NumPy 1.26 and NumPy 2.x, and run tests/wheel/smoke.py
# (scalars, arrays, linear algebra, errors, `python -m oxjit`, the type information) in each.
# Then print the wheel's size and the import times of oxjit and of Numba (when one is installed).
#
#   bash scripts/wheel_test.sh          builds the wheel first (scripts/wheel.sh) unless
#                                       dist/ has one; OXJIT_WHEEL_REBUILD=1 always rebuilds
#
# A Python version that is not on this machine is skipped (said so); at least one must run.
# NumPy 1.26 has no wheels for 3.13: that pair is skipped. Exit status 1 if any run failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="$ROOT/target/wheel-test"

say() { printf '[wheel-test] %s\n' "$*" >&2; }

if [ "${OXJIT_WHEEL_REBUILD:-0}" = 1 ] || ! compgen -G "dist/oxjit-*.whl" >/dev/null; then
    bash scripts/wheel.sh
fi
wheel="$(ls "$ROOT"/dist/oxjit-*.whl)"
say "testing $wheel"

# The interpreter for version $1: on PATH, or one of pyenv's.
find_python() {
    local v="$1" candidate
    for candidate in "$(command -v "python$v" 2>/dev/null || true)" \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/"python$v"; do
        # pyenv's shims are on PATH even for versions that are not selected: run it to be sure.
        if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import venv' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

rm -rf "$WORK"
mkdir -p "$WORK/run"
passed=0
failed=()
last_venv=""
for v in 3.10 3.11 3.12 3.13; do
    if ! python="$(find_python "$v")"; then
        say "CPython $v: not on this machine, skipped"
        continue
    fi
    for numpy in "numpy==1.26.*" "numpy>=2"; do
        if [ "$v" = 3.13 ] && [ "$numpy" = "numpy==1.26.*" ]; then
            say "CPython 3.13 with NumPy 1.26: no such NumPy wheel, skipped"
            continue
        fi
        venv="$WORK/venv-$v-${numpy//[^0-9a-z]/}"
        "$python" -m venv "$venv"
        if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check "$numpy" ||
            ! "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$wheel"; then
            failed+=("CPython $v, $numpy: install")
            continue
        fi
        label="CPython $("$venv/bin/python" -c 'import platform; print(platform.python_version())'), NumPy $("$venv/bin/python" -c 'import numpy; print(numpy.__version__)')"
        # From an empty directory, so that `import oxjit` cannot find the source tree.
        if (cd "$WORK/run" && "$venv/bin/python" "$ROOT/tests/wheel/smoke.py" >"$venv.log" 2>&1); then
            say "$label: $(tail -1 "$venv.log")"
            passed=$((passed + 1))
            last_venv="$venv"
        else
            cat "$venv.log" >&2
            failed+=("$label")
        fi
    done
done

# The figures the issue asks for: the wheel's size, and import times (best of 15 runs each).
# Timed in CPython 3.11 with NumPy 2 where there is one (the developers' Python, as Numba's).
timing_venv="$last_venv"
if [ -x "$WORK/venv-3.11-numpy2/bin/python" ] && [ -f "$WORK/venv-3.11-numpy2.log" ] &&
    tail -1 "$WORK/venv-3.11-numpy2.log" | grep -q ' 0 failed'; then
    timing_venv="$WORK/venv-3.11-numpy2"
fi
if [ -n "$timing_venv" ]; then
    say "wheel size: $(du -h "$wheel" | cut -f1) ($(stat -c %s "$wheel") bytes)"
    numba_python=""
    for candidate in "$ROOT/.venv/bin/python" "${OXJIT_NUMBA_PYTHON:-}"; do
        if [ -n "$candidate" ] && "$candidate" -c 'import numba' 2>/dev/null; then
            numba_python="$candidate"
        fi
    done
    (cd "$WORK/run" && "$timing_venv/bin/python" "$ROOT/tests/wheel/import_time.py" "$numba_python") >&2
fi

if [ "${#failed[@]}" -gt 0 ] || [ "$passed" -eq 0 ]; then
    printf '[wheel-test] FAILED: %s\n' "${failed[@]:-no Python found}" >&2
    echo "wheel_test: $passed passed, ${#failed[@]} failed"
    exit 1
fi
echo "wheel_test: $passed passed, 0 failed"
