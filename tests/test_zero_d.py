"""0-d arrays (`np.array(5.0)`): passed in, made, returned, indexed, and through every reduction
and elementwise operation, compared with NumPy exactly. NumPy 2 gives a NumPy scalar where an
operation on 0-d arrays has no array to return (`a.sum()`, `a + 1`, `np.sin(a)`, `a[()]`); compiled
code returns the matching Python number (float64 boxes as `float`, as in Numba), never a 0-d
array, and a 0-d array where NumPy gives one (`a[...]`, `a.copy()`, `np.array(x)`)."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, compile_error, jitted, same_value


def normalised(v):
    """A NumPy scalar as the Python number compiled code returns for it (tuples recursively);
    arrays (0-d ones included) stay arrays."""
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, tuple):
        return tuple(normalised(x) for x in v)
    return v


def check(fn, *args):
    """NumPy's outcome and the compiled one: the same value and type, a NumPy scalar matched by
    its Python number, or the same exception."""

    def own(values):
        return [v.copy() if isinstance(v, np.ndarray) else v for v in values]

    try:
        with np.errstate(all="ignore"):
            expected = ("ok", fn(*own(args)))
    except Exception as e:  # noqa: BLE001 - the exception is the outcome compared
        expected = (type(e), str(e))
    try:
        got = ("ok", jitted(fn)(*own(args)))
    except Exception as e:  # noqa: BLE001
        got = (type(e), str(e))
    assert expected[0] == got[0], (fn.__name__, args, expected, got)
    if expected[0] != "ok":
        assert expected[1] == got[1]
        return
    e, g = expected[1], got[1]
    # A NumPy scalar must not come back as an array, nor an array as a number.
    assert isinstance(e, np.ndarray) == isinstance(g, np.ndarray), (fn.__name__, args, e, g)
    assert same_value(normalised(e), normalised(g)), (fn.__name__, args, e, g)


ZERO_D = [
    np.array(5.0),
    np.array(-0.0),
    np.array(np.nan),
    np.array(2.5, dtype=np.float32),
    np.array(7),
    np.array(-3, dtype=np.int32),
    np.array(200, dtype=np.uint8),
    np.array(True),
    np.array(False),
    np.array(0),
]


def m_sum(a):
    return a.sum()


def m_sum_axis_none(a):
    return a.sum(axis=None)


def m_sum_axis0(a):
    return a.sum(axis=0)


def m_sum_axism1(a):
    return a.sum(axis=-1)


def m_sum_keep(a):
    return a.sum(keepdims=True)


def m_sum_axis0_keep(a):
    return a.sum(axis=0, keepdims=True)


def m_sum_axis_none_keep(a):
    return a.sum(axis=None, keepdims=True)


def f_sum(a):
    return np.sum(a)


def f_sum_axis0(a):
    return np.sum(a, axis=0)


def m_prod(a):
    return a.prod()


def m_prod_axis_none(a):
    return a.prod(axis=None)


def m_prod_axis0(a):
    return a.prod(axis=0)


def m_prod_axism1(a):
    return a.prod(axis=-1)


def m_prod_keep(a):
    return a.prod(keepdims=True)


def m_prod_axis0_keep(a):
    return a.prod(axis=0, keepdims=True)


def m_prod_axis_none_keep(a):
    return a.prod(axis=None, keepdims=True)


def f_prod(a):
    return np.prod(a)


def f_prod_axis0(a):
    return np.prod(a, axis=0)


def m_min(a):
    return a.min()


def m_min_axis_none(a):
    return a.min(axis=None)


def m_min_axis0(a):
    return a.min(axis=0)


def m_min_axism1(a):
    return a.min(axis=-1)


def m_min_keep(a):
    return a.min(keepdims=True)


def m_min_axis0_keep(a):
    return a.min(axis=0, keepdims=True)


def m_min_axis_none_keep(a):
    return a.min(axis=None, keepdims=True)


def f_min(a):
    return np.min(a)


def f_min_axis0(a):
    return np.min(a, axis=0)


def m_max(a):
    return a.max()


def m_max_axis_none(a):
    return a.max(axis=None)


def m_max_axis0(a):
    return a.max(axis=0)


def m_max_axism1(a):
    return a.max(axis=-1)


def m_max_keep(a):
    return a.max(keepdims=True)


def m_max_axis0_keep(a):
    return a.max(axis=0, keepdims=True)


def m_max_axis_none_keep(a):
    return a.max(axis=None, keepdims=True)


def f_max(a):
    return np.max(a)


def f_max_axis0(a):
    return np.max(a, axis=0)


def m_argmin(a):
    return a.argmin()


def m_argmin_axis_none(a):
    return a.argmin(axis=None)


def m_argmin_axis0(a):
    return a.argmin(axis=0)


def m_argmin_axism1(a):
    return a.argmin(axis=-1)


def m_argmin_keep(a):
    return a.argmin(keepdims=True)


def m_argmin_axis0_keep(a):
    return a.argmin(axis=0, keepdims=True)


def m_argmin_axis_none_keep(a):
    return a.argmin(axis=None, keepdims=True)


def f_argmin(a):
    return np.argmin(a)


def f_argmin_axis0(a):
    return np.argmin(a, axis=0)


def m_argmax(a):
    return a.argmax()


def m_argmax_axis_none(a):
    return a.argmax(axis=None)


def m_argmax_axis0(a):
    return a.argmax(axis=0)


def m_argmax_axism1(a):
    return a.argmax(axis=-1)


def m_argmax_keep(a):
    return a.argmax(keepdims=True)


def m_argmax_axis0_keep(a):
    return a.argmax(axis=0, keepdims=True)


def m_argmax_axis_none_keep(a):
    return a.argmax(axis=None, keepdims=True)


def f_argmax(a):
    return np.argmax(a)


def f_argmax_axis0(a):
    return np.argmax(a, axis=0)


def m_all(a):
    return a.all()


def m_all_axis_none(a):
    return a.all(axis=None)


def m_all_axis0(a):
    return a.all(axis=0)


def m_all_axism1(a):
    return a.all(axis=-1)


def m_all_keep(a):
    return a.all(keepdims=True)


def m_all_axis0_keep(a):
    return a.all(axis=0, keepdims=True)


def m_all_axis_none_keep(a):
    return a.all(axis=None, keepdims=True)


def f_all(a):
    return np.all(a)


def f_all_axis0(a):
    return np.all(a, axis=0)


def m_any(a):
    return a.any()


def m_any_axis_none(a):
    return a.any(axis=None)


def m_any_axis0(a):
    return a.any(axis=0)


def m_any_axism1(a):
    return a.any(axis=-1)


def m_any_keep(a):
    return a.any(keepdims=True)


def m_any_axis0_keep(a):
    return a.any(axis=0, keepdims=True)


def m_any_axis_none_keep(a):
    return a.any(axis=None, keepdims=True)


def f_any(a):
    return np.any(a)


def f_any_axis0(a):
    return np.any(a, axis=0)


def m_mean(a):
    return a.mean()


def m_mean_axis_none(a):
    return a.mean(axis=None)


def m_mean_axis0(a):
    return a.mean(axis=0)


def m_mean_axism1(a):
    return a.mean(axis=-1)


def m_mean_keep(a):
    return a.mean(keepdims=True)


def m_mean_axis0_keep(a):
    return a.mean(axis=0, keepdims=True)


def m_mean_axis_none_keep(a):
    return a.mean(axis=None, keepdims=True)


def f_mean(a):
    return np.mean(a)


def m_std(a):
    return a.std()


def m_std_axis_none(a):
    return a.std(axis=None)


def m_std_axis0(a):
    return a.std(axis=0)


def m_std_axism1(a):
    return a.std(axis=-1)


def m_std_keep(a):
    return a.std(keepdims=True)


def m_std_axis0_keep(a):
    return a.std(axis=0, keepdims=True)


def m_std_axis_none_keep(a):
    return a.std(axis=None, keepdims=True)


def f_std(a):
    return np.std(a)


def m_var(a):
    return a.var()


def m_var_axis_none(a):
    return a.var(axis=None)


def m_var_axis0(a):
    return a.var(axis=0)


def m_var_axism1(a):
    return a.var(axis=-1)


def m_var_keep(a):
    return a.var(keepdims=True)


def m_var_axis0_keep(a):
    return a.var(axis=0, keepdims=True)


def m_var_axis_none_keep(a):
    return a.var(axis=None, keepdims=True)


def f_var(a):
    return np.var(a)


def m_cumsum(a):
    return a.cumsum()


def m_cumsum_axis_none(a):
    return a.cumsum(axis=None)


def m_cumsum_axis0(a):
    return a.cumsum(axis=0)


def m_cumsum_axism1(a):
    return a.cumsum(axis=-1)


def f_cumsum(a):
    return np.cumsum(a)


def f_cumsum_axis0(a):
    return np.cumsum(a, axis=0)


def m_cumprod(a):
    return a.cumprod()


def m_cumprod_axis_none(a):
    return a.cumprod(axis=None)


def m_cumprod_axis0(a):
    return a.cumprod(axis=0)


def m_cumprod_axism1(a):
    return a.cumprod(axis=-1)


def f_cumprod(a):
    return np.cumprod(a)


def f_cumprod_axis0(a):
    return np.cumprod(a, axis=0)


REDUCTIONS = [
    m_sum,
    m_sum_axis_none,
    m_sum_axis0,
    m_sum_axism1,
    m_sum_keep,
    m_sum_axis0_keep,
    m_sum_axis_none_keep,
    f_sum,
    f_sum_axis0,
    m_prod,
    m_prod_axis_none,
    m_prod_axis0,
    m_prod_axism1,
    m_prod_keep,
    m_prod_axis0_keep,
    m_prod_axis_none_keep,
    f_prod,
    f_prod_axis0,
    m_min,
    m_min_axis_none,
    m_min_axis0,
    m_min_axism1,
    m_min_keep,
    m_min_axis0_keep,
    m_min_axis_none_keep,
    f_min,
    f_min_axis0,
    m_max,
    m_max_axis_none,
    m_max_axis0,
    m_max_axism1,
    m_max_keep,
    m_max_axis0_keep,
    m_max_axis_none_keep,
    f_max,
    f_max_axis0,
    m_argmin,
    m_argmin_axis_none,
    m_argmin_axis0,
    m_argmin_axism1,
    m_argmin_keep,
    m_argmin_axis0_keep,
    m_argmin_axis_none_keep,
    f_argmin,
    f_argmin_axis0,
    m_argmax,
    m_argmax_axis_none,
    m_argmax_axis0,
    m_argmax_axism1,
    m_argmax_keep,
    m_argmax_axis0_keep,
    m_argmax_axis_none_keep,
    f_argmax,
    f_argmax_axis0,
    m_all,
    m_all_axis_none,
    m_all_axis0,
    m_all_axism1,
    m_all_keep,
    m_all_axis0_keep,
    m_all_axis_none_keep,
    f_all,
    f_all_axis0,
    m_any,
    m_any_axis_none,
    m_any_axis0,
    m_any_axism1,
    m_any_keep,
    m_any_axis0_keep,
    m_any_axis_none_keep,
    f_any,
    f_any_axis0,
    m_mean,
    m_mean_axis_none,
    m_mean_keep,
    m_mean_axis_none_keep,
    f_mean,
    m_std,
    m_std_axis_none,
    m_std_keep,
    m_std_axis_none_keep,
    f_std,
    m_var,
    m_var_axis_none,
    m_var_keep,
    m_var_axis_none_keep,
    f_var,
    m_cumsum,
    m_cumsum_axis_none,
    m_cumsum_axis0,
    m_cumsum_axism1,
    f_cumsum,
    f_cumsum_axis0,
    m_cumprod,
    m_cumprod_axis_none,
    m_cumprod_axis0,
    m_cumprod_axism1,
    f_cumprod,
    f_cumprod_axis0,
]

# NumPy raises AxisError (axis 0 of a 0-d array) for these: a compile-time error here.
AXIS_ERRORS = [
    m_mean_axis0,
    m_mean_axism1,
    m_mean_axis0_keep,
    m_std_axis0,
    m_std_axism1,
    m_std_axis0_keep,
    m_var_axis0,
    m_var_axism1,
    m_var_axis0_keep,
]


@pytest.mark.parametrize("fn", REDUCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("index", range(len(ZERO_D)))
def test_every_reduction_of_a_zero_d_array(fn, index):
    check(fn, ZERO_D[index].copy())


def test_reductions_of_zero_d_complex_arrays():
    z = np.array(1.5 - 2j)
    for fn in (m_sum, m_prod, m_all, m_any, m_cumsum, m_cumprod, f_sum, m_sum_axis0):
        check(fn, z.copy())


@pytest.mark.parametrize("fn", AXIS_ERRORS, ids=lambda f: f.__name__)
def test_axis_of_a_zero_d_mean_is_out_of_bounds(fn):
    a = np.array(5.0)
    with pytest.raises(np.exceptions.AxisError):
        fn.__wrapped__(a) if hasattr(fn, "__wrapped__") else fn(a)
    if JIT_DISABLED:
        return
    exc = compile_error(fn, a)
    assert "axis" in str(exc) and "out of bounds for array of dimension 0" in str(exc)
    assert isinstance(exc, oxjit.errors.TypingError)


# --------------------------------------------------------------------------------------------
# the rest of what a 0-d array does


def index_empty(a):
    return a[()]


def index_ellipsis(a):
    return a[...]


def store_empty(a, x):
    a[()] = x
    return a


def store_ellipsis(a, x):
    a[...] = x
    return a


def store_array(a, b):
    a[()] = b
    return a


def item(a):
    return a.item()


def properties(a):
    return a.shape, a.ndim, a.size, a.strides, a.itemsize, a.nbytes


def arithmetic(a):
    return a + 1, a * 2.5, -a, a - a, a / 2, a**2, a > 1, a == a + 0


def mixed_with_arrays(a):
    return a + np.arange(3.0), np.ones((2, 2)) * a


def ufuncs(a):
    return np.sqrt(np.abs(a)), np.maximum(a, 1.0), np.add(a, 2), np.clip(a, -10, 10)


def transcendental(a):
    return np.sin(a), np.exp(a), np.arctan2(a, 2.0)


def logical(a):
    return a & True, a | False, ~a, np.logical_not(a), a == ~a, np.add(a, 2)


def int_ufuncs(a):
    return a + 1, a * 3, a // 2, a % 3, -a, a == 7, np.maximum(a, 1)


def returned(a):
    return a


def copies(a):
    return a.copy(), np.copy(a), a.astype(np.float32), np.array(a), np.asarray(a), a.T


def reshapes(a):
    return a.reshape(()), a.reshape(1), a.reshape((1, 1)), a.ravel(), a.flatten()


def filled(a, x):
    a.fill(x)
    return a


def likes(a):
    return np.zeros_like(a), np.ones_like(a), np.full_like(a, 3), np.empty_like(a).shape


def length(a):
    return len(a)


def conversions(a):
    return float(a), int(a), bool(a), complex(a), np.float32(a), np.int16(a), np.float64(a)


def conversion_of_an_item_view(m):
    return float(m[..., 1]), int(m[1, ...]), m[..., 0].shape


def made(x):
    return np.array(x), np.zeros(()), np.ones((), dtype=np.int32), np.full((), x)


def made_typed(x):
    return np.array(x, dtype=np.float32), np.array(x, dtype=np.int64)


def inplace(a):
    a += 1
    a *= 2
    return a


def chained(a):
    b = a + 1
    c = np.exp(b) - a
    return c * 2


@pytest.mark.parametrize("index", range(len(ZERO_D)))
def test_zero_d_basics(index):
    a = ZERO_D[index]
    for fn in (index_empty, index_ellipsis, item, properties, returned, copies, reshapes, length,
               likes):  # fmt: skip
        check(fn, a.copy())
    if not np.isnan(a):
        check(conversions, a.copy())
    check(store_empty, a.copy(), 3)
    check(store_ellipsis, a.copy(), 1)
    check(store_array, a.copy(), np.array(4, dtype=a.dtype))
    check(filled, a.copy(), 2)


@pytest.mark.parametrize("index", range(len(ZERO_D)))
def test_zero_d_operations_give_numpy_scalars(index):
    a = ZERO_D[index]
    if a.dtype == np.bool_:
        check(logical, a.copy())
        return
    if a.dtype == np.float64:
        check(transcendental, a.copy())
    if a.dtype.kind == "f":
        check(arithmetic, a.copy())
        check(ufuncs, a.copy())
        check(chained, a.copy())
        check(inplace, a.copy())
    else:
        check(int_ufuncs, a.copy())
    check(mixed_with_arrays, a.copy())


def test_subscripts_with_ellipsis_make_zero_d_views():
    check(conversion_of_an_item_view, np.arange(4.0) * 1.5)


def test_zero_d_arrays_made_in_compiled_code():
    for x in (2.5, 7, True, -0.0):
        check(made, x)
    check(made_typed, 2.75)
    # Returned 0-d arrays box as 0-d arrays that own their memory.
    got = jitted(made)(1.5)[0]
    assert isinstance(got, np.ndarray) and got.shape == () and got.flags.writeable


def iterate(a):
    s = 0.0
    for x in a:
        s += x
    return s


def sort(a):
    return np.sort(a)


@pytest.mark.requires_jit
def test_unsupported_zero_d_uses_are_compile_errors():
    a = np.array(5.0)
    exc = compile_error(iterate, a)
    assert_diagnostic(exc, iterate, ("for x in a", "a:"), oxjit.errors.TypingError)
    assert "iteration over a 0-d array" in str(exc)
    exc = compile_error(sort, a)
    # A use oxjit does not support (yet) is an UnsupportedError (typing errors carry their kind).
    assert_diagnostic(exc, sort, "np.sort(a)", oxjit.errors.UnsupportedError)
    assert "sort() of a 0-d array is not supported" in str(exc)
