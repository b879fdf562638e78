"""`np.round`/`np.around`/`a.round(decimals)` and `np.isclose`/`np.allclose`, compared with
NumPy exactly: values bit for bit (NumPy's multiply, rint, divide with its `power_of_ten`),
dtype, shape and layout flags (NumPy's order rules for each case), broadcasting, NaN and
infinities, and NumPy's errors; refusals at compile time."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

FLOATS = [np.float32, np.float64]
INTS = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]
COMPLEX = [np.complex64, np.complex128]


@pytest.fixture(autouse=True)
def _quiet():
    """NumPy warns on overflow (1e300 scaled) and invalid values (inf / inf); compiled code
    does not warn: the values are compared."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def sample(shape, dtype):
    """Values with many digits, both signs, halves (ties to even) and, for floats, specials."""
    n = int(np.prod(shape))
    rng = np.random.default_rng(n)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True).reshape(shape)
    v = rng.normal(0, 1000, n) * 10.0 ** rng.integers(-6, 6, n)
    v[: min(n, 6)] = [2.5, -0.5, 1.005, 0.125, 12345.675, -0.0][: min(n, 6)]
    if np.dtype(dtype).kind == "c":
        return (v + 1j * v[::-1]).astype(dtype).reshape(shape)
    return v.astype(dtype).reshape(shape)


def layouts(shape, dtype):
    """C, F, a strided view, and for 3-d a permuted (neither C nor F) one."""
    a = sample(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    out = [a, np.asfortranarray(a), wide[..., ::2], np.asfortranarray(a)[::-1]]
    if len(shape) == 3:
        out.append(a.transpose(1, 0, 2))
    return out


def round_(a, d):
    return np.round(a, d)


def around(a, d):
    return np.around(a, decimals=d)


def round_method(a):
    return a.round(2)


def round_default(a):
    return np.round(a)


def round_scalar(x, d):
    return np.full(1, np.round(x, d))


@pytest.mark.parametrize("dtype", FLOATS + COMPLEX)
def test_round_floats_bit_for_bit(dtype):
    for a in layouts((3, 7), dtype) + layouts((2, 3, 4), dtype):
        for d in (0, 1, 2, 3, -1, -2, 7, 12, 17):
            assert_same(round_, a, d)
        assert_same(round_default, a)
        assert_same(round_method, a)
        assert_same(around, a, 1)


@pytest.mark.parametrize("dtype", FLOATS)
def test_round_large_decimals_and_specials(dtype):
    a = np.array([1.2345, -2.5, 3.5, np.nan, np.inf, -np.inf, 0.125, 1e30, -0.0, 5e-324], dtype)
    for d in (0, 1, 9, 10, 15, 20, 22, 23, 25, 30, 38, 300, 308, 309, 400, -1, -5, -30, -400):
        assert_same(round_, a, d)
    many = np.random.default_rng(7).uniform(-1e6, 1e6, 2000).astype(dtype)
    for d in range(-6, 12):
        assert_same(round_, many, d)


@pytest.mark.parametrize("dtype", INTS)
def test_round_integers(dtype):
    for a in layouts((4, 5), dtype) + layouts((2, 3, 4), dtype):
        for d in (0, 2, -1, -2, -3):
            assert_same(round_, a, d)
    assert_same(round_, np.array([250, 249, 15, 25, 35], dtype=np.uint8), -1)
    assert_same(round_, np.array([-25, 25, -15, 127, -128], dtype=np.int8), -1)


def test_round_scalars():
    for x in (2.5, -0.5, 1.005, 12345.675, 1e300, np.float32(2.675), 7, -15, np.int16(1234)):
        for d in (0, 1, 2, -1, -2):
            assert_same(round_scalar, x, d)
    for z in (1.25 + 2.5j, np.complex64(0.125 - 3.75j)):
        assert_same(round_scalar, z, 1)


def round_bool(a):
    return np.round(a)


def round_out(a):
    return np.round(a, 1, out=a)


def round_float_decimals(a):
    return np.round(a, 1.0)


def round_zero_d(a):
    return np.round(a)


@pytest.mark.requires_jit
def test_round_refused_at_compile_time():
    a = np.ones(3)
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (round_bool, (a > 0,), "np.round(a)", unsupported, "round() of booleans is not supported"),
        (round_out, (a,), "np.round(a, 1, out=a)", unsupported, "round(): out= is not supported yet"),
        (round_float_decimals, (a,), "np.round(a, 1.0)", typing, "round(): decimals must be an integer, not float64"),
        (round_zero_d, (np.array(1.5),), "np.round(a)", unsupported, "0-d array"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.isclose, np.allclose


def isclose(a, b):
    return np.isclose(a, b)


def isclose_tol(a, b, rtol, atol):
    return np.isclose(a, b, rtol, atol)


def isclose_nan(a, b):
    return np.isclose(a, b, equal_nan=True)


def isclose_scalar(a, b):
    return np.full(1, np.isclose(a, b))


def allclose(a, b):
    return np.allclose(a, b)


def allclose_kw(a, b, rtol, atol, e):
    return np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=e)


SPECIALS = np.array([0.0, 1.0, 1.0 + 1e-6, 1e-9, -1e-9, np.nan, np.inf, -np.inf, 1e8, 1e8 + 1.5])


@pytest.mark.parametrize("dtype", FLOATS + INTS[::3])
def test_isclose_dtypes_and_specials(dtype):
    a = SPECIALS.astype(dtype) if np.dtype(dtype).kind == "f" else np.arange(10, dtype=dtype)
    for b in (SPECIALS, SPECIALS.astype(np.float32), SPECIALS[::-1].copy(), np.arange(10)):
        for fn in (isclose, isclose_nan, allclose):
            assert_same(fn, a, b)
            assert_same(fn, b, a)
        assert_same(isclose_tol, a, b, 0.5, 1e-3)
        assert_same(allclose_kw, a, b, 0.0, 1e9, True)


def test_isclose_broadcast_layouts_and_scalars():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(3, 4))
    b = a + rng.normal(scale=1e-5, size=(3, 4))
    for x, y in [(a, b), (np.asfortranarray(a), b), (a.T, b.T), (a[:, ::2], b[0, ::2]),
                 (a[:, :1], b), (a, 1.0), (2, b), (a.astype(np.float32), 0.5)]:  # fmt: skip
        assert_same(isclose, x, y)
        assert_same(isclose_nan, x, y)
        assert_same(allclose, x, y)
    for x, y in [(1.0, 1.0 + 1e-9), (1, 2), (np.nan, np.nan), (np.float32(1), 1.0000001)]:
        assert_same(isclose_scalar, x, y)
        assert_same(allclose, x, y)
    assert_same(isclose, np.ones(3), np.ones(4))
    assert_same(allclose, np.ones((2, 3)), np.ones((3, 2)))


def isclose_complex(a):
    return np.isclose(a, a)


def isclose_array_tol(a):
    return np.isclose(a, a, a)


def isclose_flag(a, e):
    return np.isclose(a, a, equal_nan=e)


@pytest.mark.requires_jit
def test_isclose_refused_at_compile_time():
    a = np.ones(3)
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (isclose_complex, (a + 1j,), "np.isclose(a, a)", unsupported, "isclose() of complex numbers is not supported yet"),
        (isclose_array_tol, (a,), "np.isclose(a, a, a)", unsupported, "rtol must be a real number"),
        (isclose_flag, (a, 1), "np.isclose(a, a, equal_nan=e)", typing, "equal_nan must be a bool, not int64"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 5), np.float64)
    assert_no_leak(round_, a, 2)
    assert_no_leak(round_, a.T[::2], -1)
    assert_no_leak(isclose, a, a[0])
