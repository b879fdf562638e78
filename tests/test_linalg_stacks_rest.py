"""``np.linalg.{matrix_power, matrix_rank, cond, slogdet, norm}`` of stacks of matrices (arrays
of three or more dimensions) in compiled code, and ``norm`` with a pair of axes, compared with
NumPy bit for bit: each matrix goes through the code of a lone matrix, results are C-ordered
arrays of the batch shape (followed by the core dimensions for ``matrix_power``), checks NumPy
makes on the whole stack (square, empty matrices) come first, and an error in any matrix is the
call's, by class and message. ``lstsq`` takes no stacks in NumPy: its ``LinAlgError`` is raised.
"""

import numpy as np
import pytest
from conftest import jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_linalg import BLAS, WHY, outcome, random
from test_linalg_stacks import stack_layouts
from test_linalg_stacks_more import check_stack, stack_of

pytestmark = pytest.mark.skipif(BLAS is None, reason=f"NumPy's BLAS/LAPACK not found: {WHY}")

DTYPES = [np.float64, np.float32, np.complex128, np.complex64]
BATCHES = [(2,), (3, 2), (1,), (0,), (2, 1, 2)]


def dtype_id(d):
    return np.dtype(d).name


def well_conditioned(n, dtype, seed):
    a = random((n, n), dtype, seed)
    return (a + 2 * n * np.eye(n)).astype(dtype)


def rank_deficient(m, n, rank, dtype, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((m, rank)) @ rng.standard_normal((rank, n))
    return a.astype(dtype)


def hermitian(n, dtype, seed):
    a = random((n, n), dtype, seed)
    return ((a + a.conj().T) / 2).astype(dtype)


# --------------------------------------------------------------------------------------------
# matrix_power


def matrix_power(a, n):
    return np.linalg.matrix_power(a, n)


def power_minus_two(a):
    return np.linalg.matrix_power(a, -2)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("n", [0, 3])
def test_matrix_power_stacks(dtype, batch, n):
    a = stack_of(well_conditioned, batch, n, dtype)
    for k in range(-3, 6):
        check_stack(matrix_power, a, k)


@pytest.mark.parametrize("dtype", [np.float64, np.complex64], ids=dtype_id)
def test_matrix_power_stack_layouts(dtype):
    for a in stack_layouts(stack_of(well_conditioned, (3,), 4, dtype)):
        for k in (-2, -1, 0, 1, 2, 3, 7):
            check_stack(matrix_power, a, k)
    check_stack(matrix_power, stack_of(well_conditioned, (2,), 40, dtype) / 64, 6)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_], ids=dtype_id)
def test_matrix_power_integer_stacks(dtype):
    a = random((2, 3, 3, 3), dtype, 5)
    for k in range(6):
        check_stack(matrix_power, a, k)
    b = np.stack([np.array([[2, 1], [1, 1]]), np.array([[1, 1], [0, 1]])])
    check_stack(power_minus_two, b.astype(np.int64 if dtype is np.bool_ else dtype))


def test_matrix_power_stack_errors():
    check_stack(matrix_power, np.ones((2, 3, 4)), 2)  # LinAlgError: square
    check_stack(matrix_power, np.ones((0, 3, 4)), 2)  # the whole stack is checked
    singular = np.stack([np.eye(3), np.zeros((3, 3))])
    check_stack(matrix_power, singular, -1)  # LinAlgError: Singular matrix
    check_stack(matrix_power, singular, 2)


@pytest.mark.requires_jit
def test_matrix_power_stack_negative_run_time_exponent_of_integers():
    for a in (np.ones((2, 2, 2), np.int64), np.ones((0, 2, 2), np.int64)):
        ok, err = outcome(jitted(matrix_power), (a, -1))
        assert not ok and type(err) is ValueError and "negative exponent" in str(err), err


# --------------------------------------------------------------------------------------------
# matrix_rank


def matrix_rank(a):
    return np.linalg.matrix_rank(a)


def matrix_rank_tol(a, tol):
    return np.linalg.matrix_rank(a, tol)


def matrix_rank_rtol(a, rtol):
    return np.linalg.matrix_rank(a, rtol=rtol)


def matrix_rank_hermitian(a):
    return np.linalg.matrix_rank(a, hermitian=True)


def matrix_rank_hermitian_tol(a, tol):
    return np.linalg.matrix_rank(a, tol, True)


def matrix_rank_hermitian_rtol(a, rtol):
    return np.linalg.matrix_rank(a, hermitian=True, rtol=rtol)


def matrix_rank_both(a):
    return np.linalg.matrix_rank(a, 0.1, rtol=0.1)


def ranks_stack(batch, m, n, dtype):
    """Matrices of every rank up to min(m, n), in turn."""
    count = int(np.prod(batch))
    mats = [rank_deficient(m, n, k % (min(m, n) + 1), dtype, k) for k in range(count)]
    if not mats:
        return np.zeros(batch + (m, n), dtype)
    return np.stack(mats).reshape(batch + (m, n))


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=dtype_id)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (2, 6), (0, 0), (0, 3)], ids=str)
def test_matrix_rank_stacks(dtype, batch, shape):
    a = ranks_stack(batch, *shape, dtype)
    check_stack(matrix_rank, a)
    check_stack(matrix_rank_tol, a, 1e-3)
    check_stack(matrix_rank_tol, a, 2.5)
    check_stack(matrix_rank_rtol, a, 0.2)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=dtype_id)
def test_matrix_rank_hermitian(dtype):
    for shape in [(4, 4), (2, 5, 5), (3, 2, 3, 3), (0, 3, 3), (2, 0, 0)]:
        mats = [hermitian(shape[-1], dtype, s) for s in range(int(np.prod(shape[:-2])))]
        # Rank deficient: a zero row and column.
        a = np.stack(mats).reshape(shape) if mats else np.zeros(shape, dtype)
        if shape[-1]:
            a[..., 0, :] = 0
            a[..., :, 0] = 0
        for x in stack_layouts(a) if a.ndim > 2 else [a]:
            check_stack(matrix_rank_hermitian, x)
            check_stack(matrix_rank_hermitian_tol, x, 0.5)
            check_stack(matrix_rank_hermitian_rtol, x, 0.3)
    check_stack(matrix_rank_hermitian, np.ones((2, 3, 4), dtype))  # LinAlgError: square


def test_matrix_rank_stack_layouts_and_errors():
    for a in stack_layouts(ranks_stack((3,), 5, 4, np.float64)):
        check_stack(matrix_rank, a)
        check_stack(matrix_rank_rtol, a, 0.1)
    check_stack(matrix_rank_both, np.ones((2, 2, 2)))  # ValueError: both set
    check_stack(matrix_rank_both, np.ones((0, 2, 2)))


# --------------------------------------------------------------------------------------------
# cond


def make_cond(p):
    def cond_p(x):
        return np.linalg.cond(x, p)

    cond_p.__name__ = f"cond_{p}"
    return cond_p


P_ALL = [None, 2, -2, "fro", "nuc", 1, -1, np.inf, -np.inf]
COND = {p: make_cond(p) for p in P_ALL}


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=dtype_id)
@pytest.mark.parametrize("p", P_ALL, ids=str)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
def test_cond_stacks(dtype, p, batch):
    fn = COND[p]
    if np.dtype(dtype).kind == "c" and p in (1, -1, np.inf, -np.inf):
        return  # refused at compile time (as for one matrix): test_cond_complex_refused
    check_stack(fn, stack_of(well_conditioned, batch, 4, dtype))
    # Singular matrices (inf), as NumPy makes them; a matrix with a NaN stays NaN.
    odd = stack_of(well_conditioned, batch, 3, dtype)
    if odd.size:
        odd.reshape(-1, 3, 3)[0] = np.array([[1, 2, 0], [2, 4, 0], [0, 0, 1]])
        if np.dtype(dtype).kind in "fc":
            odd.reshape(-1, 3, 3)[-1, 1, 1] = np.nan
    check_stack(fn, odd)
    check_stack(fn, np.zeros(batch + (0, 0), dtype))  # LinAlgError: empty
    check_stack(fn, random(batch + (3, 5), dtype, 19))  # LinAlgError: square (not for 2, -2)


@pytest.mark.parametrize("p", P_ALL, ids=str)
def test_cond_stack_layouts(p):
    for a in stack_layouts(stack_of(well_conditioned, (3,), 5, np.float64)):
        check_stack(COND[p], a)
    for a in stack_layouts(stack_of(well_conditioned, (2,), 3, np.float32)):
        check_stack(COND[p], a)


@pytest.mark.requires_jit
@pytest.mark.parametrize("p", [1, -1, np.inf, -np.inf], ids=str)
def test_cond_complex_refused(p):
    import oxjit

    with pytest.raises(oxjit.errors.UnsupportedError, match="np.linalg.cond"):
        oxjit.njit(make_cond(p))(np.ones((2, 2, 2), np.complex128))


# --------------------------------------------------------------------------------------------
# slogdet (stacks since the first stack work; here: shapes, types and layouts more widely)


def slogdet(a):
    return np.linalg.slogdet(a)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=dtype_id)
@pytest.mark.parametrize("batch", BATCHES, ids=str)
@pytest.mark.parametrize("n", [0, 1, 4])
def test_slogdet_stacks(dtype, batch, n):
    a = stack_of(well_conditioned, batch, n, dtype)
    check_stack(slogdet, a)
    if a.size:
        a.reshape(-1, n, n)[-1] = 0  # a singular matrix: sign 0, log -inf
        check_stack(slogdet, a)


def test_slogdet_stack_layouts_and_errors():
    for a in stack_layouts(stack_of(well_conditioned, (3,), 5, np.complex128)):
        check_stack(slogdet, a)
    check_stack(slogdet, np.ones((2, 3, 4)))  # LinAlgError: square
    check_stack(slogdet, np.ones((0, 3, 4)))


# --------------------------------------------------------------------------------------------
# norm


def norm(x):
    return np.linalg.norm(x)


def make_norm(ord, axis, keepdims=False):
    def norm_ord(x):
        return np.linalg.norm(x, ord, axis, keepdims)

    norm_ord.__name__ = f"norm_{ord}_{axis}_{keepdims}"
    return norm_ord


ORDS_REAL = [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]
ORDS_COMPLEX = [None, "fro", "nuc", 2, -2]
AXES = [(-2, -1), (-1, -2), (0, 2), (2, 0), (1, 0)]
NORM = {(o, ax, k): make_norm(o, ax, k) for o in ORDS_REAL for ax in AXES for k in (False, True)}


@pytest.mark.parametrize("dtype", DTYPES + [np.int64, np.bool_], ids=dtype_id)
@pytest.mark.parametrize("shape", [(2, 3, 4), (3, 2, 2, 5), (0, 3, 3), (2, 0, 3), (4, 1, 1)],
                         ids=str)  # fmt: skip
def test_norm_of_larger_arrays(dtype, shape):
    a = random(shape, dtype, 21)
    for x in stack_layouts(a):
        check_stack(norm, x)
        check_stack(NORM[(None, (-2, -1), False)], x)
    check_stack(make_norm("fro", None), a)  # ValueError: Improper number of dimensions
    check_stack(make_norm(2, None), a)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=dtype_id)
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_norm_matrix_axes(dtype, axis, keepdims):
    ords = ORDS_COMPLEX if np.dtype(dtype).kind == "c" else ORDS_REAL
    # Empty stacks of empty matrices too: NumPy's amin over an empty axis raises all the same.
    shapes = [(3, 4, 5), (2, 3, 3), (0, 3, 2), (2, 3, 0), (0, 3, 0), (0, 0, 3)]
    shapes += [(4, 5)] if max(axis) < 2 else []
    for shape in shapes:
        if max(axis) >= len(shape):
            continue
        a = random(shape, dtype, 23)
        for x in stack_layouts(a) if a.ndim > 2 else [a, np.asfortranarray(a), a[::-1, ::2]]:
            for o in ords:
                check_stack(NORM[(o, axis, keepdims)], x)


@pytest.mark.requires_jit
def test_norm_axes_errors_at_compile_time():
    import oxjit

    with pytest.raises(oxjit.errors.TypingError, match="Duplicate axes given."):
        oxjit.njit(make_norm(None, (1, -2)))(np.ones((2, 3, 3)))
    with pytest.raises(
        oxjit.errors.TypingError, match="axis 3 is out of bounds for array of dimension 3"
    ):
        oxjit.njit(make_norm(None, (0, 3)))(np.ones((2, 3, 3)))
    with pytest.raises(oxjit.errors.UnsupportedError, match="axis="):
        oxjit.njit(make_norm(None, 1))(np.ones((2, 3, 3)))
    # As for one matrix without an axis: ord 1 of a complex matrix is not there yet.
    with pytest.raises((oxjit.errors.TypingError, oxjit.errors.UnsupportedError), match="ord=1"):
        oxjit.njit(make_norm(1, (0, 1)))(np.ones((2, 3, 3), np.complex128))


# --------------------------------------------------------------------------------------------
# lstsq: no stacks in NumPy (its LinAlgError, raised)


def lstsq(a, b):
    return np.linalg.lstsq(a, b)


def test_lstsq_refuses_stacks_as_numpy():
    check_stack(lstsq, np.ones((2, 3, 3)), np.ones((2, 3)))
    check_stack(lstsq, np.ones((2, 3, 3)), np.ones(3))
    check_stack(lstsq, np.ones((3, 3)), np.ones((2, 3, 3)))
    check_stack(lstsq, np.ones(3), np.ones(3))
    check_stack(lstsq, np.ones((1, 2, 3, 3), np.float32), np.ones((3, 1)))


# --------------------------------------------------------------------------------------------
# no leaks, also when raising


def norm_one_of_temporary(x):
    return np.linalg.norm(x * 2, 1)


def lstsq_of_temporary(a, b):
    return np.linalg.lstsq(a * 2, b)


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,args,raises",
    [(matrix_power, (stack_of(well_conditioned, (3,), 4, np.float64), 5), None),
     (matrix_power, (np.stack([np.eye(3), np.zeros((3, 3))]), -1), np.linalg.LinAlgError),
     (matrix_rank, (ranks_stack((3,), 4, 4, np.float64),), None),
     (matrix_rank_hermitian, (np.ones((2, 3, 4)),), np.linalg.LinAlgError),
     (COND[1], (stack_of(well_conditioned, (2,), 3, np.float64),), None),
     (COND["nuc"], (np.stack([np.eye(2), np.array([[1.0, 2.0], [2.0, 4.0]])]),), np.linalg.LinAlgError),
     (NORM[(2, (-2, -1), True)], (random((2, 3, 4), np.float64, 1),), None),
     (norm_one_of_temporary, (np.ones((2, 2, 2)),), ValueError),
     (lstsq_of_temporary, (np.ones((2, 3, 3)), np.ones(3)), np.linalg.LinAlgError)],
)  # fmt: skip
def test_no_leak(fn, args, raises):
    from test_nrt import assert_no_leak

    if raises is None:
        assert_no_leak(fn, *args)
    else:
        assert_no_leak(fn, *args, expect_raise=raises)


# --------------------------------------------------------------------------------------------
# property: any stack, any p


@st.composite
def cond_cases(draw):
    batch = tuple(draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
    n = draw(st.integers(1, 5))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64]))
    a = random(batch + (n, n), dtype, draw(st.integers(0, 2**16)))
    if draw(st.booleans()):
        a = np.swapaxes(a, -1, -2)
    return a, draw(st.sampled_from(P_ALL))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cond_cases())
def test_cond_rank_power_property(case):
    a, p = case
    check_stack(COND[p], a)
    check_stack(matrix_rank, a)
    check_stack(matrix_power, a, 3)


@st.composite
def norm_cases(draw):
    """Any array of 2 to 4 dimensions in any axis order (a transposed copy), maybe strided, and
    any pair of its axes with an ord NumPy takes for matrices."""
    nd = draw(st.integers(2, 4))
    shape = tuple(draw(st.integers(0, 4)) for _ in range(nd))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.complex128, np.complex64, np.int64]))
    a = random(shape, dtype, draw(st.integers(0, 2**16)))
    perm = draw(st.permutations(range(nd)))
    a = np.ascontiguousarray(np.transpose(a, perm)).transpose(np.argsort(perm))
    if draw(st.booleans()):
        a = np.repeat(a, 2, axis=draw(st.integers(0, nd - 1)))
        a = a[tuple(slice(None, None, draw(st.sampled_from([1, 2, -1]))) for _ in range(nd))]
    row = draw(st.integers(-nd, nd - 1))
    col = draw(st.integers(-nd, nd - 1).filter(lambda c: c % nd != row % nd))
    ords = ORDS_COMPLEX if np.dtype(dtype).kind == "c" else ORDS_REAL
    return a, draw(st.sampled_from(ords)), (row, col), draw(st.booleans())


# Fixed examples (derandomize): random ones found the known difference below, which made CI
# fail by chance; it is kept visible as its own strict xfail.
@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(norm_cases())
def test_norm_axes_property(case):
    a, o, axis, keepdims = case
    check_stack(make_norm(o, axis, keepdims), a)
    check_stack(norm, a)


@pytest.mark.xfail(
    strict=True,
    reason="known: NumPy's float32 sum of |x|^2 for a complex64 array with a reversed axis "
    "differs in the last bit from its sum for the same values laid out forwards; compiled code "
    "gives the forward result for both",
)
def test_norm_of_complex64_with_a_reversed_axis():
    x = np.array([[0.12573022 - 0.13210486j]], dtype=np.complex64)
    a = np.repeat(x, 2, axis=0)[::-1, ::1]
    check_stack(make_norm(None, (0, 1), False), a)
