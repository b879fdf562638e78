"""Linear algebra on stacks of matrices in compiled code: ``a @ b`` / ``np.matmul`` of arrays of
three or more dimensions (the batch dimensions broadcast, a vector operand on either side) and
``np.linalg.{solve, inv, det, slogdet}`` of stacks (``solve`` with NumPy 2's rule for ``b``: a
vector only when it has one dimension), compared with NumPy bit for bit: each matrix of a stack
goes down the code path NumPy takes for it; the errors (class and message) where NumPy raises.
"""

import numpy as np
import pytest
from conftest import jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_linalg import BLAS, WHY, check, random

pytestmark = pytest.mark.skipif(BLAS is None, reason=f"NumPy's BLAS/LAPACK not found: {WHY}")

DTYPES = [np.float64, np.float32, np.complex128, np.complex64]


def matmul_op(a, b):
    return a @ b


def matmul_fn(a, b):
    return np.matmul(a, b)


def stack_layouts(a):
    """C order, Fortran order, a strided view and a view with the batch axis moved last."""
    big = np.zeros(tuple(2 * n for n in a.shape), a.dtype)
    strided = big[tuple(slice(None, None, 2) for _ in a.shape)]
    strided[...] = a
    moved = np.moveaxis(np.ascontiguousarray(np.moveaxis(a, 0, -1)), -1, 0)
    return [np.ascontiguousarray(a), np.asfortranarray(a), strided, moved]


MATMUL_SHAPES = [
    ((2, 3, 4), (2, 4, 5)),
    ((2, 3, 4), (4, 5)),
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (5, 4, 2)),
    ((4,), (2, 4, 5)),
    ((2, 3, 4), (4,)),
    ((1, 3, 4), (6, 4, 1)),
    ((2, 1, 4), (2, 4, 1)),
    ((0, 3, 4), (4, 5)),
    ((2, 3, 0), (2, 0, 5)),
    ((3, 20, 70), (3, 70, 30)),
]


@pytest.mark.parametrize("fn", [matmul_op, matmul_fn], ids=lambda f: f.__name__)
@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES + [np.int64, np.bool_], ids=lambda d: np.dtype(d).name)
def test_matmul_stacks(fn, shapes, dtype):
    a = random(shapes[0], dtype, 1)
    b = random(shapes[1], dtype, 2)
    check(fn, a, b)


@pytest.mark.parametrize("dtype", [np.float64, np.complex64], ids=lambda d: np.dtype(d).name)
def test_matmul_stack_layouts(dtype):
    for a in stack_layouts(random((3, 6, 7), dtype, 3)):
        for b in stack_layouts(random((3, 7, 5), dtype, 4)):
            check(matmul_op, a, b)
        check(matmul_op, a, a.transpose(0, 2, 1))
    for a in stack_layouts(random((2, 3, 6, 7), dtype, 3)):
        check_stack(matmul_op, a, random((7, 5), dtype, 4))


def test_matmul_stack_mixed_types_and_errors():
    check(matmul_op, random((2, 3, 4), np.float32, 5), random((4, 2), np.float64, 6))
    check(matmul_op, random((2, 3, 4), np.int32, 5), random((2, 4, 2), np.complex64, 6))
    check(matmul_op, np.ones((2, 3, 4)), np.ones((3, 4, 5)))  # batch dims do not broadcast
    check(matmul_op, np.ones((2, 3, 4)), np.ones((3, 5)))  # core mismatch
    check(matmul_op, np.ones((4,)), np.ones((3, 5, 6)))


def matmul_in_loop(a, b):
    total = np.zeros((a.shape[1], b.shape[2]))
    for _ in range(3):
        total += (a @ b)[0]
    return total


def test_matmul_stack_in_expressions():
    check(matmul_in_loop, random((2, 3, 4), np.float64, 7), random((2, 4, 4), np.float64, 8))


# --------------------------------------------------------------------------------------------
# solve, inv, det, slogdet


def batch_in_c_order(x):
    """Whether the batch dimensions of `x` are laid out in C order (NumPy's gufuncs lay out a
    result's batch dimensions in its inputs' memory order; compiled results are C-ordered)."""
    strides = [abs(s) for s, n in zip(x.strides[:-2], x.shape[:-2]) if n > 1]
    return strides == sorted(strides, reverse=True)


def check_stack(fn, *args):
    """`check`, or, where the batch dimensions of an input are not in C order, the same values,
    dtype and shape in a C-ordered result."""
    if all(batch_in_c_order(a) for a in args if a.ndim > 2):
        return check(fn, *args)
    expected, got = fn(*args), jitted(fn)(*args)
    pairs = zip(expected, got) if isinstance(got, tuple) else [(expected, got)]
    for e, g in pairs:
        assert e.dtype == g.dtype and g.flags.c_contiguous, (e, g)
        assert np.array_equal(e, g), (e, g)


def well_conditioned_stack(shape, dtype, seed):
    a = random(shape, dtype, seed)
    n = shape[-1]
    return (a + 2 * n * np.eye(n)).astype(dtype)


def solve(a, b):
    return np.linalg.solve(a, b)


def inv(a):
    return np.linalg.inv(a)


def det(a):
    return np.linalg.det(a)


def slogdet(a):
    return np.linalg.slogdet(a)


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(2, 3, 3), (2, 2, 4, 4), (1, 1, 1), (0, 3, 3), (3, 0, 0),
                                   (4, 40, 40)], ids=str)  # fmt: skip
def test_unary_stacks(dtype, shape):
    a = well_conditioned_stack(shape, dtype, 9)
    for x in stack_layouts(a):
        check_stack(inv, x)
        check_stack(det, x)
        check_stack(slogdet, x)


def test_unary_stack_errors():
    singular = np.stack([np.eye(3), np.zeros((3, 3))])
    check(inv, singular)  # LinAlgError: Singular matrix
    check(det, singular)
    check(slogdet, singular)
    check(inv, np.ones((2, 3, 4)))  # LinAlgError: square
    check(det, np.ones((2, 3, 4)))


SOLVE_SHAPES = [
    ((2, 3, 3), (2, 3, 2)),
    ((2, 3, 3), (3,)),
    ((2, 3, 3), (3, 1)),
    ((3, 3), (4, 3, 2)),
    ((2, 1, 3, 3), (5, 3, 1)),
    ((2, 3, 3), (1, 3, 4)),
    ((0, 3, 3), (3,)),
    ((4, 30, 30), (4, 30, 7)),
]


@pytest.mark.parametrize("dtype", DTYPES + [np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shapes", SOLVE_SHAPES, ids=str)
def test_solve_stacks(dtype, shapes):
    a = well_conditioned_stack(shapes[0], dtype, 10)
    b = random(shapes[1], dtype, 11)
    check(solve, a, b)
    if a.ndim > 2:
        for x in stack_layouts(a):
            check_stack(solve, x, b)


def test_solve_stack_numpy2_rule_and_errors():
    a = well_conditioned_stack((2, 3, 3), np.float64, 12)
    # NumPy 2: a 2-d b is a stack of matrices, not of vectors: (2, 3) against (2, 3, 3) is a
    # mismatch of its core dimension.
    check(solve, a, np.ones((2, 3)))
    check(solve, a, np.ones((4,)))  # solve1 mismatch
    check(solve, a, np.ones((4, 3, 1)))  # batch dims do not broadcast
    check(solve, np.stack([np.eye(3), np.zeros((3, 3))]), np.ones(3))  # Singular matrix
    check(solve, np.ones((2, 3, 4)), np.ones(3))  # square


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,args,raises",
    [(inv, (well_conditioned_stack((3, 4, 4), np.float64, 13),), None),
     (inv, (np.stack([np.eye(3), np.zeros((3, 3))]),), np.linalg.LinAlgError),
     (slogdet, (well_conditioned_stack((3, 4, 4), np.complex64, 13),), None),
     (solve, (np.stack([np.eye(3), np.zeros((3, 3))]), np.ones(3)), np.linalg.LinAlgError),
     (matmul_op, (np.ones((2, 3, 4)), np.ones((4, 5), np.float32)), None)],
)  # fmt: skip
def test_stacks_do_not_leak(fn, args, raises):
    from test_nrt import assert_no_leak

    if raises is None:
        assert_no_leak(fn, *args)
    else:
        assert_no_leak(fn, *args, expect_raise=raises)


# --------------------------------------------------------------------------------------------
# property: any broadcastable batch shapes


@st.composite
def matmul_operands(draw):
    """Two stacks whose batch dimensions broadcast (some 1s, some missing), random cores."""
    batch = draw(st.lists(st.integers(1, 3), min_size=0, max_size=3))
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))

    def own(shape):
        cut = draw(st.integers(0, len(shape)))
        return [1 if draw(st.booleans()) else d for d in shape[cut:]]

    a_shape, b_shape = own(batch) + [n, k], own(batch) + [k, m]
    if len(a_shape) == 2 and len(b_shape) == 2:
        a_shape = [2] + a_shape
    dtype = draw(st.sampled_from([np.float64, np.float32, np.complex128, np.int64]))
    seed = draw(st.integers(0, 2**16))
    a, b = random(tuple(a_shape), dtype, seed), random(tuple(b_shape), dtype, seed + 1)
    if draw(st.booleans()):
        a = np.swapaxes(np.ascontiguousarray(np.swapaxes(a, -1, -2)), -1, -2)
    return a, b


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matmul_operands())
def test_matmul_stacks_property(operands):
    check(matmul_op, *operands)
