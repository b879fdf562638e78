"""Array expressions: operators, comparisons and NumPy ufuncs on whole arrays, with NumPy's
broadcasting, NumPy 2 promotion and NEP 50 weak Python scalars, fused into one loop; in-place
operators. Compared with NumPy exactly (dtype, shape, every element), or the same exception."""

import numpy as np
import pytest
from conftest import assert_same, jitted


def axpy(a, x, y):
    return a * x + y


def chain(x, y):
    return (x - y) * (x + y) / 3.0 - x * 0.5


def ufuncs(x):
    return np.sqrt(np.abs(x)) + np.exp(-x * x) - np.sin(x) * np.cos(x)


def compare(x, y):
    return (x > y), (x == 2.0), (x <= y), (x != y)


def mixed(x, i):
    return x * i, x + 1, x - True, x / 2, -x, +x


def int_ops(a, b):
    return a + b, a - b, a * b, a // b, a % b, a / b, a & b, a | b, a ^ b, ~a, a << 1, a >> 1


def power(a):
    return a**2, a**3, a**0


def bool_ops(p, q):
    return p & q, p | q, p ^ q, ~p, p + q, p * q


def minmax(a, b):
    return np.minimum(a, b), np.maximum(a, b), np.fmin(a, b), np.fmax(a, b), np.hypot(a, b)


def arctan2(a, b):
    return np.arctan2(a, b)


def copysign(a, b):
    return np.copysign(a, b)


def predicates(a):
    return np.isnan(a), np.isinf(a), np.isfinite(a), np.sign(a), np.floor(a), np.ceil(a)


def broadcast(a, b):
    return a + b


def inplace(a, b):
    a += b
    a *= 2
    return a


def inplace_expression(a, b, c):
    a -= b * c + 1.0
    return a


def reuse(a):
    b = a * 2
    c = b + b
    return c, b


FLOATS = [
    np.linspace(-3, 3, 7),
    np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-300, 5.5]),
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24.0).reshape(4, 6)[::2, ::-3],
]


@pytest.mark.parametrize("x", FLOATS, ids=range(len(FLOATS)))
def test_float_expressions(x):
    y = x[::-1].copy() if x.ndim == 1 else x.copy() + 1.5
    assert_same(axpy, 2.5, x, y)
    assert_same(chain, x, y)
    assert_same(ufuncs, x)
    assert_same(compare, x, y)
    assert_same(mixed, x, 3)
    assert_same(minmax, x, y)
    assert_same(copysign, x, y)
    # NumPy computes arctan2 of longer arrays with its own SIMD code (SVML), which can differ
    # from the C library's atan2 (which oxjit calls, as NumPy does on scalars) in the last bit.
    got, expected = jitted(arctan2)(x, y), arctan2(x, y)
    assert got.dtype == expected.dtype
    np.testing.assert_array_max_ulp(got, expected, maxulp=1)
    assert_same(predicates, x)
    assert_same(power, x)
    assert_same(reuse, x)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint64])
def test_integer_expressions(dtype):
    a = np.array([7, 0, 5, 100, 3, 1], dtype=dtype)
    b = np.array([2, 3, 0, 7, 1, 4], dtype=dtype)
    with np.errstate(all="ignore"):
        assert_same(int_ops, a, b)
        assert_same(power, a)
        assert_same(mixed, a, 3)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128, np.complex64])
def test_other_dtypes_keep_their_dtype(dtype):
    x = np.arange(1, 7).astype(dtype)
    assert_same(axpy, 2.0, x, x)
    assert_same(chain, x, x)
    assert_same(mixed, x, 3)


def test_weak_scalars_nep50():
    # float32 arrays stay float32 with Python floats; int8 arrays become float64 with floats.
    assert_same(axpy, 0.1, np.arange(4, dtype=np.float32), np.ones(4, dtype=np.float32))
    assert_same(axpy, 1.5, np.arange(4, dtype=np.int8), np.ones(4, dtype=np.int8))
    assert_same(compare, np.float32([0.1, 2.0]), np.float32([0.2, 1.0]))


def test_bool_arrays():
    p = np.array([True, False, True, False])
    q = np.array([True, True, False, False])
    assert_same(bool_ops, p, q)


@pytest.mark.parametrize(
    "shapes",
    [((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 1)), ((1,), (5,)), ((0, 3), (3,))],
)
def test_broadcasting(shapes):
    a = np.arange(float(np.prod(shapes[0]))).reshape(shapes[0])
    b = np.arange(float(np.prod(shapes[1]))).reshape(shapes[1]) * 10
    assert_same(broadcast, a, b)
    assert_same(broadcast, b, a)


def test_broadcasting_errors():
    assert_same(broadcast, np.zeros(3), np.zeros(4))
    assert_same(broadcast, np.zeros((2, 3)), np.zeros((3, 2)))


def test_in_place_operators():
    assert_same(inplace, np.arange(4.0), np.ones(4))
    assert_same(inplace, np.arange(6.0).reshape(2, 3), np.arange(3.0))
    assert_same(inplace_expression, np.arange(5.0), np.ones(5), np.arange(5.0))
    assert_same(inplace, np.arange(4), np.ones(4, dtype=np.int32))


def test_in_place_writes_into_the_argument():
    a = np.zeros(3)
    out = jitted(inplace)(a, np.ones(3))
    assert a.tolist() == [2.0, 2.0, 2.0]
    assert out is a or np.shares_memory(out, a)


def test_in_place_errors():
    assert_same(inplace, np.zeros(3), np.zeros(4))
    assert_same(inplace, np.zeros(3), np.zeros((2, 3)))


@pytest.mark.requires_jit
def test_in_place_cast_error_is_a_typing_error():
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="same_kind"):
        jitted(inplace)(np.zeros(3, dtype=np.int64), np.ones(3))


@pytest.mark.requires_jit
def test_expressions_are_fused(capfd, monkeypatch):
    import oxjit
    from oxjit.runtime import get_allocation_stats

    monkeypatch.setenv("OXJIT_DUMP", "typed")

    def fused(a, x, y):
        return np.sqrt(a * x + y) - 1.0

    f = oxjit.njit(fused)
    x = np.arange(4.0)
    before = get_allocation_stats()
    f(2.0, x, x)
    err = capfd.readouterr()
    dump = err.out + err.err
    assert "arrayexpr(np.sqrt(((v0 * v1) + v2)) - v" in dump
    # One loop, one output array: one allocation per call.
    after = get_allocation_stats()
    assert after.alloc - before.alloc == 1


def test_expression_results_are_new_arrays():
    a = np.arange(3.0)
    got = jitted(axpy)(1.0, a, a)
    assert got is not a and got.flags.c_contiguous and got.flags.writeable


def add_scalar(a, x):
    return a + x


@pytest.mark.parametrize(
    "dtype,x",
    [(np.int8, 300), (np.uint8, -1), (np.int16, 40000), (np.uint64, -5), (np.int8, 100)],
)
def test_python_ints_must_fit_narrow_arrays(dtype, x):
    # NEP 50: NumPy raises OverflowError rather than wrapping the Python integer around.
    with np.errstate(over="ignore"):
        assert_same(add_scalar, np.arange(3, dtype=dtype), x)


def add_reversed(a):
    a = a.copy()
    a += a[::-1]
    return a


def shifted_sum_into_self(a):
    a = a.copy()
    np.add(a[:-1], a[1:], out=a[1:])
    return a


def rows_into_columns(m):
    m = m.copy()
    m += m.T
    return m


def same_view_in_place(a):
    a = a.copy()
    a += a * 2
    return a


def test_in_place_with_overlapping_inputs():
    # NumPy computes through a temporary where an input overlaps the output.
    assert_same(add_reversed, np.arange(1.0, 6.0))
    assert_same(shifted_sum_into_self, np.arange(1.0, 7.0))
    assert_same(rows_into_columns, np.arange(9.0).reshape(3, 3))
    assert_same(same_view_in_place, np.arange(4.0))
