"""Python reference counts around compiled calls: arrays passed in come back with the reference
count they had, whatever the function does with them (returns them, views of them, tuples or
optionals holding them, raises, loops, calls to other compiled functions), and what is returned
keeps alive exactly what NumPy's own result would: every count is compared with the pure-Python
function's on its own copy of the arguments."""

import gc
import sys
import weakref

import numpy as np
import oxjit
import pytest
from _argclone import Snapshot, arrays_in
from conftest import JIT_DISABLED, jitted, pure_python


def ident(a):
    return a


def whole_view(a):
    return a[:]


def tail_view(a):
    return a[1:]


def strided_view(a):
    return a[::-2]


def row_view(a):
    return a[1]


def transposed(a):
    return a.T


def made_inside(a):
    return np.zeros(a.shape[0])


def view_of_made_inside(a):
    b = a * 2.0
    return b[1:]


def views_of_made_inside_die(a):
    b = a * 2.0
    s = 0.0
    for i in range(3):
        v = b[i:]
        s += v[0]
    return s, b[::2]


def scalar_only(a):
    return a[0] + a[-1]


def tuple_of_arrays(a, b):
    return a, b[1:], (a.T, np.ones(2)), len(a)


def optional_array(a, n):
    if n > 0:
        return a[n:]
    return None


def optional_argument(a, n):
    r = None
    if n > 1:
        r = a
    return r


def raises_after_view(a, n):
    v = a[1:]
    if n > 0:
        raise ValueError("no")
    return v


def last_row_in_loop(a):
    last = a[0]
    for row in a:
        if row[0] > -1.0:
            last = row
    return last


def loop_of_views(a, n):
    s = 0.0
    for i in range(n):
        v = a[i % a.shape[0] :]
        s += v[0]
    return s


def views_swapped_in_loop(a, b, n):
    x, y = a[::1], b[::1]
    for _ in range(n):
        x, y = y[::1], x
    return x, y


@oxjit.njit
def callee_view(a):
    return a[1:]


@oxjit.njit
def callee_ident(a):
    return a


def calls_between_compiled(a, b):
    return callee_view(a), callee_ident(b), callee_view(callee_view(a))


def readonly_global_view():
    return FROZEN[1:]


FROZEN = np.arange(5.0)


# (function, arguments): the 1-d arrays are float64, `m` 2-d.
def _cases():
    v = np.arange(6.0)
    m = np.arange(12.0).reshape(3, 4)
    w = np.arange(20.0)[::2]  # a view argument: NumPy's views of it have its base as base
    f = np.asfortranarray(m)
    return [
        (ident, (v,)),
        (ident, (w,)),
        (whole_view, (v,)),
        (whole_view, (w,)),
        (tail_view, (v,)),
        (tail_view, (w,)),
        (tail_view, (f,)),
        (strided_view, (v,)),
        (row_view, (m,)),
        (transposed, (m,)),
        (transposed, (f,)),
        (made_inside, (v,)),
        (view_of_made_inside, (v,)),
        (views_of_made_inside_die, (v,)),
        (scalar_only, (v,)),
        (tuple_of_arrays, (v, m)),
        (tuple_of_arrays, (v, v)),
        (optional_array, (v, 2)),
        (optional_array, (v, 0)),
        (optional_argument, (v, 2)),
        (optional_argument, (v, 0)),
        (raises_after_view, (v, 1)),
        (raises_after_view, (v, 0)),
        (last_row_in_loop, (m,)),
        (loop_of_views, (v, 20)),
        (views_swapped_in_loop, (v, w, 3)),
        (views_swapped_in_loop, (v, w, 4)),
        (calls_between_compiled, (v, w)),
        (readonly_global_view, ()),
    ]


CASES = _cases()
IDS = [f"{fn.__name__}-{i}" for i, (fn, _) in enumerate(CASES)]


def _call(fn, args):
    try:
        return fn(*args)
    except ValueError:
        return None


def _owners(args):
    """The arrays of the arguments and the objects whose memory they use (their bases)."""
    out = []
    for a in arrays_in(args):
        out.append(a)
        if a.base is not None:
            out.append(a.base)
    return out


def _counts(objs):
    gc.collect()
    return [sys.getrefcount(o) for o in objs]


def _blocks_alive():
    """The runtime's memory blocks not freed yet (0 when running as plain Python)."""
    if JIT_DISABLED:
        return 0
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    stats = get_allocation_stats()
    return stats.alloc - stats.free


def _deltas_over_calls(fn, args, repeat):
    """Reference counts of the arguments (and their bases) after `repeat` calls whose results are
    dropped, minus before; then the change in the runtime's blocks alive."""
    owners = _owners(args)
    _call(fn, args)  # compiles
    before = _counts(owners)
    blocks = _blocks_alive()
    for _ in range(repeat):
        _call(fn, args)
    return [b - a for a, b in zip(before, _counts(owners))] + [_blocks_alive() - blocks]


@pytest.mark.parametrize("fn, args", CASES, ids=IDS)
def test_arguments_keep_their_reference_counts(fn, args):
    snapshot = Snapshot(args, {})
    py_args, _ = snapshot.materialize()
    jit_args, _ = snapshot.materialize()
    expected = _deltas_over_calls(pure_python(fn), py_args, 50)
    got = _deltas_over_calls(jitted(fn), jit_args, 50)
    assert expected == [0] * len(expected)
    assert got == expected, f"{fn.__name__}: reference counts changed by {got} over 50 calls"


def _whole(r, a):
    """Whether `r` is all of `a`: same data, dtype, shape and strides."""
    return (r.ctypes.data, r.dtype, r.shape, r.strides) == (a.ctypes.data, a.dtype, a.shape,
                                                           a.strides)  # fmt: skip


def _held_while_result_lives(fn, args):
    """What one result holds on to: the change in the reference counts of the arguments and their
    bases while the result is alive (and whether they come back after it is dropped), and for
    each result array what it is: ("arg", i) the argument or base i itself, ("view", i) a view
    whose base is it, ("new",) memory of its own, with its reference count."""
    owners = _owners(args)
    _call(fn, args)
    before = _counts(owners)
    result = _call(fn, args)
    during = _counts(owners)
    kinds = []
    r = None
    for r in arrays_in(result):
        if any(r is o for o in owners):
            i = next(i for i, o in enumerate(owners) if r is o)
            kinds.append(("arg", i, None))
        elif any(r.base is o for o in owners):
            i = next(i for i, o in enumerate(owners) if r.base is o)
            whole = next((k for k, o in enumerate(owners) if _whole(r, o)), None)
            kinds.append(("view", i, whole, sys.getrefcount(r)))
        else:
            kinds.append(("new", sys.getrefcount(r)))
    del result, r
    after = _counts(owners)
    return [d - b for b, d in zip(before, during)], kinds, after == before


def _normalized(held, kinds):
    """A view that is the whole of an argument counts as that argument: compiled code returns the
    argument object itself there (as Numba does: `return a[:]` gives `a`), where NumPy makes a
    new view of it, whose base (the argument's own base when the argument is a view) then holds
    the reference that the argument holds in compiled code."""
    held = list(held)
    out = []
    for kind in kinds:
        if kind[0] == "view" and kind[2] is not None:
            held[kind[1]] -= 1
            held[kind[2]] += 1
            kind = ("arg", kind[2], None)
        out.append(kind)
    return held, out


@pytest.mark.parametrize("fn, args", CASES, ids=IDS)
def test_results_keep_alive_what_numpys_do(fn, args):
    snapshot = Snapshot(args, {})
    py_args, _ = snapshot.materialize()
    jit_args, _ = snapshot.materialize()
    held_e, kinds_e, back_e = _held_while_result_lives(pure_python(fn), py_args)
    held_g, kinds_g, back_g = _held_while_result_lives(jitted(fn), jit_args)
    assert back_e and back_g, f"{fn.__name__}: counts not restored after the result was dropped"
    held_e, kinds_e = _normalized(held_e, kinds_e)
    held_g, kinds_g = _normalized(held_g, kinds_g)
    assert held_g == held_e, f"{fn.__name__}: while the result lives, CPython holds {held_e} more "\
        f"references on the arguments and their bases, compiled {held_g}"  # fmt: skip
    assert kinds_g == kinds_e, (fn.__name__, kinds_e, kinds_g)


@pytest.mark.parametrize(
    "fn",
    [ident, tail_view, transposed, tuple_of_arrays, calls_between_compiled],
    ids=lambda f: f.__name__,
)
def test_dropping_the_result_frees_the_argument(fn):
    # The result is the only thing keeping a temporary argument alive: dropping it frees the
    # argument (nothing left behind by the call), and not earlier.
    a = np.arange(6.0).reshape(2, 3).copy()  # owns its data: the views' base
    ref = weakref.ref(a)
    result = jitted(fn)(*([a] * fn.__code__.co_argcount))
    del a
    gc.collect()
    assert ref() is not None
    del result
    gc.collect()
    assert ref() is None
