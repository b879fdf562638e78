"""``np.linalg.{cholesky, qr, eig, eigvals, pinv, matrix_power, matrix_rank, cond}`` in compiled
code, compared with NumPy bit for bit (dtype, shape, every bit of every element; the errors by
class and message), for float64, float32, complex128, complex64 and integer matrices in C,
Fortran, strided and reversed layouts.

They run NumPy's own LAPACK routines with NumPy's workspaces in NumPy's precisions (double, the
results cast to the result type; ``pinv`` and ``matrix_power`` multiply in the result type), so
the answers are NumPy's to the last bit. Two of NumPy's value-dependent result types are fixed by
type here (see docs/numpy-features.md): ``eig``/``eigvals`` of a real matrix are real, complex
eigenvalues raising a ``ValueError``; ``matrix_power`` of an integer matrix with a negative
exponent is ``float64`` when the exponent is a constant and an error when it comes at run time.
"""

import numpy as np
import pytest
from conftest import jitted
from test_linalg import BLAS, WHY, check, layouts, outcome, random

pytestmark = pytest.mark.skipif(BLAS is None, reason=f"NumPy's BLAS/LAPACK not found: {WHY}")

DTYPES = [np.float64, np.float32, np.complex128, np.complex64]


def spd(n, dtype, seed=0):
    """A Hermitian positive definite matrix of `dtype`."""
    a = random((n, n), dtype, seed)
    return (a @ a.conj().T + n * np.eye(n)).astype(dtype)


# --------------------------------------------------------------------------------------------
# cholesky


def cholesky(a):
    return np.linalg.cholesky(a)


def cholesky_upper(a):
    return np.linalg.cholesky(a, upper=True)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("n", [0, 1, 3, 70])
def test_cholesky(dtype, n):
    for a in layouts(spd(n, dtype, n)):
        check(cholesky, a)
        check(cholesky_upper, a)


def test_cholesky_integers_and_errors():
    check(cholesky, np.array([[4, 2], [2, 3]]))
    check(cholesky, np.array([[4, 2], [2, 3]], dtype=np.int32))
    check(cholesky, np.array([[1.0, 2.0], [2.0, 1.0]]))  # LinAlgError: not positive definite
    check(cholesky, -np.eye(3, dtype=np.complex64))
    check(cholesky, np.ones((2, 3)))  # LinAlgError: square


# --------------------------------------------------------------------------------------------
# qr


def qr(a):
    return np.linalg.qr(a)


def qr_complete(a):
    return np.linalg.qr(a, mode="complete")


def qr_r(a):
    return np.linalg.qr(a, "r")


def qr_unpacked(a):
    q, r = np.linalg.qr(a)
    return q @ r


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (5, 5), (1, 1), (0, 3), (3, 0), (70, 40),
                                   (40, 70)], ids=str)  # fmt: skip
def test_qr(dtype, shape):
    for a in layouts(random(shape, dtype, 7)):
        for fn in (qr, qr_complete, qr_r, qr_unpacked):
            check(fn, a)


def qr_raw(a):
    return np.linalg.qr(a, mode="raw")


def qr_bad(a):
    return np.linalg.qr(a, mode="bogus")


@pytest.mark.requires_jit
def test_qr_modes_refused_at_compile_time():
    import oxjit

    with pytest.raises(oxjit.errors.UnsupportedError, match="mode='raw' is not supported"):
        oxjit.njit(qr_raw)(np.eye(2))
    with pytest.raises(oxjit.errors.TypingError, match="Unrecognized mode 'bogus'"):
        oxjit.njit(qr_bad)(np.eye(2))


# --------------------------------------------------------------------------------------------
# eig, eigvals


def eig(a):
    return np.linalg.eig(a)


def eigvals(a):
    return np.linalg.eigvals(a)


def real_spectrum(n, dtype, seed):
    """A real matrix with real eigenvalues (similar to a diagonal one), not symmetric."""
    rng = np.random.default_rng(seed)
    p = rng.standard_normal((n, n)) + n * np.eye(n)
    return (p @ np.diag(np.arange(1.0, n + 1)) @ np.linalg.inv(p)).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("n", [0, 1, 4, 30])
def test_eig(dtype, n):
    if np.dtype(dtype).kind == "c":
        a = random((n, n), dtype, n)
    else:
        a = real_spectrum(n, dtype, n)
    for x in layouts(a):
        check(eig, x)
        check(eigvals, x)


def test_eig_triangular_and_integer():
    check(eig, np.triu(np.arange(1, 17).reshape(4, 4)))
    check(eigvals, np.array([[2, 0], [0, 3]], dtype=np.int32))
    check(eig, np.array([[np.nan, 0.0], [0.0, 1.0]]))  # LinAlgError: infs or NaNs
    check(eigvals, np.ones((2, 3)))  # LinAlgError: square


@pytest.mark.requires_jit
@pytest.mark.parametrize("fn", [eig, eigvals])
def test_eig_complex_eigenvalues_of_a_real_matrix(fn):
    # NumPy returns complex arrays here, a type chosen by the values; compiled code returns real
    # arrays for a real matrix and says so (as Numba does), and a complex matrix gives NumPy's.
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])
    ok, err = outcome(jitted(fn), (rotation,))
    assert not ok and type(err) is ValueError, err
    assert "complex eigenvalues" in str(err) and "astype(np.complex128)" in str(err)
    check(fn, rotation.astype(np.complex128))


# --------------------------------------------------------------------------------------------
# pinv


def pinv(a):
    return np.linalg.pinv(a)


def pinv_rcond(a, rcond):
    return np.linalg.pinv(a, rcond)


def pinv_rtol(a, rtol):
    return np.linalg.pinv(a, rtol=rtol)


def pinv_rtol_none(a):
    return np.linalg.pinv(a, rtol=None)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (5, 5), (1, 1), (30, 20)], ids=str)
def test_pinv(dtype, shape):
    for a in layouts(random(shape, dtype, 9)):
        check(pinv, a)
        check(pinv_rcond, a, 0.3)
        check(pinv_rtol, a, 0.25)
        if np.dtype(dtype).kind in "fc":
            check(pinv_rtol_none, a)


def test_pinv_rank_deficient_and_empty():
    a = np.outer(np.arange(1.0, 5.0), np.arange(1.0, 4.0))
    check(pinv, a)
    check(pinv_rcond, a, 1e-3)
    check(pinv_rtol_none, a.astype(np.float32))
    check(pinv, np.zeros((3, 3)))
    check(pinv, np.zeros((0, 3)))
    check(pinv, np.zeros((2, 0), dtype=np.complex64))


def pinv_both(a):
    return np.linalg.pinv(a, 0.1, rtol=0.1)


@pytest.mark.requires_jit
def test_pinv_rcond_and_rtol_is_a_compile_error():
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="can't be both set"):
        oxjit.njit(pinv_both)(np.eye(2))


# --------------------------------------------------------------------------------------------
# matrix_power


def matrix_power(a, n):
    return np.linalg.matrix_power(a, n)


def power_minus_two(a):
    return np.linalg.matrix_power(a, -2)


def power_zero(a):
    return np.linalg.matrix_power(a, 0)


def check_power(x, n):
    """`check`, except that n = 0 and 1 of a non-C array compare values, dtype and shape only:
    NumPy returns `a` itself for n = 1 and an array in `a`'s memory order for n = 0, compiled
    code a new C-ordered array (as Numba)."""
    if n in (0, 1) and not x.flags.c_contiguous:
        expected, got = np.linalg.matrix_power(x, n), jitted(matrix_power)(x, n)
        assert got.dtype == expected.dtype and got.flags.c_contiguous
        assert np.array_equal(got, expected) and not np.shares_memory(got, x)
    else:
        check(matrix_power, x, n)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_matrix_power(dtype):
    a = (random((5, 5), dtype, 11) / 2 + 2 * np.eye(5)).astype(dtype)
    for x in layouts(a):
        for n in range(-5, 14):
            check_power(x, n)
    check(matrix_power, random((40, 40), dtype, 12) / 8, 7)
    check(matrix_power, np.zeros((0, 0), dtype), 3)
    check(matrix_power, np.zeros((3, 3), dtype), -1)  # LinAlgError: Singular matrix
    check(matrix_power, np.ones((2, 3), dtype), 2)  # LinAlgError: square


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int8, np.uint16, np.bool_],
                         ids=lambda d: np.dtype(d).name)  # fmt: skip
def test_matrix_power_integers(dtype):
    a = random((4, 4), dtype, 13)
    for x in layouts(a):
        for n in range(9):
            check_power(x, n)
    check(power_zero, a)
    # A constant negative exponent: NumPy's inv makes it float64, as here.
    b = np.array([[2, 1], [1, 1]], dtype=dtype if dtype is not np.bool_ else np.int64)
    check(power_minus_two, b)


@pytest.mark.requires_jit
def test_matrix_power_negative_run_time_exponent_of_integers():
    ok, err = outcome(jitted(matrix_power), (np.eye(2, dtype=np.int64), -1))
    assert not ok and type(err) is ValueError and "negative exponent" in str(err), err


def power_float_exponent(a):
    return np.linalg.matrix_power(a, 2.0)


@pytest.mark.requires_jit
def test_matrix_power_needs_an_integer_exponent():
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="exponent must be an integer"):
        oxjit.njit(power_float_exponent)(np.eye(2))


# --------------------------------------------------------------------------------------------
# matrix_rank


def matrix_rank(a):
    return np.full(1, np.linalg.matrix_rank(a))


def matrix_rank_tol(a, tol):
    return np.full(1, np.linalg.matrix_rank(a, tol))


def matrix_rank_rtol(a, rtol):
    return np.full(1, np.linalg.matrix_rank(a, rtol=rtol))


def matrix_rank_both(a):
    return np.linalg.matrix_rank(a, 0.1, rtol=0.1)


def rank_deficient(shape, rank, dtype, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((shape[0], rank)) @ rng.standard_normal((rank, shape[1]))
    return a.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
def test_matrix_rank(dtype):
    for shape, rank in [((5, 5), 5), ((5, 5), 3), ((6, 4), 2), ((4, 6), 4), ((3, 3), 0)]:
        for a in layouts(rank_deficient(shape, rank, dtype, rank)):
            check(matrix_rank, a)
            check(matrix_rank_tol, a, 1e-3)
            check(matrix_rank_tol, a, 2.5)
            check(matrix_rank_rtol, a, 0.2)
    check(matrix_rank, np.eye(4, dtype=dtype) * np.array([1, 1, 1, 1e-17]).astype(dtype))
    check(matrix_rank, np.zeros((0, 3), dtype))
    check(matrix_rank, np.zeros(4, dtype))
    check(matrix_rank, np.arange(4).astype(dtype))
    check(matrix_rank_both, np.eye(2, dtype=dtype))  # ValueError: both set


# --------------------------------------------------------------------------------------------
# cond


def cond(x):
    return np.full(1, np.linalg.cond(x))


def make_cond(p):
    def cond_p(x):
        return np.full(1, np.linalg.cond(x, p))

    cond_p.__name__ = f"cond_{p}"
    return cond_p


P_REAL = [None, 2, -2, "fro", "nuc", 1, -1, np.inf, -np.inf]
COND = {p: make_cond(p) for p in P_REAL}


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("p", P_REAL, ids=str)
def test_cond(dtype, p):
    fn = COND[p]
    if np.dtype(dtype).kind == "c" and p in (1, -1, np.inf, -np.inf):
        # As np.linalg.norm's: refused at compile time, saying so.
        import oxjit

        with pytest.raises(oxjit.errors.UnsupportedError, match="np.linalg.cond"):
            oxjit.njit(fn)(np.eye(2, dtype=dtype))
        return
    for a in layouts(random((5, 5), dtype, 17) + 3 * np.eye(5, dtype=dtype)):
        check(fn, a)
    check(fn, np.array([[1, 2], [2, 4]], dtype=dtype))  # singular: inf (or NumPy's value)
    check(fn, np.zeros((0, 0), dtype))  # LinAlgError: empty
    if p in (None, 2, -2):
        check(fn, random((4, 6), dtype, 18))
    else:
        check(fn, random((4, 6), dtype, 18))  # LinAlgError: square


def test_cond_nan():
    check(cond, np.array([[np.nan, 1.0], [1.0, 1.0]]))
    check(COND[1], np.array([[np.nan, 1.0], [1.0, 1.0]]))
    check(cond, np.eye(3))


# --------------------------------------------------------------------------------------------
# refusals and references


def pinv_hermitian(a):
    return np.linalg.pinv(a, hermitian=True)


def cond_of_a_vector(a):
    return np.linalg.cond(a)


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,arg,cls",
    [(pinv_hermitian, np.eye(2), "UnsupportedError"), (cond_of_a_vector, np.ones(2), "TypingError"),
     (cholesky, np.ones(3), "TypingError")],
)  # fmt: skip
def test_refused_at_compile_time(fn, arg, cls):
    import oxjit

    with pytest.raises(getattr(oxjit.errors, cls)):
        oxjit.njit(fn)(arg)


# Raising after a temporary array was made: the temporary is given back.


def cholesky_of_temporary(a):
    return np.linalg.cholesky(a * 2)


def eig_of_temporary(a):
    return np.linalg.eig(a * 2)


def power_of_temporary(a, n):
    return np.linalg.matrix_power(a * 2, n)


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,args,raises",
    [(cholesky, (spd(5, np.float64),), None),
     (cholesky_of_temporary, (np.array([[1.0, 2.0], [2.0, 1.0]]),), np.linalg.LinAlgError),
     (qr, (random((6, 4), np.complex64, 1),), None), (qr_r, (random((6, 4), np.float32, 1),), None),
     (eig, (real_spectrum(4, np.float64, 2),), None),
     (eig_of_temporary, (np.array([[0.0, -1.0], [1.0, 0.0]]),), ValueError),
     (pinv, (random((5, 3), np.float64, 3),), None),
     (matrix_power, (random((4, 4), np.float64, 4), 11), None),
     (power_of_temporary, (random((4, 4), np.int64, 4), -1), ValueError),
     (power_of_temporary, (np.zeros((3, 3)), -2), np.linalg.LinAlgError),
     (matrix_rank, (random((5, 3), np.float64, 5),), None),
     (COND[1], (np.array([[1.0, 2.0], [2.0, 4.0]]),), None),
     (COND["nuc"], (np.array([[1.0, 2.0], [2.0, 4.0]]),), np.linalg.LinAlgError)],
)  # fmt: skip
def test_no_leak(fn, args, raises):
    from test_nrt import assert_no_leak

    if raises is None:
        assert_no_leak(fn, *args)
    else:
        assert_no_leak(fn, *args, expect_raise=raises)
