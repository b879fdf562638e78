"""``oxjit.guvectorize``: real NumPy gufuncs from kernels over array views, compared exactly with
NumPy and with the kernel run by CPython on each core slice."""

import numpy as np
import oxjit
import pytest

pytestmark = pytest.mark.requires_jit


def same(got, expected):
    assert type(got) is type(expected), (type(got), type(expected))
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert np.array_equal(got, expected, equal_nan=got.dtype.kind in "fc"), (got, expected)


def moving_mean_py(a, w, out):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        if i >= w:
            s -= a[i - w]
        out[i] = s / min(i + 1, w)


moving_mean = oxjit.guvectorize(
    ["void(float64[:], intp, float64[:])", "void(float32[:], intp, float32[:])"], "(n),()->(n)"
)(moving_mean_py)


def by_rows(pyfunc, a, w, dtype):
    out = np.empty(a.shape, dtype=dtype)
    for idx in np.ndindex(a.shape[:-1]):
        pyfunc(a[idx], w, out[idx])
    return out


def test_is_a_numpy_gufunc():
    assert isinstance(moving_mean, np.ufunc)
    assert moving_mean.signature == "(n),()->(n)"
    assert (moving_mean.nin, moving_mean.nout) == (2, 1)
    assert moving_mean.types == ["dl->d", "fl->f"]


def test_layout_with_scalar_argument_and_loop_dimensions():
    a = np.arange(24.0).reshape(2, 3, 4) ** 1.5
    same(moving_mean(a, 3), by_rows(moving_mean_py, a, 3, np.float64))
    a32 = a.astype(np.float32)
    # NumPy takes the first loop float32 casts to safely (float64), unless asked for float32.
    same(moving_mean(a32, 2), by_rows(moving_mean_py, a32.astype(np.float64), 2, np.float64))
    # The kernel's `s = 0.0` is a float64 in compiled code (as in Numba): its float32 items are
    # summed in float64 and each result rounded to float32 when stored.
    wide = by_rows(moving_mean_py, a32.astype(np.float64), 2, np.float64)
    same(moving_mean(a32, 2, dtype=np.float32), wide.astype(np.float32))
    # One window per row: the scalar broadcasts against the loop dimensions.
    windows = np.array([1, 2])
    got = moving_mean(a[:, 0, :], windows)
    expected = np.stack(
        [by_rows(moving_mean_py, a[i, 0, :], w, np.float64) for i, w in enumerate(windows)]
    )
    same(got, expected)


def test_strided_views_out_and_axis():
    a = np.arange(40.0).reshape(5, 8)
    view = a[::2, ::3]  # not contiguous
    same(moving_mean(view, 2), by_rows(moving_mean_py, view.copy(), 2, np.float64))
    out = np.zeros((5, 8))
    result = moving_mean(a, 3, out=out)
    assert result is out
    same(out, by_rows(moving_mean_py, a, 3, np.float64))
    # axis=0: the core dimension is the first one.
    same(moving_mean(a, 2, axis=0), by_rows(moving_mean_py, a.T.copy(), 2, np.float64).T)


def test_in_place_output():
    # The same array as input and output: the kernel works in place, as CPython's would.
    expected = np.arange(10.0)
    moving_mean_py(expected, 4, expected)
    b = np.arange(10.0)
    moving_mean(b, 4, out=b)
    same(b, expected)
    c = np.arange(10.0)
    moving_mean(c, 4, c)
    same(c, expected)


@oxjit.guvectorize(["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)")
def matvec(m, v, out):
    for i in range(m.shape[0]):
        s = 0.0
        for j in range(m.shape[1]):
            s += m[i, j] * v[j]
        out[i] = s


def test_matrix_vector_layout_and_axes():
    rng = np.random.default_rng(0)
    m = rng.integers(-5, 5, size=(4, 3, 5)).astype(np.float64)
    v = rng.integers(-5, 5, size=5).astype(np.float64)
    # Integer-valued floats: sums are exact whatever the order, so compare exactly with @.
    same(matvec(m, v), m @ v)
    mt = np.ascontiguousarray(np.swapaxes(m, 1, 2))  # (4, 5, 3)
    same(matvec(mt, v, axes=[(2, 1), (0,), (1,)]), m @ v)


def min_max_py(a, lo, hi):
    lo[0] = a[0]
    hi[0] = a[0]
    for x in a:
        lo[0] = min(lo[0], x)
        hi[0] = max(hi[0], x)


min_max = oxjit.guvectorize(["void(int64[:], int64[:], int64[:])"], "(n)->(),()")(min_max_py)


def test_several_outputs_with_scalar_layout():
    a = np.array([[3, -1, 7], [0, 0, 0], [9, 8, -20]], dtype=np.int64)
    lo, hi = min_max(a)
    same(lo, a.min(axis=1))
    same(hi, a.max(axis=1))
    lo2, hi2 = np.empty(3, dtype=np.int64), np.empty(3, dtype=np.int64)
    min_max(a, out=(lo2, hi2))
    same(lo2, a.min(axis=1))
    same(hi2, a.max(axis=1))
    lo3, hi3 = min_max(a, axis=0)
    same(lo3, a.min(axis=0))
    same(hi3, a.max(axis=0))


def test_dynamic_gufunc_compiles_per_types():
    @oxjit.guvectorize("(n)->()")
    def total(a, out):
        s = 0
        for x in a:
            s += x
        out[0] = s

    assert isinstance(total, oxjit.ufunc.GUFunc)
    a = np.arange(12, dtype=np.int64).reshape(3, 4)
    out = np.zeros(3, dtype=np.int64)
    total(a, out)
    same(out, a.sum(axis=1))
    f = np.arange(6.0).reshape(2, 3) / 4
    outf = np.zeros(2)
    total(f, out=outf)
    same(outf, f.sum(axis=1))
    assert total.ntypes == 2 and isinstance(total.ufunc, np.ufunc)
    with pytest.raises(TypeError, match="pass its 1 output"):
        total(a)


def test_exception_in_kernel_is_raised_and_other_rows_computed():
    @oxjit.guvectorize(["void(float64[:], float64[:])"], "(n)->()")
    def checked_sum(a, out):
        if a[0] < 0:
            raise ValueError("negative first item")
        s = 0.0
        for x in a:
            s += x
        out[0] = s

    a = np.array([[1.0, 2.0], [-1.0, 2.0], [3.0, 4.0]])
    out = np.zeros(3)
    with pytest.raises(ValueError, match="negative first item"):
        checked_sum(a, out)
    same(out, np.array([3.0, 0.0, 7.0]))


def test_layouts_that_do_not_parse():
    for layout in ["(n)->", "(n),()->(n", "(n)->(m)x", "n->n", "(n)"]:
        with pytest.raises(ValueError, match="invalid gufunc layout"):
            oxjit.guvectorize(["void(float64[:], float64[:])"], layout)


def test_layouts_that_do_not_match_the_signature():
    with pytest.raises(TypeError, match="has 3 operands but the signature"):
        oxjit.guvectorize(["void(float64[:], float64[:])"], "(n),()->(n)")(lambda a, o: None)
    with pytest.raises(TypeError, match="2-d array but its layout"):
        oxjit.guvectorize(["void(float64[:,:], float64[:])"], "(n)->(n)")(lambda a, o: None)
    with pytest.raises(TypeError, match="scalar float64 but its layout"):
        oxjit.guvectorize(["void(float64, float64[:])"], "(n)->(n)")(lambda a, o: None)
    with pytest.raises(TypeError, match="outputs of a gufunc are arrays"):
        oxjit.guvectorize(["void(float64[:], float64)"], "(n)->()")(lambda a, o: None)
    with pytest.raises(TypeError, match="returns nothing"):
        oxjit.guvectorize(["float64(float64[:], float64[:])"], "(n)->(n)")(lambda a, o: 0.0)


def test_signature_the_kernel_cannot_satisfy_is_a_typing_error():
    def bad(a, out):
        out[0] = a.nonexistent

    with pytest.raises(oxjit.errors.TypingError, match="nonexistent"):
        oxjit.guvectorize(["void(float64[:], float64[:])"], "(n)->()")(bad)


def test_parallel_target_equals_serial():
    g = oxjit.guvectorize(["void(float64[:], intp, float64[:])"], "(n),()->(n)", target="parallel")(
        moving_mean_py
    )
    a = np.random.default_rng(5).normal(size=(40_000, 5))
    same(g(a, 3), moving_mean(a, 3))
    same(g(a[::2, ::2], 2), moving_mean(a[::2, ::2], 2))
    pm = oxjit.guvectorize(["void(int64[:], int64[:], int64[:])"], "(n)->(),()", target="parallel")(
        min_max_py
    )
    b = np.random.default_rng(6).integers(-99, 99, size=(30_000, 4))
    lo, hi = pm(b)
    same(lo, b.min(axis=1))
    same(hi, b.max(axis=1))


def test_parallel_gufunc_raises():
    @oxjit.guvectorize(["void(float64[:], float64[:])"], "(n)->()", target="parallel")
    def checked_first(a, out):
        if a[0] < 0:
            raise ValueError("negative first item")
        out[0] = a[0]

    a = np.ones((50_000, 2))
    a[30_000, 0] = -1.0
    with pytest.raises(ValueError, match="negative first item"):
        checked_first(a)


def test_called_from_compiled_code_with_core_dimensions_only():
    @oxjit.njit
    def use(m, v):
        out = np.empty(m.shape[0])
        matvec(m, v, out)
        return out

    m = np.arange(12.0).reshape(3, 4)
    v = np.arange(4.0)
    same(use(m, v), m @ v)

    # Loop dimensions (NumPy's broadcasting) are not done in compiled code: a compile error.
    @oxjit.njit
    def use_3d(m, v):
        out = np.empty((m.shape[0], m.shape[1]))
        matvec(m, v, out)
        return out

    with pytest.raises(oxjit.errors.TypingError, match="No matching definition"):
        use_3d(np.ones((2, 3, 4)), v)

    # The outputs are passed: the kernel is what runs.
    @oxjit.njit
    def allocating(m, v):
        return matvec(m, v)

    with pytest.raises(oxjit.errors.TypingError, match="missing 1 required positional"):
        allocating(m, v)


def test_dynamic_gufunc_in_compiled_code_is_a_compile_error():
    @oxjit.guvectorize("(n)->()")
    def first(a, out):
        out[0] = a[0]

    @oxjit.njit
    def use(a, out):
        first(a, out)

    with pytest.raises(oxjit.errors.TypingError, match="GUFunc"):
        use(np.ones(3), np.zeros(1))
