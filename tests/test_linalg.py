"""Linear algebra in compiled code: ``@``, ``np.dot``/``a.dot``, ``np.matmul``, ``np.outer``,
``np.trace`` and ``np.linalg.{norm, solve, inv, det, slogdet, eigh, eigvalsh, svd, lstsq}``.

Compiled code calls NumPy's own BLAS/LAPACK down NumPy's own code paths, so every result is
compared with NumPy's bit for bit (dtype, shape, every bit of every element), for several sizes
(1x1, empty, non-square where allowed, large enough for blocked BLAS kernels), element types
(float64, float32, complex128, complex64, integers, mixed) and layouts (C, Fortran, strided
views, negative strides), and the errors (class and message) where NumPy raises.

Results are compared as NumPy returns them with NumPy scalars made Python numbers and NumPy's
named tuples (``EighResult``, ``SVDResult``, ``SlogdetResult``) plain tuples, since compiled
code returns Python numbers and tuples.
"""

import gc
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import numpy.linalg as la
import pytest
from conftest import USING_SHIM, jitted, pure_python, same_value
from numpy.linalg import det as linalg_det
from numpy.linalg import eigvalsh as linalg_eigvalsh
from numpy.linalg import norm as linalg_norm

if USING_SHIM:
    BLAS, WHY = "unused: the JIT is disabled", None
else:
    from oxjit import _blas

    BLAS, WHY = _blas.find()

pytestmark = pytest.mark.skipif(BLAS is None, reason=f"NumPy's BLAS/LAPACK not found: {WHY}")


# --------------------------------------------------------------------------------------------
# helpers


def plain(v):
    """NumPy scalars as Python numbers, named tuples as tuples (recursively)."""
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, tuple):
        return tuple(plain(x) for x in v)
    return v


def outcome(fn, args):
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, plain(fn(*args))
    except Exception as e:  # noqa: BLE001 - the exception is the outcome being compared
        return False, e


def check(fn, *args):
    """The compiled result equals NumPy's exactly (or the same exception and message)."""
    ok_e, expected = outcome(pure_python(fn), args)
    ok_g, got = outcome(jitted(fn), args)
    shapes = [getattr(a, "shape", a) for a in args]
    where = f"{fn.__name__}{tuple(shapes)} {[getattr(a, 'dtype', '') for a in args]}"
    assert ok_e == ok_g, f"{where}: NumPy {expected!r}, compiled {got!r}"
    if ok_e:
        assert same_value(expected, got), f"{where}:\nNumPy    {expected!r}\ncompiled {got!r}"
    else:
        assert type(expected) is type(got), f"{where}: NumPy {expected!r}, compiled {got!r}"
        assert str(expected) == str(got), f"{where}: NumPy {expected!r}, compiled {got!r}"
    return got


def random(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dt)
    if dt.kind == "f":
        return rng.standard_normal(shape).astype(dt)
    if dt.kind == "b":
        return rng.integers(0, 2, shape).astype(dt)
    if dt.kind == "u":
        return rng.integers(0, 10, shape).astype(dt)
    return rng.integers(-9, 10, shape).astype(dt)


def layouts(a, which=("C", "F", "strided", "reversed")):
    """The values of `a` as C and Fortran arrays, a strided view and a negative-stride view."""
    out = []
    for kind in which:
        if kind == "C":
            out.append(np.ascontiguousarray(a))
        elif kind == "F" and a.ndim == 2:
            out.append(np.asfortranarray(a))
        elif kind == "strided":
            big = np.zeros(tuple(3 * n for n in a.shape), a.dtype)
            view = big[tuple(slice(None, None, 3) for _ in a.shape)]
            view[...] = a
            out.append(view)
        elif kind == "reversed":
            flip = tuple(slice(None, None, -1) for _ in a.shape)
            out.append(a[flip].copy()[flip])
    return out


DTYPES = [np.float64, np.float32, np.complex128, np.complex64]
ALL_DTYPES = DTYPES + [np.int64, np.int32]


# --------------------------------------------------------------------------------------------
# products


def matmul_op(a, b):
    return a @ b


def dot_fn(a, b):
    return np.dot(a, b)


def dot_method(a, b):
    return a.dot(b)


def matmul_fn(a, b):
    return np.matmul(a, b)


def gram_matmul(a):
    return a @ a.T


def gram_dot(a):
    return np.dot(a.T, a)


PRODUCTS = [matmul_op, dot_fn, dot_method, matmul_fn]

SHAPE_PAIRS = [
    ((3, 4), (4, 5)),
    ((4,), (4,)),
    ((1,), (1,)),
    ((0,), (0,)),
    ((3, 4), (4,)),
    ((4,), (4, 5)),
    ((1, 4), (4, 1)),
    ((4, 1), (1, 4)),
    ((1, 1), (1, 5)),
    ((5, 1), (1,)),
    ((1,), (1, 5)),
    ((2, 0), (0, 3)),
    ((0, 3), (3, 2)),
    ((1, 1), (1, 1)),
    ((33, 65), (65, 17)),
    ((200,), (200,)),
    ((70, 150), (150,)),
]


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
@pytest.mark.parametrize("dtype", ALL_DTYPES + [np.bool_], ids=lambda d: np.dtype(d).name)
def test_products(fn, shapes, dtype):
    a = random(shapes[0], dtype, 1)
    b = random(shapes[1], dtype, 2)
    check(fn, a, b)


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "shapes",
    [((6, 7), (7, 5)), ((7,), (7, 5)), ((6, 7), (7,)), ((9,), (9,)), ((20, 70), (70, 30)),
     ((70,), (70, 30)), ((20, 70), (70,)), ((300,), (300,))],
    ids=str,
)  # fmt: skip
@pytest.mark.parametrize("dtype", [np.float64, np.complex64], ids=lambda d: np.dtype(d).name)
def test_products_layouts(fn, shapes, dtype):
    # Large enough that BLAS and NumPy's own loops round differently: each layout must take
    # NumPy's path (copies of non-BLAS operands, gemv/gemm transposition flags, plain loops).
    for a in layouts(random(shapes[0], dtype, 3)):
        for b in layouts(random(shapes[1], dtype, 4)):
            check(fn, a, b)


@pytest.mark.parametrize("fn", [gram_matmul, gram_dot], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_matrix_times_its_transpose(fn, dtype):
    # NumPy computes these with ?syrk (and mirrors the triangle): so must compiled code.
    for a in layouts(random((9, 5), dtype, 5)):
        check(fn, a)
    check(fn, random((40, 70), dtype, 6))


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "types", [(np.float32, np.float64), (np.int64, np.float64), (np.int32, np.complex128),
              (np.float32, np.complex64), (np.int8, np.uint8), (np.int64, np.uint64)],
    ids=str,
)  # fmt: skip
def test_products_mixed_types(fn, types):
    for sa, sb in [((5, 6), (6, 4)), ((6,), (6, 4)), ((5, 6), (6,)), ((6,), (6,))]:
        a = random(sa, types[0], 7)
        b = random(sb, types[1], 8)
        check(fn, a, b)
        check(fn, np.asfortranarray(a), b)


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "shapes",
    [((2, 3), (2, 3)), ((3,), (2,)), ((3,), (2, 3)), ((2, 3), (2,)), ((1, 2), (1,))],
    ids=str,
)
def test_products_shape_mismatch(fn, shapes):
    # ValueError with NumPy's messages (np.dot: "shapes (2,3) and (2,3) not aligned: ...").
    check(fn, np.ones(shapes[0]), np.ones(shapes[1]))


def test_product_with_nan_and_inf():
    a = np.array([[1.0, np.nan], [np.inf, 2.0]])
    b = np.array([[0.0, 1.0], [-np.inf, 3.0]])
    for fn in PRODUCTS:
        check(fn, a, b)
        check(fn, a[0], b)


def chained(a, b, c):
    return (a @ b) @ c + np.dot(a, b.dot(c))


def test_products_in_expressions():
    a, b, c = random((4, 5), np.float64, 1), random((5, 6), np.float64, 2), random(6, np.float64, 3)
    check(chained, a, b, c)


# --------------------------------------------------------------------------------------------
# outer, trace


def outer(a, b):
    return np.outer(a, b)


@pytest.mark.parametrize("dtype", ALL_DTYPES + [np.bool_, np.uint8], ids=lambda d: np.dtype(d).name)
def test_outer(dtype):
    for sa, sb in [((5,), (7,)), ((1,), (3,)), ((0,), (4,)), ((2, 3), (4,)), ((3,), (2, 2))]:
        for a in layouts(random(sa, dtype, 1), ("C", "F", "reversed")):
            check(outer, a, random(sb, dtype, 2))


def test_outer_mixed_types():
    check(outer, random(4, np.float32, 1), random(3, np.float64, 2))
    check(outer, random(4, np.int64, 1), random(3, np.complex128, 2))
    check(outer, random(4, np.float32, 1), random(3, np.complex64, 2))


def trace_fn(a):
    return np.trace(a)


def trace_method(a):
    return a.trace()


def trace_offset(a, k):
    return np.trace(a, k)


def trace_offset_kw(a, k):
    return a.trace(offset=k)


@pytest.mark.parametrize("dtype", ALL_DTYPES + [np.uint8, np.bool_], ids=lambda d: np.dtype(d).name)
def test_trace(dtype):
    for shape in [(1, 1), (3, 3), (4, 4), (5, 5), (3, 7), (7, 3), (0, 0), (9, 9), (64, 64),
                  (65, 65), (200, 200), (1000, 1000)]:  # fmt: skip
        for a in layouts(random(shape, dtype, 1)):
            check(trace_fn, a)
            check(trace_method, a)
    a = random((6, 8), dtype, 2)
    for k in [-7, -6, -2, 0, 1, 7, 8, 20]:
        check(trace_offset, a, k)
        check(trace_offset_kw, a, k)


# --------------------------------------------------------------------------------------------
# norm


def norm(x):
    return np.linalg.norm(x)


def norm_fro(x):
    return np.linalg.norm(x, "fro")


def norm_2(x):
    return np.linalg.norm(x, 2)


def norm_m2(x):
    return np.linalg.norm(x, -2)


def norm_nuc(x):
    return np.linalg.norm(x, ord="nuc")


def norm_1(x):
    return np.linalg.norm(x, 1)


def norm_inf(x):
    return np.linalg.norm(x, np.inf)


def norm_minf(x):
    return np.linalg.norm(x, ord=-np.inf)


def norm_0(x):
    return np.linalg.norm(x, 0)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_vector_norms(dtype):
    fns = [norm, norm_2] + (
        [] if np.dtype(dtype).kind == "c" else [norm_1, norm_inf, norm_minf, norm_0]
    )
    for n in [0, 1, 2, 7, 100, 1000]:
        for x in layouts(random(n, dtype, n)):
            for fn in fns:
                check(fn, x)


def norm_m1(x):
    return np.linalg.norm(x, -1)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_matrix_norms(dtype):
    fns = [norm, norm_fro, norm_2, norm_m2, norm_nuc]
    if np.dtype(dtype).kind != "c":
        # Sums of |x| along an axis: pairwise or row by row, as NumPy's iterator goes.
        fns += [norm_1, norm_m1, norm_inf, norm_minf]
    for shape in [(1, 1), (3, 3), (4, 7), (7, 4), (1, 5), (5, 1), (0, 3), (3, 0), (30, 20),
                  (300, 40)]:  # fmt: skip
        for x in layouts(random(shape, dtype, 9)):
            for fn in fns:
                check(fn, x)


def test_norm_special_values():
    for x in [np.array([np.nan, 1.0]), np.array([np.inf, -1.0]), np.array([-0.0]),
              np.array([1e200, 1e200]), np.array([[np.nan, 0.0], [1.0, 2.0]])]:  # fmt: skip
        for fn in [norm, norm_1, norm_inf, norm_minf, norm_0] if x.ndim == 1 else [norm, norm_fro]:
            check(fn, x)


# --------------------------------------------------------------------------------------------
# solve, inv, det, slogdet


def well_conditioned(n, dtype, seed=0):
    a = random((n, n), dtype, seed)
    return (a + n * np.eye(n, dtype=a.dtype)).astype(a.dtype)


def solve(a, b):
    return np.linalg.solve(a, b)


def inv(a):
    return np.linalg.inv(a)


def det(a):
    return np.linalg.det(a)


def slogdet(a):
    return np.linalg.slogdet(a)


def slogdet_unpacked(a):
    sign, logdet = np.linalg.slogdet(a)
    return sign * np.exp(logdet)


SIZES = [1, 2, 3, 5, 17, 40]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_solve(dtype):
    for n in SIZES:
        a = well_conditioned(n, dtype, n)
        for b in [random(n, dtype, 1), random((n, 1), dtype, 2), random((n, 3), dtype, 3)]:
            check(solve, a, b)
    a = well_conditioned(6, dtype)
    for a_view in layouts(a):
        for b in layouts(random((6, 2), dtype, 4)) + layouts(random(6, dtype, 5)):
            check(solve, a_view, b)


def test_solve_mixed_types():
    a = well_conditioned(4, np.float32)
    check(solve, a, random(4, np.float64, 1))
    check(solve, a, random(4, np.float32, 1))
    check(solve, a, random((4, 2), np.complex64, 1))
    check(solve, well_conditioned(4, np.int64), random(4, np.float32, 1))


def test_solve_errors():
    check(solve, np.zeros((3, 3)), np.ones(3))  # LinAlgError: Singular matrix
    check(solve, np.ones((2, 3)), np.ones(2))  # not square
    check(solve, np.eye(3), np.ones(2))  # solve1 gufunc mismatch
    check(solve, np.eye(3), np.ones((2, 2)))  # solve gufunc mismatch
    check(solve, np.eye(0), np.ones(0))
    check(solve, np.eye(3), np.ones((3, 0)))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_inv(dtype):
    for n in SIZES:
        check(inv, well_conditioned(n, dtype, n))
    for a in layouts(well_conditioned(5, dtype, 3)):
        check(inv, a)


def test_inv_errors():
    check(inv, np.zeros((2, 2)))
    check(inv, np.array([[1.0, 2.0], [2.0, 4.0]]))
    check(inv, np.ones((2, 3)))
    check(inv, np.zeros((0, 0)))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_det_and_slogdet(dtype):
    for n in [0, 1, 2, 3, 4, 7, 30]:
        for a in [random((n, n), dtype, n), well_conditioned(n, dtype, n)]:
            for fn in [det, slogdet]:
                check(fn, a)
            if dtype in (np.float64, np.complex128):
                # (float32: np.exp of a float32 scalar is a ufunc matter, not linear algebra)
                check(slogdet_unpacked, a)
    for a in layouts(random((5, 5), dtype, 11)):
        for fn in [det, slogdet]:
            check(fn, a)


def test_det_special_cases():
    for a in [np.zeros((3, 3)), np.ones((3, 3)), np.array([[0.0, 1.0], [1.0, 0.0]]),
              np.eye(500) * 0.1, np.array([[np.nan, 1.0], [1.0, 1.0]]),
              np.array([[2.0, 0.0], [0.0, -3.0]], dtype=np.float32)]:  # fmt: skip
        for fn in [det, slogdet]:
            check(fn, a)
    check(det, np.ones((2, 3)))
    check(slogdet, np.ones((3, 2)))


# --------------------------------------------------------------------------------------------
# eigh, eigvalsh


def symmetric(n, dtype, seed=0):
    a = random((n, n), dtype, seed)
    return (a + a.conj().T).astype(a.dtype)


def eigh(a):
    return np.linalg.eigh(a)


def eigh_upper(a):
    return np.linalg.eigh(a, UPLO="U")


def eigvalsh(a):
    return np.linalg.eigvalsh(a)


def eigvalsh_upper(a):
    return np.linalg.eigvalsh(a, "u")


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_eigh(dtype):
    for n in [0, 1, 2, 3, 8, 30, 70]:
        a = symmetric(n, dtype, n)
        for fn in [eigh, eigh_upper, eigvalsh, eigvalsh_upper]:
            check(fn, a)
    # Not symmetric: the triangle UPLO names is what counts.
    for a in layouts(random((6, 6), dtype, 4)):
        for fn in [eigh, eigh_upper, eigvalsh, eigvalsh_upper]:
            check(fn, a)


def test_eigh_errors():
    check(eigh, np.ones((2, 3)))
    check(eigvalsh, np.ones((3, 2)))


# --------------------------------------------------------------------------------------------
# svd


def svd(a):
    return np.linalg.svd(a)


def svd_reduced(a):
    return np.linalg.svd(a, full_matrices=False)


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


def svd_runtime_flag(a, full):
    u, s, vh = np.linalg.svd(a, full)
    return u, s, vh


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_svd(dtype):
    for shape in [(1, 1), (3, 3), (5, 3), (3, 5), (1, 4), (4, 1), (0, 3), (3, 0), (0, 0), (40, 25),
                  (25, 60)]:  # fmt: skip
        a = random(shape, dtype, sum(shape))
        for fn in [svd, svd_reduced, svd_values]:
            check(fn, a)
        check(svd_runtime_flag, a, False)
    for a in layouts(random((6, 4), dtype, 1)):
        for fn in [svd, svd_reduced, svd_values]:
            check(fn, a)


def test_svd_rank_deficient():
    a = np.outer(np.arange(1.0, 6.0), np.arange(1.0, 4.0))
    for fn in [svd, svd_reduced, svd_values]:
        check(fn, a)
        check(fn, np.zeros((3, 4)))


# --------------------------------------------------------------------------------------------
# lstsq


def lstsq(a, b):
    return np.linalg.lstsq(a, b)


def lstsq_rcond(a, b, rcond):
    return np.linalg.lstsq(a, b, rcond=rcond)


def lstsq_solution(a, b):
    x, _res, rank, _s = np.linalg.lstsq(a, b)
    return x, rank


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_lstsq(dtype):
    for m, n in [(6, 3), (3, 6), (4, 4), (1, 1), (1, 3), (3, 1), (40, 7)]:
        a = random((m, n), dtype, m + n)
        for b in [random(m, dtype, 1), random((m, 2), dtype, 2), random((m, 1), dtype, 3),
                  random((m, 0), dtype, 4)]:  # fmt: skip
            check(lstsq, a, b)
        check(lstsq_solution, a, random(m, dtype, 5))
    for a in layouts(random((7, 4), dtype, 6)):
        for b in layouts(random((7, 2), dtype, 7)):
            check(lstsq, a, b)


def test_lstsq_rank_deficient_and_rcond():
    a = np.outer(np.arange(1.0, 7.0), [1.0, 2.0, 3.0]) + np.eye(6, 3) * 1e-9
    b = np.arange(6.0)
    check(lstsq, a, b)
    for rcond in [-1.0, 1e-3, 1e-12, 0.5, 0]:
        check(lstsq_rcond, a, b, rcond)
    check(lstsq_rcond, a, b, None)
    check(lstsq, np.zeros((4, 2)), np.ones(4))
    check(lstsq, np.ones((0, 2)), np.ones(0))
    check(lstsq, np.ones((3, 0)), np.ones(3))


def test_lstsq_mixed_and_errors():
    check(lstsq, random((5, 3), np.float32, 1), random(5, np.float64, 2))
    check(lstsq, random((5, 3), np.int64, 1), random((5, 2), np.complex64, 2))
    check(lstsq, np.ones((3, 2)), np.ones(2))  # LinAlgError: Incompatible dimensions
    check(lstsq, np.ones((3, 2)), np.ones((4, 1)))


# --------------------------------------------------------------------------------------------
# how the functions can be named


def by_alias(a, b):
    return la.solve(a, b), la.inv(a)


def by_imported_name(a, b):
    return linalg_det(a) + linalg_norm(b), linalg_eigvalsh(a + a.T)


def test_functions_by_other_names():
    # `import numpy.linalg as la`, `from numpy.linalg import det`, `np.matmul` by name.
    a = well_conditioned(3, np.float64)
    check(by_alias, a, np.ones(3))
    check(by_imported_name, a, np.arange(4.0))


# --------------------------------------------------------------------------------------------
# references: results are new arrays, temporaries are freed, also when raising


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


def many_temporaries(a, b):
    total = 0.0
    for _ in range(3):
        x = np.linalg.solve(a, b)
        _u, s, _vh = np.linalg.svd(a)
        w, _v = np.linalg.eigh(a @ a.T)
        r = np.linalg.lstsq(a, b)
        total += x[0] + s[0] + w[0] + r[0][0] + np.linalg.inv(a)[0, 0] + np.dot(a, b)[0]
        total += np.outer(b, b)[0, 0] + np.linalg.norm(a @ a) + np.linalg.det(a)
    return total


def raise_after_temporaries(a, b):
    keep = a @ a
    x = np.linalg.solve(keep, b)  # singular when `a` is: raises with `keep` alive
    return x, keep


def raise_in_callee_result(a):
    t = (np.linalg.inv(a), np.linalg.svd(a, compute_uv=False))
    return t[1]


@pytest.mark.requires_jit
def test_no_leaks():
    a = well_conditioned(5, np.float64)
    b = np.arange(5.0)
    for fn, args, exc in [
        (many_temporaries, (a, b), None),
        (raise_after_temporaries, (a, b), None),
        (raise_after_temporaries, (np.zeros((5, 5)), b), np.linalg.LinAlgError),
        (raise_in_callee_result, (a,), None),
        (raise_in_callee_result, (np.zeros((5, 5)),), np.linalg.LinAlgError),
        (lstsq, (a, np.ones((4, 1))), np.linalg.LinAlgError),
        (matmul_op, (a, np.ones(4)), ValueError),
    ]:
        f = jitted(fn)

        def call(f=f, args=args, exc=exc):
            if exc is None:
                return f(*args)
            with pytest.raises(exc):
                f(*args)

        call()
        before = stats()
        for _ in range(10):
            result = call()
            del result
        after = stats()
        assert after.alloc - before.alloc == after.free - before.free, (fn.__name__, before, after)
        if exc is None:
            assert after.alloc > before.alloc, fn.__name__


@pytest.mark.requires_jit
def test_results_own_their_memory():
    a = well_conditioned(4, np.float64)
    u, _s, _vh = jitted(svd)(a)
    assert u.flags.c_contiguous and u.flags.owndata is False and u.base is not None
    x = jitted(inv)(a)
    del a
    gc.collect()
    assert np.array_equal(x, jitted(inv)(well_conditioned(4, np.float64)))


# --------------------------------------------------------------------------------------------
# what is not supported is a compile-time error


def power_of_vector(a):
    return np.linalg.matrix_power(a, 2)  # a matrix or a stack of them


def hermitian_svd(a):
    return np.linalg.svd(a, hermitian=True)


def norm_axis(a):
    return np.linalg.norm(a, axis=0)


def scalar_matmul(a):
    return 2.0 @ a


def inplace_matmul(a):
    a @= a
    return a


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "fn,arg",
    [(power_of_vector, np.ones(2)), (hermitian_svd, np.eye(2)), (norm_axis, np.eye(2)),
     (scalar_matmul, np.eye(2)), (inplace_matmul, np.eye(2))],
)  # fmt: skip
def test_unsupported_is_a_compile_error(fn, arg):
    import oxjit

    with pytest.raises(oxjit.errors.CompilerError):
        oxjit.njit(fn)(arg)


@pytest.mark.requires_jit
def test_missing_blas_is_a_clear_compile_error(tmp_path):
    # A process where oxjit._blas finds nothing: compiling a call that needs the library fails
    # with an error that says what was looked for; integer products still compile.
    script = tmp_path / "noblas.py"
    script.write_text(
        textwrap.dedent("""
        import numpy as np
        import oxjit, oxjit._blas

        def nothing(names):
            raise ImportError("NumPy's BLAS/LAPACK was not found: looked for scipy_dgemm_64_")

        oxjit._blas.addresses = nothing

        @oxjit.njit
        def f(a):
            return np.linalg.inv(a)

        @oxjit.njit
        def g(a):
            return a @ a

        print(g(np.ones((2, 2), dtype=np.int64)).tolist())
        try:
            f(np.eye(2))
        except oxjit.errors.UnsupportedError as e:
            print(str(e))
    """)
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60, check=True).stdout  # fmt: skip
    assert out.startswith("[[2, 2], [2, 2]]\n"), out
    assert "numpy.linalg.inv needs NumPy's BLAS/LAPACK" in out, out
    assert "scipy_dgemm_64_" in out and "np.linalg.inv(a)" in out, out
