"""``np.linalg.{cholesky, qr, eig, eigvals, pinv, eigh, eigvalsh, svd}`` of stacks of matrices (arrays of three or more
dimensions) in compiled code, compared with NumPy bit for bit: each matrix of the stack goes
through the code of a lone matrix (NumPy's LAPACK routines in NumPy's precisions, as
test_linalg_more.py checks), the results are C-ordered arrays of the batch shape followed by the
core dimensions, of the 2-d versions' result types; an error in any matrix (a matrix that is
not positive definite, a NaN) is the call's error, by class and message, as NumPy raises it.
"""

import numpy as np
import pytest
from conftest import jitted, same_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_linalg import (
    BLAS,
    WHY,
    eigh,
    eigh_upper,
    eigvalsh,
    eigvalsh_upper,
    outcome,
    random,
    svd,
    svd_reduced,
    svd_runtime_flag,
    svd_values,
    symmetric,
)
from test_linalg_more import (
    cholesky,
    cholesky_upper,
    eig,
    eigvals,
    pinv,
    pinv_rcond,
    pinv_rtol,
    pinv_rtol_none,
    qr,
    qr_complete,
    qr_r,
    real_spectrum,
    spd,
)
from test_linalg_stacks import stack_layouts

pytestmark = pytest.mark.skipif(BLAS is None, reason=f"NumPy's BLAS/LAPACK not found: {WHY}")

DTYPES = [np.float64, np.float32, np.complex128, np.complex64]
BATCHES = [(2,), (3, 2), (1,), (0,), (2, 1, 2)]


def contiguous(x):
    return tuple(map(contiguous, x)) if isinstance(x, tuple) else np.ascontiguousarray(x)


def check_stack(fn, *args):
    """The compiled results equal NumPy's bit for bit (dtype, shape, every element) or the same
    exception (class and message). Not the memory layout: NumPy's gufuncs lay results out in their
    inputs' order (and `qr`'s R is `triu` of a view of its result), compiled ones are C-ordered."""
    ok_e, expected = outcome(fn, args)
    ok_g, got = outcome(jitted(fn), args)
    where = f"{fn.__name__}{[(a.shape, a.strides, a.dtype) for a in args if hasattr(a, 'shape')]}"
    assert ok_e == ok_g, f"{where}: NumPy {expected!r}, compiled {got!r}"
    if ok_e:
        assert same_value(contiguous(expected), contiguous(got)), f"{where}: {expected}, {got}"
    else:
        assert (type(expected), str(expected)) == (type(got), str(got)), where


def stack_of(make, batch, *args):
    """A stack of the batch shape of matrices `make(*args, seed)`, one seed each."""
    count = int(np.prod(batch))
    mats = [make(*args, seed) for seed in range(count)]
    if not mats:
        return np.zeros(batch + make(*args, 0).shape, make(*args, 0).dtype)
    return np.stack(mats).reshape(batch + mats[0].shape)


def rand(shape, dtype, seed):
    return random(shape, dtype, seed)


def spd_seeded(n, dtype, seed):
    return spd(n, dtype, seed + n)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("n", [0, 3, 12])
def test_cholesky_stacks(dtype, batch, n):
    for a in stack_layouts(stack_of(spd_seeded, batch, n, dtype)):
        check_stack(cholesky, a)
        check_stack(cholesky_upper, a)


def test_cholesky_stack_integers_and_errors():
    check_stack(cholesky, np.stack([np.array([[4, 2], [2, 3]])] * 3))
    not_pd = np.stack([np.eye(3), np.eye(3), -np.eye(3)]).reshape(3, 1, 3, 3)
    check_stack(cholesky, not_pd)  # LinAlgError: Matrix is not positive definite (the last one)
    check_stack(cholesky, not_pd.astype(np.complex64))
    check_stack(cholesky, np.ones((2, 2, 3)))  # LinAlgError: square
    check_stack(cholesky, np.ones((0, 2, 3)))  # square even for an empty stack


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("core", [(4, 3), (3, 4), (5, 5), (0, 3), (20, 9)], ids=str)
def test_qr_stacks(dtype, batch, core):
    for a in stack_layouts(stack_of(rand, batch, core, dtype)):
        check_stack(qr, a)
        check_stack(qr_complete, a)
        check_stack(qr_r, a)


def real_spectrum_seeded(n, dtype, seed):
    return real_spectrum(n, dtype, seed + 1)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("n", [0, 1, 4, 9])
def test_eig_stacks(dtype, batch, n):
    make = rand if np.dtype(dtype).kind == "c" else real_spectrum_seeded
    shape = (n, n) if make is rand else n
    for a in stack_layouts(stack_of(make, batch, shape, dtype)):
        check_stack(eig, a)
        check_stack(eigvals, a)


def test_eig_stack_errors():
    nan = np.stack([np.eye(2), np.array([[np.nan, 0.0], [0.0, 1.0]])])
    check_stack(eig, nan)  # LinAlgError: Array must not contain infs or NaNs
    check_stack(eigvals, np.ones((2, 2, 3)))  # LinAlgError: square
    check_stack(
        eig, np.stack([np.eye(2), np.array([[0.0, -1.0], [1.0, 0.0]])]).astype(np.complex128)
    )


@pytest.mark.requires_jit
@pytest.mark.parametrize("fn", [eig, eigvals])
def test_eig_stack_complex_eigenvalues_of_real_matrices(fn):
    # As for one matrix: NumPy makes the whole stack complex; compiled code says so.
    rotations = np.stack([np.eye(2), np.array([[0.0, -1.0], [1.0, 0.0]])])
    ok, err = outcome(jitted(fn), (rotations,))
    assert not ok and type(err) is ValueError, err
    assert "complex eigenvalues" in str(err)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("core", [(4, 3), (3, 4), (5, 5), (0, 2), (12, 7)], ids=str)
def test_pinv_stacks(dtype, batch, core):
    if np.dtype(dtype).kind == "i" and 0 in core:
        pytest.skip("an empty integer matrix's pinv is float64 here (docs/numpy-features.md)")
    for a in stack_layouts(stack_of(rand, batch, core, dtype)):
        check_stack(pinv, a)
        check_stack(pinv_rcond, a, 0.3)
        check_stack(pinv_rtol, a, 0.25)
        if np.dtype(dtype).kind in "fc":
            check_stack(pinv_rtol_none, a)


def test_pinv_stack_rank_deficient():
    a = np.outer(np.arange(1.0, 5.0), np.arange(1.0, 4.0))
    check_stack(pinv, np.stack([a, np.zeros((4, 3)), a[:, ::-1]]))


def symmetric_seeded(n, dtype, seed):
    return symmetric(n, dtype, seed + n)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("n", [0, 1, 4, 12])
def test_eigh_stacks(dtype, batch, n):
    for a in stack_layouts(stack_of(symmetric_seeded, batch, n, dtype)):
        for fn in [eigh, eigh_upper, eigvalsh, eigvalsh_upper]:
            check_stack(fn, a)


def test_eigh_stack_errors():
    check_stack(eigh, np.ones((2, 2, 3)))  # LinAlgError: square
    check_stack(eigvalsh, np.ones((0, 3, 2)))


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("core", [(4, 3), (3, 4), (5, 5), (0, 3), (3, 0), (12, 7)], ids=str)
def test_svd_stacks(dtype, batch, core):
    for a in stack_layouts(stack_of(rand, batch, core, dtype)):
        for fn in [svd, svd_reduced, svd_values]:
            check_stack(fn, a)
        check_stack(svd_runtime_flag, a, False)
        check_stack(svd_runtime_flag, a, True)


def cond_of_a_vector(a):
    return np.linalg.cond(a)


def power_of_a_vector(a):
    return np.linalg.matrix_power(a, 2)


def cholesky_of_a_vector(a):
    return np.linalg.cholesky(a)


@pytest.mark.requires_jit
@pytest.mark.parametrize("fn", [cond_of_a_vector, power_of_a_vector, cholesky_of_a_vector])
def test_still_refused_at_compile_time(fn):
    # (Stacks of these: test_linalg_stacks_rest.py.)
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="1-dimensional array given"):
        oxjit.njit(fn)(np.ones(3))


def cholesky_of_temporary(a):
    return np.linalg.cholesky(a * 2)


def eigvalsh_of_temporary(a):
    return np.linalg.eigvalsh(a * 2)


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,args,raises",
    [(cholesky, (stack_of(spd_seeded, (3,), 4, np.float64),), None),
     (cholesky_of_temporary, (np.stack([np.eye(3), -np.eye(3)]),), np.linalg.LinAlgError),
     (qr, (stack_of(rand, (2, 2), (5, 3), np.complex64),), None),
     (qr_r, (stack_of(rand, (2,), (3, 5), np.float32),), None),
     (eig, (stack_of(real_spectrum_seeded, (3,), 4, np.float64),), None),
     (eig, (np.stack([np.eye(2), np.array([[0.0, -1.0], [1.0, 0.0]])]),), ValueError),
     (eigvals, (stack_of(rand, (3,), (4, 4), np.complex128),), None),
     (pinv, (stack_of(rand, (2, 3), (5, 3), np.float64),), None),
     (eigh, (stack_of(symmetric_seeded, (2, 2), 4, np.complex128),), None),
     (eigvalsh_of_temporary, (np.ones((2, 2, 3)),), np.linalg.LinAlgError),
     (svd, (stack_of(rand, (3,), (5, 3), np.float32),), None),
     (svd_values, (stack_of(rand, (3,), (3, 5), np.float64),), None)],
)  # fmt: skip
def test_stacks_do_not_leak(fn, args, raises):
    from test_nrt import assert_no_leak

    if raises is None:
        assert_no_leak(fn, *args)
    else:
        assert_no_leak(fn, *args, expect_raise=raises)


# --------------------------------------------------------------------------------------------
# property: any batch shape, any core shape


FNS = {
    "cholesky": cholesky,
    "qr": qr,
    "qr_complete": qr_complete,
    "eigvals": eigvals,
    "pinv": pinv,
    "eigvalsh": eigvalsh,
    "svd": svd_reduced,
}


@st.composite
def stacks(draw):
    batch = tuple(draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
    name = draw(st.sampled_from(sorted(FNS)))
    m = draw(st.integers(0, 5))
    n = m if name in ("cholesky", "eigvals", "eigvalsh") else draw(st.integers(0, 5))
    dtype = draw(st.sampled_from([np.float64, np.complex128, np.float32]))
    if name == "cholesky":
        a = stack_of(spd_seeded, batch, m, dtype)
    elif name == "eigvalsh":
        a = stack_of(symmetric_seeded, batch, m, dtype)
    elif name == "eigvals" and dtype is not np.complex128:
        a = stack_of(real_spectrum_seeded, batch, m, dtype)
    else:
        a = stack_of(rand, batch, (m, n), dtype)
    if draw(st.booleans()):
        a = np.swapaxes(np.ascontiguousarray(np.swapaxes(a, -1, -2)), -1, -2)
    return FNS[name], a


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stacks())
def test_stacks_property(case):
    fn, a = case
    check_stack(fn, a)
