"""`np.ldexp`, `np.frexp` and `np.modf` on numbers and arrays of every real dtype and layout,
compared with NumPy exactly (dtypes by NumPy's loops: float16 for booleans and 8-bit integers,
float32 for 16-bit ones; frexp's exponents int32), and NumPy's TypeError where it has no loop."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

FLOATS = [0.0, -0.0, 1.0, 0.75, -3.5, 1e-310, 5e-324, np.inf, -np.inf, np.nan, 1e300, 123.456]
INTS = [0, 1, -5, 100, 7, -128]


def values(dtype):
    if np.dtype(dtype).kind == "f":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # 1e300 is inf in float16/32
            return np.array(FLOATS).astype(dtype)
    if dtype == np.bool_:
        return np.array([True, False, True, True])
    info = np.iinfo(dtype)
    return np.array([v for v in INTS if info.min <= v <= info.max], dtype=dtype)


def layouts(a):
    m = np.resize(a, 24).reshape(4, 6)
    return [a, a[::-1], m, np.asfortranarray(m), m[::2, ::-3], m.T[1::2]]


DTYPES = [np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.uint8, np.int8,
          np.uint32, np.bool_]  # fmt: skip


def frexp(a):
    return np.frexp(a)


def modf(a):
    return np.modf(a)


def frexp_number(x):
    m, e = np.frexp(x)
    return np.full(1, m), np.full(1, e)


def modf_number(x):
    f, i = np.modf(x)
    return np.full(1, f), np.full(1, i)


@pytest.mark.parametrize("dtype", DTYPES)
def test_frexp_modf_arrays(dtype):
    for a in layouts(values(dtype)):
        assert_same(frexp, a)
        assert_same(modf, a)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int16, np.bool_])
def test_frexp_modf_numbers(dtype):
    for x in values(dtype):
        if np.isnan(x) and dtype == np.float32:
            continue  # (a NaN float32 argument does not compare equal to itself afterwards)
        assert_same(frexp_number, x)
        assert_same(modf_number, x)


def frexp_in_loop(a):
    total = 0
    for k in range(a.size):
        _, e = np.frexp(a[k])
        total += e
    return int(total), int(np.frexp(a)[1].sum())


def test_frexp_in_loop():
    assert_same(frexp_in_loop, np.linspace(-1000.0, 1000.0, 37))


def ldexp(x, e):
    return np.ldexp(x, e)


def ldexp_number(x, e):
    return np.full(1, np.ldexp(x, e))


@pytest.mark.parametrize("dtype", DTYPES)
def test_ldexp_arrays(dtype):
    exps = np.array([3, -1, 0, 1000, -1100, 7], dtype=np.int32)
    for a in layouts(values(dtype)):
        n = a.shape[-1]
        e = np.resize(exps, n).astype(np.int64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # overflow to inf, as compiled
            assert_same(ldexp, a, e)
            assert_same(ldexp, a, e.astype(np.int8))
            assert_same(ldexp, a, e.astype(np.uint16))
            assert_same(ldexp, a, 3)
            assert_same(ldexp, a, -2)


def test_ldexp_exponents():
    a = np.array([1.0, -3.0, 1e-300, 5e-324, np.nan, -0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        # int64 exponents outside int32 clamp to its range (NumPy's int64 loop)
        big = np.array([2**40, -(2**40), 2**31, -(2**31) - 1, 1074, -1074])
        assert_same(ldexp, a, big)
        assert_same(ldexp, a.astype(np.float32), big)
        assert_same(ldexp, 2.0, np.arange(-3, 4, dtype=np.int8))
        assert_same(ldexp, a[:, None], np.arange(0, 4, dtype=np.uint32))
        assert_same(ldexp, np.array([[True], [False]]), np.arange(3, dtype=np.int16))


def test_ldexp_numbers():
    for x, e in [(1.5, 3), (3, 2), (np.float32(1.5), -200), (np.int16(5), 2), (np.int8(3), 2),
                 (True, 4), (np.float16(0.5), 20), (2.0, np.int32(-1075)), (-0.0, 10)]:  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            assert_same(ldexp_number, x, e)


def ldexp_int_and_array(x, e):
    return np.ldexp(x, e)


@pytest.mark.requires_jit
def test_ldexp_errors():
    msg = "ufunc 'ldexp' not supported for the input types"
    for x, e in [(np.ones(3), np.ones(3)), (np.ones(3), np.arange(3, dtype=np.uint64)),
                 (1.5, 2.5), (np.ones(2, np.complex128), 1)]:  # fmt: skip
        with pytest.raises(TypeError, match=msg):
            np.ldexp(x, e)
        if isinstance(x, np.ndarray) and x.dtype.kind == "c":
            continue  # refused as complex numbers are (an UnsupportedError)
        exc = compile_error(ldexp, x, e)
        text = assert_diagnostic(exc, ldexp, "np.ldexp(x, e)", oxjit.errors.TypingError)
        assert msg in text, text
    exc = compile_error(ldexp_int_and_array, 3, np.arange(3))
    text = assert_diagnostic(
        exc, ldexp_int_and_array, "np.ldexp(x, e)", oxjit.errors.UnsupportedError
    )
    assert "pass a float" in text, text


@pytest.mark.requires_jit
def test_frexp_modf_errors():
    for fn, name in ((frexp, "frexp"), (modf, "modf")):
        z = np.ones(2, np.complex128)
        with pytest.raises(TypeError, match=f"ufunc '{name}' not supported for the input types"):
            fn(z)
        exc = compile_error(fn, z)
        text = assert_diagnostic(exc, fn, f"np.{name}(a)", oxjit.errors.TypingError)
        assert f"ufunc '{name}' not supported" in text, text
