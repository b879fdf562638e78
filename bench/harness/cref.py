"""C references: build ``bench/c/*.c`` into one shared library, call it through ctypes, and measure
this machine's memory bandwidth with a STREAM-style copy and triad (``bench/c/stream.c``).

The library is built with ``gcc -O3 -march=native -ffp-contract=off`` (see :data:`CFLAGS`) into
``bench/results/build/``, and rebuilt only when a source or the flags change.
"""

import ctypes
import hashlib
import os
import subprocess
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent.parent
C_DIR = BENCH / "c"
BUILD_DIR = BENCH / "results" / "build"
CC = os.environ.get("CC", "gcc")
# -ffp-contract=off: GNU C otherwise fuses a * b + c into one FMA instruction, which rounds
# differently from Python, NumPy, Numba and oxjit (none of which fuse without fastmath), so that
# C's results could not be checked as tightly and C would get a liberty the others do not take.
CFLAGS = ("-O3", "-march=native", "-ffp-contract=off", "-fPIC", "-shared")
LIBS = ("-lm",)


def sources():
    """The C files of the suite, sorted."""
    return sorted(C_DIR.glob("*.c"))


def library_path():
    """Where the library built from the current sources and flags lives."""
    digest = hashlib.sha256()
    for part in (CC, *CFLAGS, *LIBS):
        digest.update(part.encode() + b"\0")
    for path in sources():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return BUILD_DIR / f"kernels-{digest.hexdigest()[:12]}.so"


def build():
    """Build the library if needed; return its path."""
    path = library_path()
    if not path.exists():
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        cmd = [CC, *CFLAGS, "-o", str(tmp), *map(str, sources()), *LIBS]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        tmp.replace(path)
    return path


def compiler_version():
    """The first line of ``gcc --version``."""
    try:
        out = subprocess.run([CC, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unavailable"
    return out.splitlines()[0]


def compiler_command():
    """The command line, in words, for the report."""
    return " ".join([CC, *CFLAGS, "...", *LIBS])


def load(path=None):
    """Load the library (built if needed)."""
    return ctypes.CDLL(str(path or build()))


# ---------------------------------------------------------------- argument helpers


def ptr(array):
    """The address of a C-contiguous array's data, for a ``const double *`` (or other) parameter."""
    if not array.flags.c_contiguous:
        raise ValueError("C references take C-contiguous arrays")
    return ctypes.c_void_p(array.ctypes.data)


def i64(value):
    """An ``int64_t`` argument."""
    return ctypes.c_int64(int(value))


def f64(value):
    """A ``double`` argument."""
    return ctypes.c_double(float(value))


def f32(value):
    """A ``float`` argument."""
    return ctypes.c_float(float(value))


def function(lib, name, restype=None):
    """``lib.name`` with its return type set (None: void)."""
    fn = getattr(lib, name)
    fn.restype = restype
    return fn


# ---------------------------------------------------------------- STREAM


def stream(lib, n, repeats):
    """Best copy and triad bandwidth in bytes per second, single thread, arrays of n doubles.

    STREAM's counting: copy moves 16 bytes per element, triad 24 (the write-allocate traffic of the
    destination is not counted). The best of ``repeats`` runs, as STREAM reports.
    """
    a = np.full(n, 1.0)
    b = np.full(n, 2.0)
    c = np.full(n, 0.5)
    copy = function(lib, "stream_copy", ctypes.c_double)
    triad = function(lib, "stream_triad", ctypes.c_double)
    best = {"copy": float("inf"), "triad": float("inf")}
    for _ in range(repeats):
        best["copy"] = min(best["copy"], copy(ptr(a), ptr(b), i64(n)))
        best["triad"] = min(best["triad"], triad(ptr(a), ptr(b), ptr(c), f64(3.0), i64(n)))
    if not np.all(a == 2.0 + 3.0 * 0.5):
        raise RuntimeError("STREAM triad computed a wrong result")
    return {
        "n": n,
        "copy_Bps": 16 * n / best["copy"],
        "triad_Bps": 24 * n / best["triad"],
    }
