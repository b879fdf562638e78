"""`np.einsum` compiled (a constant subscripts string, `optimize=False`), compared with NumPy:
the same dtype (NumPy's common dtype of the operands) and shape, integers and bools exactly,
floats bit for bit in `test_floats_bit_exact` (NumPy's axis order, its SIMD order of summing a
contiguous run along a summed innermost axis, its buffer's runs) and to a tight relative
tolerance elsewhere; NumPy's errors (class and message) for bad subscripts and shapes; the
refusals (`optimize=True`, `out=`, `dtype=`, a subscripts string not constant).

The result is a new C array (NumPy may return a view for one operand without a sum, or lay
the result out in its inputs' order), so values are compared after `np.ascontiguousarray`."""

import numpy as np
import oxjit
import oxjit._source
import pytest
from conftest import assert_diagnostic, compile_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(dtype)
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, 100, size=shape).astype(dtype)
    return (rng.standard_normal(shape) * 10).astype(dtype)


_CACHE = {}


def einsum_fn(sub, nop, wrap=False):
    """A function of `nop` operands calling einsum with the constant `sub`; `wrap`: the result
    (without axes) is wrapped in a 1-item array so that its dtype is compared."""
    key = (sub, nop, wrap)
    if key not in _CACHE:
        names = ", ".join(f"x{k}" for k in range(nop))
        ret = "np.full(1, r)" if wrap else "r"
        src = f"def f({names}):\n    r = np.einsum({sub!r}, {names})\n    return {ret}\n"
        ns = {"np": np}
        exec(compile(src, f"<einsum {sub}>", "exec"), ns)  # noqa: S102 - a constant per case
        oxjit._source.remember(ns["f"], src)
        _CACHE[key] = ns["f"]
    return _CACHE[key]


def run_both(sub, *ops):
    """NumPy's outcome and the compiled one: (ok, value or exception) each."""

    def outcome(fn):
        try:
            return True, fn(*ops)
        except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
            return False, exc

    try:
        wrap = np.ndim(np.einsum(sub, *ops)) == 0
    except ValueError:
        wrap = False
    fn = einsum_fn(sub, len(ops), wrap)
    return outcome(fn), outcome(oxjit.njit(fn))


def check(sub, *ops, exact=False):
    (ok_e, e), (ok_g, g) = run_both(sub, *ops)
    assert ok_e == ok_g, (sub, e, g)
    if not ok_e:
        assert type(e) is type(g) and str(e) == str(g), (sub, e, g)
        return
    assert g.dtype == e.dtype and g.shape == e.shape, (sub, e.dtype, g.dtype, e.shape, g.shape)
    e, g = np.ascontiguousarray(e), np.ascontiguousarray(g)
    if exact or e.dtype.kind not in "fc":
        assert np.array_equal(e, g), (sub, e, g)
    else:
        rtol = 1e-5 if e.dtype in (np.float32, np.complex64) else 1e-12
        scale = max(1.0, float(np.max(np.abs(e))) if e.size else 1.0)
        np.testing.assert_allclose(g, e, rtol=rtol, atol=rtol * scale)


# The subscripts and the shapes of the operands.
CASES = [
    ("i,i->", [(7,), (7,)]),
    ("i,i", [(50,), (50,)]),
    ("i,i->i", [(6,), (6,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("ij->ji", [(3, 4)]),
    ("ij", [(3, 4)]),
    ("ji", [(3, 4)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("iij->j", [(3, 3, 2)]),
    ("ij->", [(3, 5)]),
    ("ij->i", [(3, 5)]),
    ("ij->j", [(3, 5)]),
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ij,kj->ik", [(3, 4), (5, 4)]),
    ("ij,jk->ki", [(3, 4), (4, 5)]),
    ("ij,ij->ij", [(3, 4), (3, 4)]),
    ("ij,ij->", [(3, 4), (3, 4)]),
    ("ij,j->i", [(3, 4), (4,)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("ab,bc,cd->ad", [(2, 3), (3, 4), (4, 5)]),
    ("i,i,i->", [(6,), (6,), (6,)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("ijk,ikl->jl", [(2, 3, 4), (2, 4, 5)]),
    ("...i,...i->...", [(2, 3), (4, 1, 3)]),
    ("...ij,...jk", [(5, 2, 3), (4, 1, 3, 2)]),
    ("i...->...", [(2, 3, 4)]),
    ("...ii->...i", [(2, 3, 3)]),
    ("i,i->i", [(1,), (5,)]),
    ("Ba,aB", [(3, 4), (4, 3)]),
    ("ba", [(3, 4)]),
    ("i j , j", [(2, 3), (3,)]),
    ("i,i->", [(0,), (0,)]),
    ("ij,jk->ik", [(0, 3), (3, 2)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]),
]


@pytest.mark.parametrize("sub,shapes", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.complex128, np.bool_])
def test_subscripts(sub, shapes, dtype):
    ops = [sample(s, dtype, seed=k) for k, s in enumerate(shapes)]
    check(sub, *ops)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype(dtype):
    a, b = sample((4, 5), dtype, 1), sample((5, 3), dtype, 2)
    check("ij,jk->ik", a, b)
    check("ij,ij->", a, a)
    check("ii", sample((4, 4), dtype, 3))


@pytest.mark.parametrize(
    "da,db",
    [(np.int8, np.int16), (np.int8, np.uint8), (np.int64, np.uint64), (np.bool_, np.int8),
     (np.float32, np.int64), (np.float32, np.complex64), (np.int32, np.float32)],
)  # fmt: skip
def test_mixed_dtypes_promote_as_numpy(da, db):
    check("i,i->i", sample(5, da, 1), sample(5, db, 2))
    check("i,i", sample(5, da, 1), sample(5, db, 2))


def test_integers_wrap_as_numpy():
    a = np.full(3, 100, np.int8)
    check("i,i", a, np.full(3, 2, np.int8))
    check("i,i->i", np.full(3, 200, np.uint8), np.full(3, 3, np.uint8))


def test_numbers_as_operands():
    check("i,->i", sample(4, np.float64), 2.5)
    check("i,", sample(4, np.int64), 3)
    check(",", 2.0, 3.0)
    check("", np.array(4, np.int32))
    check("i,", sample(4, np.float32), np.array(2.5))


EXACT = [
    ("ij,jk->ik", [(20, 30), (30, 40)]),
    ("i,j->ij", [(5,), (6,)]),
    ("ij->ji", [(4, 5)]),
    ("i,i->i", [(9,), (9,)]),
    ("bij,bjk->bik", [(3, 4, 5), (3, 5, 6)]),
    ("ij,jk->ki", [(6, 7), (7, 8)]),
    # Summed innermost axes: NumPy's SIMD order (sum_of_arr, the contiguous dot) and its
    # buffer's runs of 8192 items, reproduced.
    ("i,i->", [(7,), (7,)]),
    ("i,i", [(20000,), (20000,)]),
    ("ij,kj->ik", [(6, 70), (8, 70)]),
    ("ij,ij->", [(30, 40), (30, 40)]),
    ("ij->i", [(3, 9000)]),
    ("ij->", [(50, 40)]),
    ("i,->", [(100,), ()]),
    ("ij->i", [(4, 13)]),
]


EXACT_CASES = [
    (sub, shapes, dtype)
    for sub, shapes in EXACT
    for dtype in (np.float64, np.float32, np.complex128)
]


@pytest.mark.parametrize("sub,shapes,dtype", EXACT_CASES)
def test_floats_bit_exact(sub, shapes, dtype):
    ops = [sample(s, dtype, seed=k) for k, s in enumerate(shapes)]
    check(sub, *ops, exact=True)


def test_layouts():
    a = sample((6, 8), np.float64)
    b = sample((8, 5), np.float64)
    check("ij,jk->ik", np.asfortranarray(a), b)
    check("ij,jk->ik", a[::2, 1::2], b[::2, :])
    check("ij,jk->ik", a.T, a)
    check("ii->i", a[:6, :6][::-1])


ERRORS = [
    ("i,i->i", [(2,), (3,)]),
    ("ij,jk", [(2, 3), (4, 2)]),
    ("...i,...i->...", [(2, 3), (4, 3, 3)]),
    ("ii->i", [(2, 3)]),
    ("ii->", [(2, 3)]),
    ("iij,jk", [(2, 3, 3), (3, 4)]),
    ("i,ij", [(2,), (3, 4)]),
    ("ij,j", [(2, 3), (4,)]),
]


@pytest.mark.parametrize("sub,shapes", ERRORS, ids=[e[0] for e in ERRORS])
def test_shape_errors_at_run_time(sub, shapes):
    check(sub, *[np.ones(s) for s in shapes])


SUBSCRIPT_ERRORS = [
    ("ij->k", [(2, 3)]),
    ("ij->ii", [(2, 3)]),
    ("ijk", [(2, 3)]),
    ("ij", [(2, 3, 4)]),
    ("i,j", [(2,)]),
    ("i", [(2,), (2,)]),
    ("i-j", [(2,)]),
    ("i1", [(2,)]),
    ("i.->", [(3,)]),
    ("i->i->i", [(3,)]),
    ("...i,...i->i", [(2, 3), (2, 3)]),
]


@pytest.mark.parametrize("sub,shapes", SUBSCRIPT_ERRORS, ids=[e[0] for e in SUBSCRIPT_ERRORS])
def test_subscript_errors_at_compile_time(sub, shapes):
    """NumPy's ValueError message, as a compile-time TypingError (the subscripts and the
    operands' dimensions are known then)."""
    ops = [np.ones(s) for s in shapes]
    with pytest.raises(ValueError) as info:
        np.einsum(sub, *ops)
    exc = compile_error(einsum_fn(sub, len(ops)), *ops)
    assert isinstance(exc, oxjit.errors.TypingError)
    assert str(info.value) in str(exc)


def opt_true(a, b):
    return np.einsum("ij,jk->ik", a, b, optimize=True)


def opt_greedy(a, b):
    return np.einsum("ij,jk->ik", a, b, optimize="greedy")


def with_out(a, b):
    return np.einsum("ij,jk->ik", a, b, out=a)


def with_dtype(a, b):
    return np.einsum("ij,jk->ik", a, b, dtype=np.float32)


def not_constant(s, a, b):
    return np.einsum(s, a, b)


def test_optimize_false_explicit():
    def f(a, b):
        return np.einsum("ij,jk->ik", a, b, optimize=False)

    a = sample((3, 4), np.float64)
    b = sample((4, 2), np.float64)
    assert np.array_equal(oxjit.njit(f)(a, b), f(a, b))


@pytest.mark.parametrize(
    "fn,snippet,word",
    [(opt_true, "np.einsum(", "optimize=False"), (opt_greedy, "np.einsum(", "optimize=False"),
     (with_out, "np.einsum(", "out="), (with_dtype, "np.einsum(", "dtype=")],
)  # fmt: skip
def test_refusals(fn, snippet, word):
    a = np.ones((2, 2))
    exc = compile_error(fn, a, a)
    msg = assert_diagnostic(exc, fn, snippet, oxjit.errors.UnsupportedError)
    assert word in msg


def test_subscripts_must_be_constant():
    a = np.ones((2, 2))
    exc = compile_error(not_constant, "ij,jk", a, a)
    msg = assert_diagnostic(exc, not_constant, "np.einsum(", oxjit.errors.UnsupportedError)
    assert "constant string" in msg


@pytest.mark.parametrize(
    "sub,shapes,dtypes",
    [("i,i", [(5,), (5,)], [np.int32, np.float64]), ("ij,jk->ik", [(3, 4), (4, 2)], [np.int8] * 2),
     ("i,i->i", [(2,), (3,)], [np.int8, np.float64])],
)  # fmt: skip
def test_no_leak(sub, shapes, dtypes):
    """The converted copies and the scalar result's array are given back, also when raising."""
    import gc

    from oxjit.runtime import get_allocation_stats

    f = oxjit.njit(einsum_fn(sub, len(shapes), sub == "i,i"))
    ops = [sample(s, d) for s, d in zip(shapes, dtypes)]

    def call():
        try:
            f(*ops)
        except ValueError:
            pass

    call()
    gc.collect()
    before = get_allocation_stats()
    for _ in range(10):
        call()
    gc.collect()
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


LETTERS = "abcd"


@st.composite
def contraction(draw):
    nop = draw(st.integers(1, 3))
    size = {c: draw(st.integers(0, 4)) for c in LETTERS}
    subs = [draw(st.lists(st.sampled_from(LETTERS), min_size=0, max_size=3)) for _ in range(nop)]
    used = sorted({c for s in subs for c in s})
    out = draw(st.permutations(used))
    out = out[: draw(st.integers(0, len(out)))]
    explicit = draw(st.booleans())
    sub = ",".join("".join(s) for s in subs) + ("->" + "".join(out) if explicit else "")
    shapes = [tuple(size[c] for c in s) for s in subs]
    dtype = draw(st.sampled_from([np.int32, np.float64, np.complex64]))
    return sub, [sample(s, dtype, seed=k) for k, s in enumerate(shapes)]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(contraction())
def test_random_contractions(case):
    sub, ops = case
    check(sub, *ops)
