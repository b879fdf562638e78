"""Compiled code calling C functions through ctypes (Numba's ``ExternalFunctionPointer``): libm's
functions compared with ``math``, SciPy's ``cython_special`` through
``get_cython_function_address`` compared with ``scipy.special``, a small C library built here
(pointers and ints), ``@cfunc`` and ``WrapperAddressProtocol`` objects, in ``prange`` loops;
``cache=True`` (Numba's warning, nothing cached) and the errors Numba gives."""

import ctypes
import ctypes.util
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, compile_error

pytestmark = pytest.mark.requires_jit

libm = ctypes.CDLL(ctypes.util.find_library("m"))


def _c(lib, name, restype, *argtypes):
    """A fresh ctypes function object (each with its own argtypes/restype)."""
    f = getattr(lib, name)
    f = type(f)((name, lib))
    f.argtypes, f.restype = argtypes, restype
    return f


c_cos = _c(libm, "cos", ctypes.c_double, ctypes.c_double)
c_atan2 = _c(libm, "atan2", ctypes.c_double, ctypes.c_double, ctypes.c_double)
c_sqrtf = _c(libm, "sqrtf", ctypes.c_float, ctypes.c_float)
c_frexp = _c(libm, "frexp", ctypes.c_double, ctypes.c_double, ctypes.POINTER(ctypes.c_int))
libc = ctypes.CDLL(None)
c_labs = _c(libc, "labs", ctypes.c_long, ctypes.c_long)
c_memset = _c(libc, "memset", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t)


def global_cos(x):
    return c_cos(x)


def global_atan2(y, x):
    return c_atan2(y, x) + c_cos(0.0)


@pytest.mark.parametrize("x", [0.0, 1.0, -2.5, 1e10, math.inf, math.nan])
def test_libm_cos_as_a_global(x):
    got = oxjit.njit(global_cos)(x)
    # What Python's call through ctypes gives (math.cos raises at inf; libm returns nan).
    want = c_cos(x)
    assert type(got) is float
    assert got == want or (math.isnan(got) and math.isnan(want))
    if math.isfinite(x):
        assert got == math.cos(x)


def test_two_arguments_and_int_arguments_convert():
    f = oxjit.njit(global_atan2)
    assert f(1.0, 2.0) == math.atan2(1.0, 2.0) + 1.0
    # Ints and bools convert to the double parameters, as Numba converts them.
    assert f(1, True) == math.atan2(1, 1) + 1.0


def test_float32_result_and_integer_parameters():
    sqrtf = oxjit.njit(lambda x: c_sqrtf(x))
    assert sqrtf(2.0) == float(np.sqrt(np.float32(2.0)))
    labs = oxjit.njit(lambda x: c_labs(x))
    assert labs(-3) == 3 and type(labs(-3)) is int
    # A float argument to a `long` parameter is truncated, as in Numba.
    assert labs(-2.5) == 2


def test_closure_variable_and_argument():
    def make(fn):
        @oxjit.njit
        def g(x):
            return fn(x) * 2.0

        return g

    assert make(c_cos)(0.5) == math.cos(0.5) * 2.0

    @oxjit.njit
    def call(fn, x):
        return fn(x)

    assert call(c_cos, 0.25) == math.cos(0.25)
    # Another C function of the same signature runs the same specialization.
    c_sin = _c(libm, "sin", ctypes.c_double, ctypes.c_double)
    assert call(c_sin, 0.25) == math.sin(0.25)
    assert len(call.signatures) == 1
    assert "ExternalFunctionPointer((float64,) -> float64)" in str(call.signatures[0])


def test_cfunctype_from_an_address():
    proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
    addr = ctypes.cast(libm.tan, ctypes.c_void_p).value
    tan = proto(addr)
    f = oxjit.njit(lambda x: tan(x))
    assert f(0.3) == math.tan(0.3)


def test_pointer_arguments_from_arrays():
    @oxjit.njit
    def split(x, e):
        return c_frexp(x, e.ctypes)

    e = np.zeros(1, np.int32)
    m = split(40.0, e)
    assert (m, int(e[0])) == math.frexp(40.0)

    @oxjit.njit
    def clear(a):
        # `a.ctypes` and `a.ctypes.data` both pass as `void *`; the result is the address.
        first = c_memset(a.ctypes, 0, 8)
        c_memset(a.ctypes.data + 8, 0, 8)
        return first

    a = np.arange(1.0, 5.0)
    assert clear(a) == a.ctypes.data
    assert a.tolist() == [0.0, 0.0, 3.0, 4.0]


@pytest.mark.skipif(importlib.util.find_spec("scipy") is None, reason="SciPy is not installed")
def test_scipy_cython_special_by_address():
    # numba-stats' pattern.
    import scipy.special
    from oxjit.extending import get_cython_function_address

    addr = get_cython_function_address("scipy.special.cython_special", "pdtr")
    pdtr = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double)(addr)
    addr = get_cython_function_address("scipy.special.cython_special", "__pyx_fuse_1erf")
    erf = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(addr)

    @oxjit.njit
    def both(k, m):
        return pdtr(k, m), erf(m / 4.0)

    for k, m in [(0.0, 1.0), (3.0, 2.5), (10.0, 0.5)]:
        assert both(k, m) == (scipy.special.pdtr(k, m), scipy.special.erf(m / 4.0))


@pytest.mark.skipif(importlib.util.find_spec("scipy") is None, reason="SciPy is not installed")
def test_wrapper_address_protocol():
    # numba-stats wraps cython_special functions this way.
    import scipy.special
    from oxjit.extending import get_cython_function_address

    class Ndtri(oxjit.types.WrapperAddressProtocol):
        def __wrapper_address__(self):
            return get_cython_function_address("scipy.special.cython_special", "ndtri")

        def signature(self):
            return oxjit.types.float64(oxjit.types.float64)

    ndtri = Ndtri()
    f = oxjit.njit(lambda p: ndtri(p))
    for p in [0.1, 0.5, 0.975]:
        assert f(p) == scipy.special.ndtri(p)


def test_cfunc_called_from_compiled_code():
    @oxjit.cfunc("float64(float64, int64)")
    def scaled(x, k):
        return x * k + 0.5

    f = oxjit.njit(lambda x: scaled(x, 3))
    assert f(1.5) == 5.0

    @oxjit.njit
    def call(fn, x):
        return fn(x, 2)

    # As an argument: called through its address.
    assert call(scaled, 1.25) == 3.0


@oxjit.njit(parallel=True)
def parallel_cos(x):
    out = np.empty_like(x)
    for i in oxjit.prange(x.shape[0]):
        out[i] = c_cos(x[i])
    return out


@oxjit.njit(nogil=True)
def nogil_cos(x):
    s = 0.0
    for v in x:
        s += c_cos(v)
    return s


def test_in_prange_and_nogil():
    x = np.linspace(-3.0, 3.0, 1001)
    want = np.array([math.cos(v) for v in x])
    assert np.array_equal(parallel_cos(x), want)
    assert nogil_cos(x) == sum(math.cos(v) for v in x)


_LIB_SOURCE = r"""
#include <stdint.h>
int64_t sum_ints(const int32_t *a, int64_t n) {
    int64_t s = 0;
    for (int64_t i = 0; i < n; i++) s += a[i];
    return s;
}
void scale(double *a, int64_t n, double k) {
    for (int64_t i = 0; i < n; i++) a[i] *= k;
}
int8_t neg8(int8_t x) { return (int8_t)-x; }
uint16_t twice16(uint16_t x) { return (uint16_t)(2 * x); }
_Bool is_odd(int32_t x) { return x & 1; }
"""


@pytest.fixture(scope="module")
def small_lib(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.skip("no C compiler")
    folder = tmp_path_factory.mktemp("clib")
    src = folder / "small.c"
    src.write_text(_LIB_SOURCE)
    out = folder / "libsmall.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", "-o", str(out), str(src)], check=True)
    lib = ctypes.CDLL(str(out))
    return {
        "sum_ints": _c(
            lib, "sum_ints", ctypes.c_int64, ctypes.POINTER(ctypes.c_int32), ctypes.c_int64
        ),
        "scale": _c(
            lib, "scale", None, ctypes.POINTER(ctypes.c_double), ctypes.c_int64, ctypes.c_double
        ),
        "neg8": _c(lib, "neg8", ctypes.c_int8, ctypes.c_int8),
        "twice16": _c(lib, "twice16", ctypes.c_uint16, ctypes.c_uint16),
        "is_odd": _c(lib, "is_odd", ctypes.c_bool, ctypes.c_int32),
    }


def test_small_library_pointers_ints_and_void(small_lib):
    sum_ints, scale = small_lib["sum_ints"], small_lib["scale"]

    @oxjit.njit
    def run(a, b, k):
        scale(b.ctypes, b.size, k)
        return sum_ints(a.ctypes, a.size)

    a = np.array([1, -2, 30, 2**31 - 1], np.int32)
    b = np.arange(4.0)
    assert run(a, b, 2.5) == sum(int(v) for v in a)
    assert b.tolist() == [0.0, 2.5, 5.0, 7.5]

    @oxjit.njit
    def void_result(b):
        return scale(b.ctypes, b.size, 1.0)

    assert void_result(b) is None


def test_small_library_narrow_ints_and_bool(small_lib):
    neg8, twice16, is_odd = small_lib["neg8"], small_lib["twice16"], small_lib["is_odd"]

    @oxjit.njit
    def run(x, y, z):
        return neg8(x), twice16(y), is_odd(z)

    for x, y, z in [(5, 7, 3), (-128, 40000, -4), (127, 0, 0)]:
        want = (neg8(x), twice16(y), is_odd(z))
        got = run(x, y, z)
        assert got == want and [type(v) for v in got] == [type(v) for v in want]


def test_cache_warns_as_numba_and_keeps_nothing(tmp_path):
    script = tmp_path / "uses_ctypes.py"
    script.write_text(
        textwrap.dedent(
            """
            import ctypes, ctypes.util, math, warnings
            import oxjit
            libm = ctypes.CDLL(ctypes.util.find_library("m"))
            cos = libm.cos
            cos.argtypes, cos.restype = (ctypes.c_double,), ctypes.c_double

            @oxjit.njit(cache=True)
            def f(x):
                return cos(x)

            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                assert f(1.0) == math.cos(1.0)
            for x in w:
                print(x.category.__name__, x.message)
            """
        )
    )
    env = dict(os.environ, OXJIT_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == (
        'NumbaWarning Cannot cache compiled function "f" as it uses dynamic globals (such as '
        "ctypes pointers and large global arrays)"
    )
    cached = [f for _, _, files in os.walk(tmp_path / "cache") for f in files]
    assert not any(f.endswith(".oxjitc") for f in cached)


c_sin_untyped = libm.sin


def untyped_call(x):
    return c_sin_untyped(x)


def too_many(x):
    return c_cos(x, 1.0)


def complex_argument(x):
    return c_cos(x * 1j)


def array_to_pointer(a):
    return c_frexp(a[0], a)


def keyword_call(x):
    return c_atan2(y=x, x=1.0)


@pytest.mark.parametrize(
    ("fn", "args", "snippet", "message"),
    [
        (untyped_call, (1.0,), "c_sin_untyped", "doesn't define its argument types"),
        (too_many, (1.0,), "c_cos(x, 1.0)", r"takes 1 argument, 2 given"),
        (complex_argument, (1.0,), "c_cos(x * 1j)", "argument 1 is complex128"),
        (array_to_pointer, (np.ones(2),), "c_frexp(a[0], a)", "argument 2 is array"),
        (keyword_call, (1.0,), "c_atan2(y=x, x=1.0)", "keyword"),
    ],
)
def test_errors_name_the_line(fn, args, snippet, message):
    err = compile_error(fn, *args)
    assert re_search(message, str(err))
    assert_diagnostic(err, fn, snippet, oxjit.errors.CompilerError)


def re_search(pattern, text):
    import re

    return re.search(pattern, text) is not None


def test_unsupported_ctypes_types_are_refused():
    strlen = _c(libc, "strlen", ctypes.c_size_t, ctypes.c_char_p)
    with pytest.raises(oxjit.errors.CompilerError, match="unsupported ctypes type c_char_p"):
        oxjit.njit(lambda s: strlen(s))("ab")
    with pytest.raises(TypeError, match="doesn't define its argument types"):
        oxjit.njit(lambda f, x: f(x))(c_sin_untyped, 1.0)


def test_returning_the_function_is_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises((TypeError, oxjit.errors.CompilerError)):
            oxjit.njit(lambda: c_cos)()
