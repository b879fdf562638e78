"""`np.cov` and `np.corrcoef` compiled, compared with NumPy: every real dtype (float64 results),
1-d and 2-d inputs, `rowvar`, `bias`, `ddof` (also >= the number of observations, where NumPy
warns "Degrees of freedom <= 0" and gives inf/nan: the same values, no warning from compiled
code), a second operand `y`, C/F/strided/reversed layouts, empty inputs, NumPy's errors and the
refusals. The exact tests use integer data with 8 observations, so that every mean, deviation and
dot product is exact whatever order NumPy's BLAS adds in; random float data are compared within
1e-12 relative (BLAS rounds long inexact sums differently in the last bits)."""

import subprocess
import sys
import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64]  # fmt: skip

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def cov(m):
    return np.cov(m)


def cov_cols(m):
    return np.cov(m, rowvar=False)


def cov_bias(m):
    return np.cov(m, bias=True)


def cov_ddof(m, d):
    return np.cov(m, ddof=d)


def cov_all(m, y, r, b, d):
    return np.cov(m, y, r, b, d)


def cov_y(m, y):
    return np.cov(m, y)


def cov_y_cols(m, y):
    return np.cov(m, y, rowvar=False)


def corr(x):
    return np.corrcoef(x)


def corr_wrapped(x):
    # corrcoef of one variable is a NumPy float64; compiled code returns a Python float.
    return np.full(1, np.corrcoef(x))


def corr_cols(x):
    return np.corrcoef(x, rowvar=False)


def corr_y(x, y):
    return np.corrcoef(x, y)


def corr_y_cols(x, y):
    return np.corrcoef(x, y, rowvar=False)


def data(shape, dtype, seed=0):
    """Small integers (0/1 for bool) of `dtype`."""
    rng = np.random.default_rng(seed)
    hi = 2 if dtype is np.bool_ else 9
    return rng.integers(0, hi, size=shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cov_dtypes(dtype):
    for fn in (cov, cov_bias, corr):
        assert_same(fn, data((3, 8), dtype, 1))
    for fn in (cov, cov_bias, cov_cols, corr_wrapped):
        assert_same(fn, data(8, dtype))
    for fn in (cov_cols, corr_cols):
        assert_same(fn, data((8, 3), dtype, 2))


def test_cov_ddof():
    m, v = data((3, 8), np.float64), data(8, np.int64)
    for d in [0, 1, 2, 7, 8, 9, -1, True, np.int32(3)]:
        assert_same(cov_ddof, m, d)
        assert_same(cov_ddof, v, d)
    sq, sq2 = data((8, 8), np.float64, 8), data((8, 8), np.int16, 9)
    for r in (True, False):
        for b in (True, False):
            assert_same(cov_all, sq, None, r, b, None)
            assert_same(cov_all, sq, sq2, r, b, 3)
            assert_same(cov_all, v, None, r, b, None)


def test_cov_second_operand():
    x2, y2 = data((3, 8), np.float64), data((2, 8), np.int32, 4)
    x1, y1 = data(8, np.float64, 5), data(8, np.uint8, 6)
    for fn in (cov_y, corr_y):
        assert_same(fn, x2, y2)
        assert_same(fn, x1, y1)
        assert_same(fn, x1, y2)
        assert_same(fn, x2, y1)
    for fn in (cov_y_cols, corr_y_cols):
        assert_same(fn, x2.T.copy(), y2.T.copy())
        assert_same(fn, x1, y1)
        assert_same(fn, x2.T.copy(), y1)
        # A one-row 2-d operand stays a row with rowvar=False (NumPy transposes only others).
        assert_same(fn, x2.T.copy(), y1.reshape(1, 8))


def test_cov_layouts():
    m = data((8, 8), np.float64)
    for fn in (cov, cov_cols, corr, corr_cols):
        assert_same(fn, np.asfortranarray(m))
        assert_same(fn, m[::2])
        assert_same(fn, m[::-1, ::-1])
        assert_same(fn, np.asfortranarray(m).T)
    assert_same(cov, data(16, np.int64)[::2])


def test_cov_random_floats_close():
    rng = np.random.default_rng(7)
    for shape in [(50,), (4, 100), (3, 1000)]:
        m = rng.standard_normal(shape) * 10 + 3
        for fn in (cov, cov_cols, corr, corr_cols, cov_bias):
            if fn in (cov_cols, corr_cols) and len(shape) == 2:
                m = m.T.copy()
            want = np.asarray(fn(m))
            got = np.asarray(oxjit.njit(fn)(m))
            assert got.dtype == want.dtype and got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_cov_random_floats_exact_rows():
    # Variables as the rows of a C array, as NumPy's X is: the same pairwise means and the same
    # BLAS `syrk` of X and X.T as NumPy's, so the same bits (a loop rounded differently).
    rng = np.random.default_rng(11)
    for shape in [(2, 300), (7, 129), (40, 33)]:
        m = rng.standard_normal(shape) * 10 + 3
        for fn in (cov, cov_bias, corr):
            assert_same(fn, m)
        assert_same(cov_y, m, m[:1] * 0.5)


def test_cov_random_floats_large_close():
    # NPBench's covariance2 (np.cov of a transposed matrix): a matrix product, within BLAS's
    # rounding of NumPy's (NumPy's X keeps the input's Fortran order, compiled code's is C).
    rng = np.random.default_rng(12)
    d = rng.standard_normal((120, 90))
    for m in (d.T, d[::2].T, np.asfortranarray(d).T):
        for fn in (cov, corr):
            want = np.asarray(fn(m))
            got = np.asarray(oxjit.njit(fn)(m))
            assert got.dtype == want.dtype and got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-13)


@pytest.mark.requires_jit
def test_cov_first_in_a_fresh_process(tmp_path):
    # np.cov multiplies through NumPy's BLAS: compiling it alone must find the library first
    # (in a process where nothing else did, a call used to abort).
    script = tmp_path / "cov_first.py"
    script.write_text(
        "import numpy as np, oxjit\n"
        "m = np.arange(12.0).reshape(3, 4) ** 2\n"
        "print(np.array_equal(oxjit.njit(lambda m: np.cov(m))(m), np.cov(m)),\n"
        "      np.array_equal(oxjit.njit(lambda m: np.corrcoef(m))(m), np.corrcoef(m)))\n"
    )
    run = subprocess.run(
        [sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=120
    )
    assert (run.returncode, run.stdout) == (0, "True True\n"), run.stderr[-2000:]


def test_corrcoef_clips_and_nan():
    # A constant variable: zero variance, NaN correlations (NumPy's 0/0); perfectly correlated
    # and anti-correlated rows: clipped to exactly 1 and -1.
    m = np.array([[1.0, 2, 3, 4, 5, 6, 7, 8], [3.0] * 8, [8.0, 7, 6, 5, 4, 3, 2, 1]])
    assert_same(corr, m)
    assert_same(corr_wrapped, np.array([0.1, 0.2, 0.30000000000000004, 0.7]))
    assert_same(corr_wrapped, np.full(5, 2.5))
    assert_same(corr_wrapped, np.zeros(0))
    a = data(8, np.float64, 3) * 0.1
    assert_same(corr_y, a * 3.7, a * 0.31)
    assert_same(corr_y, a * 3.7, -a * 0.31)
    got = oxjit.njit(corr_y)(a * 3.7, -a * 0.31)
    assert np.all(got <= 1.0) and np.all(got >= -1.0)


def test_cov_empty():
    assert_same(cov, np.zeros((0, 5)))
    assert_same(cov_y, np.zeros((0, 5)), np.ones((2, 3)))
    assert_same(cov, np.zeros(0))
    assert_same(cov, np.zeros((3, 0)))
    assert_same(corr, np.zeros((0, 5)))
    assert_same(cov_cols, np.zeros((5, 0)))


def test_cov_errors():
    # NumPy's ValueError of concatenating operands with different numbers of observations.
    assert_same(cov_y, np.ones((2, 3)), np.ones((2, 4)))
    assert_same(corr_y, np.ones(3), np.ones(5))
    # A 2-d input of one variable: NumPy's result is 0-d, a type known only at run time here.
    for fn, args in [(cov, (np.ones((1, 4)),)), (cov_cols, (np.ones((4, 1)),)),
                     (corr_y, (np.ones((1, 4)), np.ones((0, 4))))]:  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert fn(*args).ndim == 0
        with pytest.raises(RuntimeError, match="single variable given as 2-d"):
            oxjit.njit(fn)(*args)


def test_cov_frees_what_it_makes():
    from test_nrt import assert_no_leak, stats

    m = data((3, 8), np.float64)
    for fn in (cov, corr, cov_cols, corr_cols):
        assert_no_leak(oxjit.njit(fn), m)
        assert_no_leak(oxjit.njit(fn), m[0])
    # The errors are raised before anything is allocated: nothing left behind either.
    for fn, args, exc in [(cov_y, (m, m[:, :4]), ValueError), (cov, (m[:1],), RuntimeError)]:
        f = oxjit.njit(fn)
        with pytest.raises(exc):
            f(*args)
        before = stats()
        for _ in range(5):
            with pytest.raises(exc):
                f(*args)
        after = stats()
        assert after.alloc - before.alloc == after.free - before.free, (before, after)


def test_cov_refusals():
    def three_d(a):
        return np.cov(a)

    def complex_(a):
        return np.corrcoef(a)

    def weights(a):
        return np.cov(a, fweights=a)

    def float_ddof(a):
        return np.cov(a, ddof=1.5)

    def scalar(a):
        return np.cov(a)

    cases = [
        (three_d, (np.ones((2, 2, 2)),), "np.cov(a)", oxjit.errors.TypingError,
         "m has more than 2 dimensions"),
        (complex_, (np.ones(3, np.complex128),), "np.corrcoef(a)",
         oxjit.errors.UnsupportedError, "complex"),
        (weights, (np.ones(3),), "np.cov(a, fweights=a)", oxjit.errors.UnsupportedError,
         "fweights"),
        (float_ddof, (np.ones(3),), "np.cov(a, ddof=1.5)", oxjit.errors.UnsupportedError,
         "ddof must be None or an integer"),
        (scalar, (1.5,), "np.cov(a)", oxjit.errors.UnsupportedError, "not supported"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
