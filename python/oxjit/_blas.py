"""Finds NumPy's own BLAS/LAPACK, which compiled linear algebra calls (so that it computes what
NumPy computes, bit for bit).

NumPy's wheels ship an ILP64 OpenBLAS (``numpy.libs/libscipy_openblas64_-*.so`` on Linux,
``numpy/.dylibs`` on macOS, ``numpy.libs`` next to the package on Windows) whose symbols carry a
prefix and a suffix: ``scipy_dgemm_64_``, ``scipy_cblas_dgemm64_``. The library is already loaded
once ``numpy.linalg`` is imported; :func:`addresses` finds it (among the libraries the process has
loaded, then in those directories), and returns the addresses of the functions the compiler asks
for, which the extension hands to its runtime. ctypes does the loading: ``CDLL`` of a loaded
library returns that same library, and it works the same on every platform Python runs on.
"""

import ctypes
import glob
import os

# (prefix, CBLAS suffix, Fortran suffix) of ILP64 builds: NumPy's scipy-openblas64, and an
# OpenBLAS built with INTERFACE64=1 SYMBOLSUFFIX=64_.
_SCHEMES = (("scipy_", "64_", "_64_"), ("", "64_", "_64_"))


def _symbol(name, scheme):
    prefix, cblas_suffix, fortran_suffix = scheme
    return prefix + name + (cblas_suffix if name.startswith("cblas_") else fortran_suffix)


def _loaded_libraries():
    """Shared libraries mapped into this process (Linux), in the order they appear."""
    paths = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                if len(fields) == 6 and fields[5].startswith("/"):
                    path = fields[5].strip()
                    if path not in paths:
                        paths.append(path)
    except OSError:
        pass
    return paths


def _candidates():
    """Libraries that may be NumPy's BLAS: loaded ones first, then NumPy's wheel directories."""
    import numpy
    import numpy.linalg  # loads NumPy's BLAS/LAPACK

    base = os.path.dirname(numpy.__file__)
    dirs = [base + ".libs", os.path.join(base, ".dylibs"), os.path.join(base, "..", "numpy.libs")]
    found = [p for p in _loaded_libraries() if "blas" in os.path.basename(p).lower()]
    for d in dirs:
        for p in sorted(glob.glob(os.path.join(d, "*blas*"))):
            if p not in found:
                found.append(p)
    return found


def _describe():
    """What was looked for, for error messages."""
    import numpy

    try:
        blas = numpy.__config__.CONFIG["Build Dependencies"]["blas"]
        built = (
            f"{blas.get('name')} {blas.get('version')} ({blas.get('openblas configuration', '')})"
        )
    except (AttributeError, KeyError, TypeError):
        built = "unknown"
    looked = ", ".join(_symbol("dgemm", s) for s in _SCHEMES)
    return (
        f"looked for an ILP64 BLAS/LAPACK exporting {looked} among the libraries NumPy loaded and "
        f"in NumPy's wheel directories; this NumPy ({numpy.__version__}) was built with {built}"
    )


def addresses(names):
    """``(path, [address of each of names])`` in NumPy's BLAS/LAPACK.

    ``names`` are reference BLAS/LAPACK names (``"dgesv"``), ``"cblas_..."`` for CBLAS. Raises
    ``ImportError`` saying what was looked for when no library has them all.
    """
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for scheme in _SCHEMES:
            try:
                found = [ctypes.cast(getattr(lib, _symbol(n, scheme)), ctypes.c_void_p).value
                         for n in names]  # fmt: skip
            except AttributeError:
                continue
            return path, found
    raise ImportError(f"NumPy's BLAS/LAPACK was not found: {_describe()}")


def find():
    """The path of NumPy's BLAS/LAPACK, or ``None`` with the reason (for tests to skip on)."""
    try:
        return addresses(["cblas_dgemm", "dgesv"])[0], None
    except ImportError as e:
        return None, str(e)
