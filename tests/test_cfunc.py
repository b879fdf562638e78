"""``oxjit.cfunc``: C callbacks (address, ctypes, cffi, SciPy's LowLevelCallable), compared
exactly with the Python function; ``carray``/``farray`` on ctypes pointers."""

import ctypes
import math
import os
import subprocess
import sys

import numpy as np
import oxjit
import pytest

pytestmark = pytest.mark.requires_jit


def mul_add_py(x, y):
    return x * y + 0.5


mul_add = oxjit.cfunc("float64(float64, float64)")(mul_add_py)


def test_address_and_ctypes():
    assert isinstance(mul_add.address, int) and mul_add.address != 0
    for x, y in [(2.0, 3.0), (-1.5, 1e300), (0.1, 0.2)]:
        got = mul_add.ctypes(x, y)
        assert type(got) is float and got == mul_add_py(x, y)
    # The same function through a pointer made from the address.
    proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double)
    assert proto(mul_add.address)(4.0, 0.25) == mul_add_py(4.0, 0.25)


def test_calling_the_object_runs_the_python_function():
    # As in Numba: a CFunc called from Python is the Python function.
    assert mul_add(2, 3) == 6.5 and type(mul_add(2, 3)) is float
    assert mul_add.__name__ == "mul_add_py"


@pytest.mark.parametrize(
    ("sig", "ctype", "pyfunc", "args"),
    [
        ("int32(int32, int32)", ctypes.c_int32, lambda a, b: a // b, (-7, 2)),
        ("int64(int64)", ctypes.c_int64, lambda a: a * 3, (2**40,)),
        ("uint8(uint8, uint8)", ctypes.c_uint8, lambda a, b: a + b, (250, 10)),
        ("float32(float32)", ctypes.c_float, lambda a: a / 3, (1.0,)),
        ("bool(float64)", ctypes.c_bool, lambda a: a > 0, (0.5,)),
    ],
)
def test_integer_float32_and_bool_signatures(sig, ctype, pyfunc, args):
    f = oxjit.cfunc(sig)(pyfunc)
    got = f.ctypes(*args)
    # What the C type holds of the exact result (wrapping for uint8, float32 rounding).
    expected = ctype(pyfunc(*args)).value
    if ctype is ctypes.c_float:
        expected = float(np.float32(np.float32(args[0]) / np.float32(3)))
    assert type(got) is type(expected) and got == expected


def test_void_result():
    @oxjit.cfunc("void(int64)")
    def nothing(n):
        m = n + 1  # noqa: F841

    assert nothing.ctypes.restype is None
    assert nothing.ctypes(3) is None


def test_exception_in_callback_is_unraisable_and_returns_zero(monkeypatch):
    @oxjit.cfunc("float64(float64)")
    def inv(x):
        if x == 0.0:
            raise ValueError("zero has no inverse")
        return 1.0 / x

    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    assert inv.ctypes(4.0) == 0.25
    assert reported == []
    assert inv.ctypes(0.0) == 0.0
    assert len(reported) == 1
    assert type(reported[0].exc_value) is ValueError
    assert str(reported[0].exc_value) == "zero has no inverse"


def test_callable_from_compiled_code():
    @oxjit.njit
    def use(x):
        return mul_add(x, 2.0) * 2

    assert use(3.0) == mul_add_py(3.0, 2.0) * 2


def test_cffi_pointer():
    cffi = pytest.importorskip("cffi")
    ptr = mul_add.cffi
    assert cffi.FFI().typeof(ptr).cname == "double(*)(double, double)"
    assert ptr(2.0, 3.0) == mul_add_py(2.0, 3.0)


def test_scipy_low_level_callable_with_quad():
    scipy = pytest.importorskip("scipy")
    from scipy import integrate

    def gauss_py(x):
        return math.exp(-x * x)

    gauss = oxjit.cfunc("float64(float64)")(gauss_py)
    callable_ = scipy.LowLevelCallable(gauss.ctypes)
    got = integrate.quad(callable_, -np.inf, np.inf)
    # Same integrand, same algorithm: exactly SciPy's answer with the Python function.
    assert got == integrate.quad(gauss_py, -np.inf, np.inf)
    assert abs(got[0] - math.sqrt(math.pi)) < 1e-12


def test_unsupported_signatures_are_clear_errors():
    with pytest.raises(oxjit.errors.UnsupportedError, match="argument 1 is complex128"):
        oxjit.cfunc("float64(complex128)")
    with pytest.raises(oxjit.errors.UnsupportedError, match="argument 1 is array"):
        oxjit.cfunc("float64(float64[:])")
    with pytest.raises(TypeError, match="needs a return type"):
        oxjit.cfunc("(float64,)")
    with pytest.raises(TypeError, match="invalid signature"):
        oxjit.cfunc("float64(flaot64)")
    with pytest.raises(oxjit.errors.TypingError, match="has no attribute"):
        oxjit.cfunc("float64(float64)")(lambda x: x.nope)
    with pytest.raises(oxjit.errors.UnsupportedError, match="locals"):
        oxjit.cfunc("float64(float64)", locals={"x": oxjit.float64})


def _weighted_total_py(ptr, m, n):
    a = oxjit.carray(ptr, (m, n))
    s = 0.0
    for i in range(m):
        for j in range(n):
            s += a[i, j] * (i + 1)
    return s


def test_carray_views_a_pointer_argument_in_the_callback():
    total = oxjit.cfunc("float64(CPointer(float64), intp, intp)")(_weighted_total_py)
    x = np.arange(12.0) ** 1.5
    ptr = x.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    got = total.ctypes(ptr, 3, 4)
    # The Python function on the same memory (carray from Python on a ctypes pointer).
    assert type(got) is float and got == _weighted_total_py(ptr, 3, 4)
    assert total.ctypes.argtypes == (ctypes.POINTER(ctypes.c_double), ctypes.c_int64,
                                     ctypes.c_int64)  # fmt: skip


def test_farray_writes_through_a_pointer_argument():
    @oxjit.cfunc(oxjit.void(oxjit.CPointer(oxjit.int32), oxjit.intp, oxjit.intp))
    def fill(ptr, m, n):
        a = oxjit.farray(ptr, (m, n))
        for i in range(m):
            for j in range(n):
                a[i, j] = 10 * i + j

    out = np.zeros(6, dtype=np.int32)
    fill.ctypes(out.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)), 2, 3)
    expected = np.array([[0, 1, 2], [10, 11, 12]], dtype=np.int32)
    # Fortran order: the memory holds the columns one after the other.
    assert np.array_equal(out, expected.ravel(order="F"))


def test_scipy_quad_with_extra_arguments_through_a_pointer():
    scipy = pytest.importorskip("scipy")
    from scipy import integrate

    # SciPy's `double f(int n, double *xx, void *user_data)`: xx holds x then the args.
    @oxjit.cfunc("float64(intc, CPointer(float64), voidptr)")
    def scaled(n, xx, user_data):
        v = oxjit.carray(xx, n)
        return math.sin(v[0]) * v[1]

    fast = scipy.LowLevelCallable(scaled.ctypes)
    got = integrate.quad(fast, 0.0, 2.0, args=(3.0,))
    assert got == integrate.quad(lambda x, a: math.sin(x) * a, 0.0, 2.0, args=(3.0,))


def test_pointer_errors():
    with pytest.raises(oxjit.errors.UnsupportedError, match="voidptr"):
        oxjit.cfunc("float64(voidptr)")(lambda p: oxjit.carray(p, 3)[0])
    with pytest.raises(oxjit.errors.TypingError, match="takes a C pointer"):
        oxjit.cfunc("float64(int64)")(lambda p: oxjit.carray(p, 3)[0])
    with pytest.raises(TypeError, match="CPointer takes a scalar type"):
        oxjit.CPointer(oxjit.float64[:])


def test_pointer_signature_cffi_and_types():
    cffi = pytest.importorskip("cffi")
    f = oxjit.cfunc("float64(intc, CPointer(float64), voidptr)")(lambda n, xx, d: 1.0)
    assert cffi.FFI().typeof(f.cffi).cname == "double(*)(int32_t, double *, void *)"
    assert str(oxjit.CPointer(oxjit.float64)) == "CPointer(float64)"
    assert str(oxjit.voidptr) == "voidptr"
    assert oxjit.types.parse_type("CPointer(int32)") == oxjit.CPointer(oxjit.int32)


def test_carray_and_farray_on_ctypes_pointers():
    buf = (ctypes.c_double * 6)(*range(6))
    ptr = ctypes.cast(buf, ctypes.POINTER(ctypes.c_double))
    c = oxjit.carray(ptr, (2, 3))
    f = oxjit.farray(ptr, (2, 3))
    expected = np.arange(6.0)
    assert c.dtype == np.float64 and np.array_equal(c, expected.reshape(2, 3))
    assert np.array_equal(f, expected.reshape(2, 3, order="F"))
    # A view, not a copy.
    c[0, 0] = 42.0
    assert buf[0] == 42.0
    addr = ctypes.addressof(buf)
    v = oxjit.carray(addr, 6, dtype=np.float64)
    assert np.array_equal(v, np.array([42.0, 1, 2, 3, 4, 5]))
    with pytest.raises(TypeError, match="needs dtype"):
        oxjit.carray(addr, 6)
    with pytest.raises(TypeError, match="mismatching dtype"):
        oxjit.carray(ptr, 6, dtype=np.int32)


def test_disabled_jit_is_a_clear_error():
    code = """
import oxjit
for make in (lambda: oxjit.vectorize(["float64(float64)"])(abs),
             lambda: oxjit.guvectorize("(n)->(n)")(abs),
             lambda: oxjit.cfunc("float64(float64)")(abs)):
    try:
        make()
    except oxjit.errors.UnsupportedError as e:
        print("DISABLE_JIT" in str(e))
"""
    env = dict(os.environ, OXJIT_DISABLE_JIT="1")
    proc = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True", "True"]
