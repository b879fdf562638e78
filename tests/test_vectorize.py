"""``oxjit.vectorize``: real NumPy ufuncs from scalar kernels, compared exactly (values and
dtypes) with NumPy and with the kernel run by CPython element by element."""

import math
import warnings

import numpy as np
import oxjit
import pytest

pytestmark = pytest.mark.requires_jit


def same(got, expected):
    """Exactly equal: type, dtype, shape and values (NaN equal to NaN)."""
    assert type(got) is type(expected), (type(got), type(expected))
    if isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
        assert got.shape == expected.shape
        assert np.array_equal(got, expected, equal_nan=got.dtype.kind in "fc"), (got, expected)
    else:
        both_nan = bool(np.isnan(got)) and bool(np.isnan(expected))
        assert got == expected or both_nan, (got, expected)


def rel_diff_py(x, y):
    return abs(x - y) / max(abs(x), abs(y), 1)


rel_diff = oxjit.vectorize(["float64(float64, float64)", "int64(int64, int64)"])(rel_diff_py)


def elementwise(pyfunc, dtype, *arrays):
    """What the ufunc computes, by CPython one element at a time, cast to ``dtype``."""
    arrays = np.broadcast_arrays(*arrays)
    flat = [pyfunc(*(a.item() for a in items)) for items in zip(*(a.ravel() for a in arrays))]
    return np.array(flat, dtype=dtype).reshape(arrays[0].shape)


def test_is_a_numpy_ufunc_with_the_given_loops():
    assert isinstance(rel_diff, np.ufunc)
    assert rel_diff.types == ["dd->d", "ll->l"]
    assert (rel_diff.nin, rel_diff.nout, rel_diff.__name__) == (2, 1, "rel_diff_py")
    assert rel_diff.identity is None


def test_float_and_int_loops_against_cpython():
    x = np.linspace(-5, 5, 23)
    y = np.arange(23.0)[::-1]
    same(rel_diff(x, y), elementwise(rel_diff_py, np.float64, x, y))
    a = np.arange(-6, 6, dtype=np.int64)
    b = np.int64(3)
    # Each loop, chosen explicitly (which one NumPy picks by default for int64 operands depends
    # on its version: NumPy 2 prefers the exact match, 1.x the first loop they cast to safely).
    got = rel_diff(a, b, signature=("l", "l", "l"))
    same(got, elementwise(lambda p, q: int(rel_diff_py(p, q)), np.int64, a, b))
    got = rel_diff(a, b, signature=("d", "d", "d"))
    same(got, elementwise(rel_diff_py, np.float64, a, b))


def test_broadcasting_out_where_and_scalars():
    x = np.arange(12.0).reshape(3, 4)
    y = np.array([1.0, -2.0, 3.0, 0.5])
    same(rel_diff(x, y), elementwise(rel_diff_py, np.float64, x, y))
    out = np.full((3, 4), -1.0)
    result = rel_diff(x, y, out=out)
    assert result is out
    same(out, elementwise(rel_diff_py, np.float64, x, y))
    mask = x > 4
    out2 = np.full((3, 4), 7.0)
    rel_diff(x, y, out=out2, where=mask)
    same(out2, np.where(mask, elementwise(rel_diff_py, np.float64, x, y), 7.0))
    same(rel_diff(3.0, 1.0), np.float64(rel_diff_py(3.0, 1.0)))


def test_strided_and_contiguous_inputs_agree():
    x = np.random.default_rng(0).normal(size=1001)
    y = np.random.default_rng(1).normal(size=1001)
    same(rel_diff(x[::3], y[::3]), rel_diff(x[::3].copy(), y[::3].copy()))
    same(rel_diff(x[::-1], y), elementwise(rel_diff_py, np.float64, x[::-1], y))


@oxjit.vectorize(["int64(int64, int64)", "float64(float64, float64)"], identity=0)
def add(x, y):
    return x + y


def test_reduce_accumulate_outer_at_reduceat():
    a = np.arange(1, 11, dtype=np.int64)
    same(add.reduce(a), np.add.reduce(a))
    same(add.accumulate(a), np.add.accumulate(a))
    same(add.outer(a[:3], a[:4]), np.add.outer(a[:3], a[:4]))
    same(add.reduceat(a, [0, 4, 7]), np.add.reduceat(a, [0, 4, 7]))
    m = np.arange(12.0).reshape(3, 4)
    same(add.reduce(m, axis=1), np.add.reduce(m, axis=1))
    same(add.reduce(m, axis=None), np.add.reduce(m, axis=None))
    b = np.zeros(5, dtype=np.int64)
    add.at(b, [0, 1, 1, 4], 3)
    expected = np.zeros(5, dtype=np.int64)
    np.add.at(expected, [0, 1, 1, 4], 3)
    same(b, expected)
    # identity=0: reducing an empty axis gives 0, as np.add does.
    same(add.reduce(np.array([], dtype=np.int64)), np.int64(0))
    assert add.identity == 0


def test_empty_reduce_without_identity_raises_as_numpy():
    with pytest.raises(ValueError, match="zero-size array"):
        rel_diff.reduce(np.array([], dtype=np.float64))


def test_casting_follows_numpy():
    x = np.arange(5, dtype=np.float32)
    # float32 inputs cast safely to float64 (first loop that accepts them).
    same(add(x, x), np.add(x.astype(np.float64), x.astype(np.float64)))
    with pytest.raises(TypeError):
        add(np.arange(3.0), np.arange(3.0), out=np.empty(3, dtype=np.int64))
    out = np.empty(3, dtype=np.int64)
    add(np.arange(3.0), np.arange(3.0), out=out, casting="unsafe")
    same(out, np.array([0, 2, 4], dtype=np.int64))


def test_float_division_by_zero_follows_numpys_error_model():
    @oxjit.vectorize(["float64(float64, float64)"])
    def div(x, y):
        return x / y

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = div(np.array([1.0, 0.0, -2.0]), np.array([0.0, 0.0, 4.0]))
    same(got, np.array([np.inf, np.nan, -0.5]))
    messages = sorted(str(w.message) for w in caught)
    assert messages == ["divide by zero encountered in div", "invalid value encountered in div"]
    with np.errstate(divide="raise"), pytest.raises(FloatingPointError):
        div(np.array([1.0]), np.array([0.0]))


def test_integer_division_by_zero_gives_zero():
    @oxjit.vectorize(["int64(int64, int64)"])
    def idiv(x, y):
        return x // y

    @oxjit.vectorize(["int64(int64, int64)"])
    def imod(x, y):
        return x % y

    a = np.array([7, -7, 0, 5])
    b = np.array([2, 2, 0, 0])
    with np.errstate(divide="ignore"):
        same(idiv(a, b), np.floor_divide(a, b))
        same(imod(a, b), np.remainder(a, b))


def test_error_model_python_raises_zero_division():
    @oxjit.vectorize(["int64(int64, int64)"], error_model="python")
    def idiv(x, y):
        return x // y

    with pytest.raises(ZeroDivisionError):
        idiv(np.array([1, 2]), np.array([1, 0]))


def test_exception_in_kernel_is_raised_and_other_elements_computed():
    @oxjit.vectorize(["float64(float64)"])
    def checked_sqrt(x):
        if x < 0.0:
            raise ValueError("value must be positive")
        return math.sqrt(x)

    a = np.array([1.0, 4.0, -2.0, 9.0, -1.0, 16.0])
    out = np.zeros_like(a)
    with pytest.raises(ValueError, match="value must be positive"):
        checked_sqrt(a, out)
    same(out, np.array([1.0, 2.0, 0.0, 3.0, 0.0, 4.0]))
    same(checked_sqrt(np.array([4.0])), np.array([2.0]))


def test_bool_complex_and_small_int_loops():
    @oxjit.vectorize(["bool(int8, int8)", "complex128(complex128, complex128)"])
    def f(x, y):
        return x * y

    a = np.array([1, -2, 0, 3], dtype=np.int8)
    b = np.array([1, 1, 5, 0], dtype=np.int8)
    same(f(a, b), elementwise(lambda p, q: bool(p * q), np.bool_, a, b))
    z = np.array([1 + 2j, -3j, 0.5])
    same(f(z, z), z * z)

    @oxjit.vectorize(["bool(bool)"])
    def negate(x):
        return not x

    same(negate(np.array([True, False, True])), np.array([False, True, False]))


def test_uint_and_float32_loops():
    @oxjit.vectorize(["uint8(uint8, uint8)", "float32(float32, float32)"])
    def wrap_add(x, y):
        return x + y

    a = np.array([250, 3, 255], dtype=np.uint8)
    same(wrap_add(a, a), (a + a).astype(np.uint8))
    f = np.array([0.1, 1e30, -2.5], dtype=np.float32)
    same(wrap_add(f, f), f + f)


def test_dynamic_ufunc_compiles_for_new_types_and_keeps_integers():
    @oxjit.vectorize
    def plus(x, y):
        return x + y

    assert isinstance(plus, oxjit.ufunc.DUFunc)
    assert plus.ufunc is None and plus.types == []
    a = np.arange(6, dtype=np.int64)
    same(plus(a, 2), a + 2)
    assert plus.types == ["ll->l"]
    same(plus(a, 2.5), a + 2.5)
    a32 = np.arange(4, dtype=np.int32)
    # int32 inputs cast safely to the ll->l loop, which runs (as Numba lets NumPy pick it):
    # int64 results, and no new loop.
    same(plus(a32, a32), (a32 + a32).astype(np.int64))
    assert plus.ntypes == 2
    # float32 + float32 casts safely to no loop there (not to int64): a new one, float32 as in
    # NumPy.
    same(plus(np.float32(1.5), np.float32(2.0)), np.float32(3.5))
    assert plus.ntypes == 3
    assert isinstance(plus.ufunc, np.ufunc)
    same(plus.reduce(a), np.int64(15))
    same(plus.accumulate(np.arange(4.0)), np.array([0.0, 1.0, 3.0, 6.0]))
    same(plus.outer(a[:2], a[:3]), np.add.outer(a[:2], a[:3]))


def test_dynamic_ufunc_add_and_bare_decorator_forms():
    def mul(x, y):
        return x * y

    d1 = oxjit.vectorize(mul)
    d2 = oxjit.vectorize()(mul)
    d1.add("float64(float64, float64)")
    assert d1.types == ["dd->d"]
    same(d2(np.arange(3), np.arange(3)), np.arange(3) * np.arange(3))


def test_dynamic_ufunc_rejects_non_numbers():
    @oxjit.vectorize
    def ident(x):
        return x

    with pytest.raises(TypeError, match="cannot take"):
        ident(np.array(["a", "b"]))


def test_callable_from_compiled_code_with_scalars():
    @oxjit.njit
    def use(x, n):
        return rel_diff(x, 2.0) + add(n, 1)

    assert use(5.0, 4) == rel_diff_py(5.0, 2.0) + 5
    assert type(use(5.0, 4)) is float

    @oxjit.vectorize
    def twice(x):
        return 2 * x

    @oxjit.njit
    def use_dynamic(n):
        return twice(n)

    same(use_dynamic(21), 42)


def test_arrays_in_compiled_code_are_a_compile_error():
    @oxjit.njit
    def use(a):
        return rel_diff(a, a)

    message = "'rel_diff_py' is a @vectorize ufunc: compiled code calls its kernel with numbers"
    with pytest.raises(oxjit.errors.TypingError, match=message) as info:
        use(np.arange(3.0))
    assert "return rel_diff(a, a)" in str(info.value)  # the caller's line, with a caret

    @oxjit.vectorize
    def twice(x):
        return 2 * x

    @oxjit.njit
    def use_dynamic(a):
        return twice(a)

    with pytest.raises(oxjit.errors.TypingError, match="'twice' is a @vectorize ufunc"):
        use_dynamic(np.arange(3))


def test_bad_signatures_and_options():
    with pytest.raises(TypeError, match="vectorize kernels take numbers"):
        oxjit.vectorize(["float64(float64[:])"])(lambda x: x)
    with pytest.raises(oxjit.errors.TypingError, match="has no attribute"):
        oxjit.vectorize(["float64(float64)"])(lambda x: x.foo)
    with pytest.raises(TypeError, match="the signature has 1 arguments but the function takes 2"):
        oxjit.vectorize(["float64(float64)"])(lambda x, y: x)
    with pytest.raises(ValueError, match="identity"):
        oxjit.vectorize(["float64(float64)"], identity=5)(lambda x: x)
    with pytest.raises(oxjit.errors.UnsupportedError, match="target='roc'"):
        oxjit.vectorize(["float64(float64)"], target="roc")(lambda x: x)
    with pytest.raises(oxjit.errors.UnsupportedError, match="nopython"):
        oxjit.vectorize(["float64(float64)"], nopython=False)(lambda x: x)
    with pytest.raises(TypeError, match="unexpected keyword"):
        oxjit.vectorize(["float64(float64)"], bogus=1)(lambda x: x)
    with pytest.raises(TypeError, match="invalid signature"):
        oxjit.vectorize(["float64(flot64)"])(lambda x: x)


def test_parallel_target_equals_the_serial_ufunc():
    par = oxjit.vectorize(["float64(float64, float64)", "int64(int64, int64)"], target="parallel")(
        rel_diff_py
    )
    rng = np.random.default_rng(3)
    # Long enough to be split into chunks on the thread pool; exact: elementwise work.
    x, y = rng.normal(size=300_001), rng.normal(size=300_001)
    same(par(x, y), rel_diff(x, y))
    same(par(x[::2], y[::2]), rel_diff(x[::2], y[::2]))
    a = rng.integers(-1000, 1000, size=200_000)
    same(par(a, a[::-1]), rel_diff(a, a[::-1]))
    same(par(3.0, 1.0), rel_diff(3.0, 1.0))
    out = np.empty_like(x)
    par(x, y, out=out)
    same(out, rel_diff(x, y))


def _checked_py(x):
    if x == -1.0:
        raise ValueError("minus one")
    if x < 0.0:
        raise ValueError("another negative")
    return x + 1.0


def test_parallel_target_raises_the_first_failing_elements_exception():
    checked = oxjit.vectorize(["float64(float64)"], target="parallel")(_checked_py)

    a = np.arange(200_000.0)
    a[60_000] = -2.0  # in the first chunk
    a[150_000] = -1.0  # in the last one
    out = np.zeros_like(a)
    for _ in range(3):
        with pytest.raises(ValueError, match="another negative"):
            checked(a, out)
    expected = a + 1.0
    expected[[60_000, 150_000]] = 0.0
    same(out, expected)
    # The serial ufunc keeps the first failing element's exception too.
    serial = oxjit.vectorize(["float64(float64)"])(_checked_py)
    with pytest.raises(ValueError, match="another negative"):
        serial(a)


def test_dynamic_parallel_ufunc():
    @oxjit.vectorize(target="parallel")
    def twice(x):
        return x * 2

    a = np.arange(100_000)
    same(twice(a), a * 2)


def test_cache_true_warns():
    with pytest.warns(oxjit.errors.NumbaWarning, match=r"cache=True\) is not honoured"):
        oxjit.vectorize(["float64(float64)"], cache=True)(lambda x: x + 1)


def test_the_ufunc_owns_its_tables_and_releases_them():
    import gc
    import sys

    u = oxjit.vectorize(["float64(float64)"])(lambda x: x * 3)
    # The loops, types and name NumPy reads live in a capsule the ufunc holds (its `obj`).
    tables = [r for r in gc.get_referents(u) if type(r).__name__ == "PyCapsule"]
    assert len(tables) == 1
    held = sys.getrefcount(tables[0])  # outside `assert`: pytest's rewriting holds values
    gc.collect()
    same(u(np.arange(3.0)), np.arange(3.0) * 3)
    del u
    gc.collect()
    after = sys.getrefcount(tables[0])
    assert after == held - 1  # the ufunc gave its reference back


def test_many_python_threads_call_the_ufuncs_at_once():
    from concurrent.futures import ThreadPoolExecutor

    par = oxjit.vectorize(["float64(float64, float64)"], target="parallel")(rel_diff_py)
    rng = np.random.default_rng(11)
    inputs = [(rng.normal(size=50_000), rng.normal(size=50_000)) for _ in range(16)]
    expected = [rel_diff(x, y) for x, y in inputs]

    def work(i):
        x, y = inputs[i]
        return rel_diff(x, y), par(x, y)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(16)))
    for (serial, parallel), want in zip(results, expected):
        same(serial, want)
        same(parallel, want)
