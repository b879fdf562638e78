"""NumPy's ufuncs on complex arrays (complex64 and complex128) and complex numbers, against NumPy
bit for bit: sqrt, exp, log & co. are the C library's C99 functions as NumPy calls them, abs is
NumPy's own SIMD formula, sign is NumPy 2's z/|z|, power is npy_cpow; np.real/np.imag are views;
conj is elementwise; mean/std/var of complex arrays; ufuncs NumPy has no complex loop for (or that
oxjit lacks) are compile errors, never wrong values.

NaN parts compare equal whatever their sign (see test_ieee_specials.py for why)."""

import numpy as np
import pytest
from conftest import compile_error, jitted, same_value
from test_ieee_specials import assert_same_nan_free, canonical_nans

COMPLEX_DTYPES = [np.complex64, np.complex128]


def grid(dtype):
    """Every combination of special parts, then random values."""
    ft = np.float32 if dtype == np.complex64 else np.float64
    parts = np.array([0.0, -0.0, 1.0, -1.0, 0.5, -3.0, 710.0, 1e300, 1e-310, np.inf, -np.inf,
                      np.nan], np.float64).astype(ft)  # fmt: skip
    z = np.array([complex(r, i) for r in parts for i in parts], dtype)
    rng = np.random.default_rng(3)
    noise = (rng.standard_normal(64) * 4 + 1j * rng.standard_normal(64) * 4).astype(dtype)
    return np.concatenate([z, noise])


def exp_log(z):
    return (
        np.sqrt(z),
        np.exp(z),
        np.exp2(z),
        np.expm1(z),
        np.log(z),
        np.log2(z),
        np.log10(z),
        np.log1p(z),
    )


def trig(z):
    return np.sin(z), np.cos(z), np.tan(z), np.arcsin(z), np.arccos(z), np.arctan(z)


def hyperbolic(z):
    return np.sinh(z), np.cosh(z), np.tanh(z), np.arcsinh(z), np.arccosh(z), np.arctanh(z)


def arithmetic_ufuncs(z):
    return (np.abs(z), np.absolute(z), np.sign(z), np.reciprocal(z), np.negative(z),
            np.square(z), np.conj(z), np.conjugate(z), np.power(z, 3), np.power(z, 0.5))  # fmt: skip


def predicates(z):
    return np.isnan(z), np.isinf(z), np.isfinite(z)


def methods(z):
    return z.conj(), z.conjugate(), np.real(z), np.imag(z), z.real, z.imag


def mixed(z):
    # Ufuncs inside larger fused expressions, with real operands.
    return np.abs(np.exp(z) * 2.0) + 1.0, np.sqrt(z * z.conj()), np.log(z + 1) - np.log1p(z)


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES)
@pytest.mark.parametrize(
    "fn", [exp_log, trig, hyperbolic, arithmetic_ufuncs, predicates, methods, mixed]
)
def test_ufuncs_on_complex_arrays(fn, dtype):
    z = grid(dtype)
    assert_same_nan_free(fn, z)
    # A strided 2-d view takes the general loop.
    assert_same_nan_free(fn, z[: 12 * 12].reshape(12, 12)[::2, 1::3])


def power_of_arrays(a, b):
    return np.power(a, b), a**b


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES)
def test_power_of_complex_arrays(dtype):
    z = grid(dtype)
    w = z[::-1].copy()
    assert_same_nan_free(power_of_arrays, z, w)
    # npy_cpow multiplies small integer exponents, calls cpow for others.
    exps = np.array([0, 1, 2, 3, 4, -1, -2, 7, 99, 100, 0.5, 1j, -2.5 + 1j], dtype)
    assert_same_nan_free(power_of_arrays, z[:, None], exps[None, :])


def scalar_ufuncs(x):
    return (
        np.sqrt(x),
        np.exp(x),
        np.log(x),
        np.abs(x),
        np.sign(x),
        np.conj(x),
        np.isnan(x),
        np.sin(x),
        np.tanh(x),
    )


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES)
def test_ufuncs_on_complex_numbers(dtype):
    # Compiled code returns Python numbers (as Numba does): compare items in NumPy's dtypes.
    for x in grid(dtype)[::7]:
        with np.errstate(all="ignore"):
            expected = scalar_ufuncs(x)
        got = jitted(scalar_ufuncs)(x)
        for e, g in zip(expected, got):
            e_arr = canonical_nans(np.array([e]))
            g_arr = canonical_nans(np.array([g], e_arr.dtype))
            assert same_value(e_arr, g_arr), (x, e, g)


def real_part_view(z):
    r = np.real(z)
    r[0] = 42.0
    i = np.imag(z)
    i[1] = -7.0
    return z


def test_real_and_imag_are_views():
    z = np.array([1 + 2j, 3 - 4j, 5j])
    assert_same_nan_free(real_part_view, z.copy())


def conj_of_real_arrays(a):
    return np.conj(a), np.conjugate(a), a.conj(), np.real(a)


def conj_method_of_real_array_is_the_array(a):
    # NumPy's ndarray.conj() of a real array is that array (no copy), as is np.real(a).
    a.conj()[0] = 9
    np.real(a)[1] = 8
    return a


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.int64, np.float32, np.float64, np.bool_])
def test_conj_of_real_arrays_keeps_the_dtype(dtype):
    assert_same_nan_free(conj_of_real_arrays, np.array([0, 1, 3, 1], dtype))
    if dtype != np.bool_:
        assert_same_nan_free(conj_method_of_real_array_is_the_array, np.array([0, 1, 3, 1], dtype))


def moments(z):
    return z.mean(), z.std(), z.var(), np.mean(z), np.std(z), np.var(z, ddof=1), z.sum(), np.sum(z)


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES)
@pytest.mark.parametrize("n", [1, 5, 8, 9, 130, 1000])
def test_mean_std_var_sum_of_complex_arrays(dtype, n):
    # Sums are NumPy's complex pairwise sums; the moments follow NumPy's _methods.py.
    rng = np.random.default_rng(n)
    z = (rng.standard_normal(n) * 3 + 1j * rng.standard_normal(n) + (2 - 1j)).astype(dtype)
    for arr in (z, z[::-2], z[: n - n % 4].reshape(-1, 4), z[: n - n % 4].reshape(4, -1).T):
        expected = tuple(as_array(v) for v in moments(arr))
        got = tuple(as_array(v, e.dtype) for v, e in zip(jitted(moments)(arr), expected))
        assert same_value(expected, got), arr.shape


def as_array(v, dtype=None):
    return np.array([v], dtype)


def floor_of_complex(z):
    return np.floor(z)


def fabs_of_complex(z):
    return np.fabs(z)


def arctan2_of_complex(z):
    return np.arctan2(z, z)


@pytest.mark.requires_jit
def mean_along_axis(z):
    return z.mean(axis=0)


@pytest.mark.requires_jit
def test_complex_moments_along_an_axis_are_compile_errors():
    exc = compile_error(mean_along_axis, np.ones((2, 2), np.complex128))
    assert "mean(axis=...) of complex arrays is not supported yet" in str(exc)


@pytest.mark.requires_jit
@pytest.mark.parametrize("fn", [floor_of_complex, fabs_of_complex, arctan2_of_complex])
def test_ufuncs_without_complex_loops_are_compile_errors(fn):
    name = fn.__name__.split("_of_")[0]
    exc = compile_error(fn, np.array([1 + 1j]))
    assert f"np.{name}() of complex numbers is not supported" in str(exc)
