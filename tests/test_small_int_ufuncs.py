"""NumPy's float ufuncs of booleans and small integers compute in the first float type the items
convert to safely: booleans, int8 and uint8 in float16 (through float32, rounded once to half,
as NumPy's float16 loops), int16 and uint16 in float32, wider integers in float64. floor, ceil
and trunc keep integers and booleans; np.power of booleans is int8."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def f_sin(a):
    return np.sin(a)


def f_exp(a):
    return np.exp(a)


def f_sqrt(a):
    return np.sqrt(a)


def f_log1p(a):
    return np.log1p(a)


def f_tanh(a):
    return np.tanh(a)


def f_arctan(a):
    return np.arctan(a)


def f_cbrt(a):
    return np.cbrt(a)


def f_deg2rad(a):
    return np.deg2rad(a)


def f_rint(a):
    return np.rint(a)


def f_arctan2(a):
    return np.arctan2(a, a[::-1])


def f_hypot(a):
    return np.hypot(a, a[::-1])


def f_logaddexp(a):
    return np.logaddexp(a, a[::-1])


def f_floor_ceil_trunc(a):
    return np.floor(a), np.ceil(a), np.trunc(a)


def f_power(a):
    # Signed items include negative exponents: NumPy's ValueError.
    return np.power(a, a[::-1])


def f_power_nonnegative(a):
    return np.power(a, np.abs(a[::-1]) % 5)


def f_sinc(a):
    return np.sinc(a)


def f_mixed(a, b):
    return np.arctan2(a, b), np.hypot(b, a)


UNARY = [f_sin, f_exp, f_sqrt, f_log1p, f_tanh, f_arctan, f_cbrt, f_deg2rad, f_rint, f_arctan2,
         f_hypot, f_logaddexp, f_floor_ceil_trunc, f_power, f_power_nonnegative, f_sinc]  # fmt: skip
DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32]


def values(dtype):
    if dtype == np.bool_:
        return np.array([True, False, True, True, False, False, True])
    info = np.iinfo(dtype)
    rng = np.random.default_rng(5)
    edges = np.array([info.min, info.max, 0, 1, 2, 3, info.max // 2], dtype)
    return np.concatenate(
        [edges, rng.integers(info.min, info.max, 200, dtype=dtype, endpoint=True)]
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("fn", UNARY, ids=lambda f: f.__name__)
def test_arrays_as_numpy(fn, dtype):
    with np.errstate(all="ignore"):
        assert_same(fn, values(dtype))


def same_scalar(got, want):
    """A compiled scalar result boxes as Numba's do (Python int, bool or float; float16 stays
    np.float16): the same value, of NumPy's kind, rounded to NumPy's float type."""
    if isinstance(want, np.floating):
        assert isinstance(got, (float, np.floating)), (got, want)
        g = np.array([got]).astype(want.dtype)
        w = np.array([want])
        assert g.tobytes() == w.tobytes(), (got, want)
    else:
        assert type(got) is (bool if isinstance(want, np.bool_) else int), (got, want)
        assert got == want, (got, want)


@pytest.mark.parametrize(
    "dtype", [np.bool_, np.int8, np.uint8, np.int16], ids=lambda d: np.dtype(d).name
)
def test_numpy_scalars_as_numpy(dtype):
    for x in values(dtype)[:7]:
        with np.errstate(all="ignore"):
            for fn in [f_sin, f_exp, f_sqrt, f_tanh, f_rint]:
                same_scalar(oxjit.njit(fn)(x), fn(x))
            for got, want in zip(oxjit.njit(f_floor_ceil_trunc)(x), f_floor_ceil_trunc(x)):
                same_scalar(got, want)


@pytest.mark.parametrize(
    "a, b",
    [
        (np.arange(5, dtype=np.int8), np.arange(5, dtype=np.int16)),  # float32
        (np.arange(5, dtype=np.uint8), np.linspace(0, 1, 5, dtype=np.float32)),  # float32
        (np.arange(5, dtype=np.int8), np.linspace(0, 1, 5, dtype=np.float16)),  # float16
        (np.arange(5) > 2, np.arange(5, dtype=np.int8)),  # float16
        (np.arange(5, dtype=np.int8), np.arange(5, dtype=np.uint16)),  # float32 (int32)
    ],
)
def test_mixed_arguments_promote_first(a, b):
    assert_same(f_mixed, a, b)


def f_spacing(a):
    return np.spacing(a)


def f_nextafter(a):
    return np.nextafter(a, a)


@pytest.mark.parametrize("fn", [f_spacing, f_nextafter], ids=lambda f: f.__name__)
def test_half_stepping_functions_are_refused(fn):
    a = np.arange(3, dtype=np.int8)
    name = fn.__name__[2:]
    msg = assert_diagnostic(compile_error(fn, a), fn, f"np.{name}(a", oxjit.errors.UnsupportedError)
    assert "8-bit integers" in msg, msg
    # 16-bit integers compute in float32, which is supported.
    assert_same(fn, np.arange(3, dtype=np.int16))
