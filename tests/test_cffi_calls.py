"""Compiled code calling C functions through cffi, as Numba does: functions of
``ffi.dlopen(...)`` libraries (libm, libc) compared with ``math``, ``ffi.from_buffer(a)`` passing
an array's memory, functions of an out-of-line module registered with
``numba.core.typing.cffi_utils.register_module``, and the errors."""

import ctypes.util
import math
import shutil

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, compile_error

cffi = pytest.importorskip("cffi")

pytestmark = pytest.mark.requires_jit

ffi = cffi.FFI()
ffi.cdef(
    """
    double cos(double);
    float sqrtf(float);
    double frexp(double, int *);
    double ldexp(double, int);
    long labs(long);
    void *memset(void *, int, size_t);
    int printf(const char *, ...);
    """
)
libm = ffi.dlopen(ctypes.util.find_library("m"))
libc = ffi.dlopen(None)
# As in Numba, compiled code calls the functions bound to names (not `libm.cos`: the library
# object itself has no type).
c_cos, c_sqrtf, c_frexp, c_ldexp = libm.cos, libm.sqrtf, libm.frexp, libm.ldexp
c_labs, c_memset, c_printf = libc.labs, libc.memset, libc.printf


def cos_of(x):
    return c_cos(x)


@pytest.mark.parametrize("x", [0.0, 0.5, -7.25, 1e300])
def test_dlopen_function_as_a_global(x):
    got = oxjit.njit(cos_of)(x)
    assert type(got) is float and got == math.cos(x)


def test_int_and_float32_signatures():
    f = oxjit.njit(lambda x, n: (c_ldexp(x, n), c_labs(-n), c_sqrtf(x)))
    assert f(0.75, 5) == (math.ldexp(0.75, 5), 5, float(np.sqrt(np.float32(0.75))))


def test_from_buffer_passes_an_arrays_memory():
    @oxjit.njit
    def split(x, e):
        return c_frexp(x, ffi.from_buffer(e))

    e = np.zeros(1, np.int32)
    m = split(48.0, e)
    assert (m, int(e[0])) == math.frexp(48.0)

    @oxjit.njit
    def clear(a):
        c_memset(ffi.from_buffer(a), 0, a.size * 8)

    a = np.arange(6.0).reshape(2, 3)
    clear(a)
    assert not a.any()


def test_as_an_argument_and_in_prange():
    @oxjit.njit(parallel=True)
    def apply(fn, x):
        out = np.empty_like(x)
        for i in oxjit.prange(x.size):
            out[i] = fn(x[i])
        return out

    x = np.linspace(0.0, 10.0, 257)
    assert np.array_equal(apply(c_cos, x), np.array([math.cos(v) for v in x]))


def test_out_of_line_module(tmp_path, monkeypatch):
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler")
    builder = cffi.FFI()
    builder.cdef("double halve(double); int64_t add3(int64_t, int64_t, int64_t);")
    builder.set_source(
        "oxjit_test_ool",
        "#include <stdint.h>\n"
        "static double halve(double x) { return x / 2; }\n"
        "static int64_t add3(int64_t a, int64_t b, int64_t c) { return a + b + c; }\n",
    )
    builder.compile(tmpdir=str(tmp_path), verbose=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    import oxjit_test_ool as mod
    from oxjit.core.typing import cffi_utils

    cffi_utils.register_module(mod)
    halve, add3 = mod.lib.halve, mod.lib.add3
    f = oxjit.njit(lambda x, n: (halve(x), add3(n, 2, 3)))
    assert f(5.0, 10) == (2.5, 15)


def variadic(x):
    return c_printf(x)


def from_buffer_strided(a):
    return c_frexp(1.0, ffi.from_buffer(a[::2]))


def library_attribute(x):
    return libm.cos(x)


def test_errors():
    err = compile_error(variadic, 1)
    assert "variable arguments" in str(err)
    assert_diagnostic(err, variadic, "c_printf", oxjit.errors.CompilerError)
    err = compile_error(from_buffer_strided, np.zeros(4, np.int32))
    assert "from_buffer" in str(err) and "contiguous" in str(err)
    assert_diagnostic(
        err, from_buffer_strided, "ffi.from_buffer(a[::2])", oxjit.errors.CompilerError
    )
    # The library object is no value compiled code has (as in Numba).
    err = compile_error(library_attribute, 1.0)
    assert_diagnostic(err, library_attribute, "libm", oxjit.errors.CompilerError)


def test_cffi_utils_under_numbas_name():
    # `from numba.core.typing import cffi_utils` works under oxjit as numba; Numba's other
    # typing modules stay refused as its compiler internals.
    import subprocess
    import sys

    code = (
        "import sys, oxjit; sys.modules['numba'] = oxjit\n"
        "from numba.core.typing.cffi_utils import register_module\n"
        "from oxjit._cfuncptr import register_module as ours\n"
        "assert register_module is ours\n"
        "try:\n"
        "    from numba.core.typing import templates\n"
        "except ImportError as e:\n"
        "    assert 'compiler internals' in str(e)\n"
        "else:\n"
        "    raise AssertionError('templates imported')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
