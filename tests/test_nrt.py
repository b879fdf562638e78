"""The runtime's memory blocks: arrays made in compiled code are freed exactly once, whatever the
path out of the function (returns, loops, branches, exceptions raised midway, calls between
compiled functions), and arrays returned to Python own their block until NumPy drops them."""

import gc

import numpy as np
import oxjit
import pytest
from conftest import jitted

pytestmark = pytest.mark.requires_jit


def stats():
    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


def assert_no_leak(fn, *args, repeat=20, expect_raise=None):
    """Calls `fn(*args)` `repeat` times (after one warm-up call that compiles it) and checks that
    every block allocated meanwhile was freed."""
    f = jitted(fn)

    def call():
        if expect_raise is None:
            return f(*args)
        with pytest.raises(expect_raise):
            f(*args)

    call()
    before = stats()
    for _ in range(repeat):
        result = call()
        del result
    after = stats()
    assert after.alloc - before.alloc > 0, "the function was expected to allocate"
    assert after.alloc - before.alloc == after.free - before.free, (before, after)


def temporaries(n):
    a = np.zeros(n)
    b = np.ones(n)
    c = np.arange(n)
    return a.sum() + b.sum() + c.sum()


def allocate_in_loop(n):
    s = 0.0
    for i in range(n):
        # 64 items: too many for a stack buffer (test_temps.py), so a block per iteration.
        a = np.full(64, i * 1.0)
        s += a[1]
    return s


def loop_carried(n):
    a = np.zeros(4)
    for i in range(n):
        b = np.ones(4)
        b[0] = a[0] + 1.0
        a = b
    return a


def branchy(n):
    a = np.zeros(n)
    if n > 3:
        b = np.ones(n)
        a = b
    elif n > 1:
        return np.eye(n)[0]
    return a


def raise_midway(n):
    a = np.zeros(n)
    b = a[1:]
    c = np.ones((n, n))
    if n > 2:
        raise ValueError("too big")
    return b, c


def index_error_midway(a, i):
    tmp = np.zeros(a.shape[0])
    tmp[0] = 1.0
    return a[i] + tmp[0]


@oxjit.njit
def callee(n):
    return np.ones(n)


def caller(n):
    total = 0.0
    for i in range(n):
        total += callee(i + 1).sum()
    return total


@oxjit.njit
def failing_callee(n):
    x = np.zeros(n)
    if n > 1:
        raise KeyError(n)
    return x


def caller_of_failing(n):
    keep = np.ones(n)
    y = failing_callee(n)
    return keep, y


def views_and_tuples(n):
    a = np.arange(n * n).reshape(n, n)
    t = (a, a[0], a.T)
    rows = 0
    for i in range(n):
        r = a[i]
        rows += r[0]
    return t[1], rows


def iterate_new_array(n):
    s = 0
    for x in np.arange(n):
        s += x
    return s


def overlapping_copy(n):
    a = np.arange(n * 1.0)
    a[1:] = a[:-1]
    return a.sum()


def unused_result(n):
    np.zeros(n)
    np.ones((n, 2)).copy()
    return n


@pytest.mark.parametrize(
    "fn,args",
    [
        (temporaries, (5,)),
        (allocate_in_loop, (10,)),
        (loop_carried, (5,)),
        (branchy, (5,)),
        (branchy, (2,)),
        (branchy, (0,)),
        (raise_midway, (2,)),
        (views_and_tuples, (4,)),
        (iterate_new_array, (6,)),
        (unused_result, (3,)),
        (overlapping_copy, (8,)),
    ],
)
def test_no_leak(fn, args):
    assert_no_leak(fn, *args)


def test_no_leak_when_raising():
    assert_no_leak(raise_midway, 5, expect_raise=ValueError)


def test_no_leak_across_calls():
    assert_no_leak(caller, 5)
    assert_no_leak(caller_of_failing, 3, expect_raise=KeyError)


def test_no_leak_on_index_error():
    f = oxjit.njit(boundscheck=True)(index_error_midway)
    a = np.arange(3.0)
    f(a, 1)
    before = stats()
    for _ in range(10):
        with pytest.raises(IndexError):
            f(a, 10)
    after = stats()
    assert after.alloc - before.alloc == 10
    assert after.alloc - before.alloc == after.free - before.free


def test_returned_array_owns_its_block_until_dropped():
    a = callee(1000)
    base = a.base
    assert type(base).__name__ == "MemInfo" and base.nbytes == 8000 and base.refcount == 1
    before = stats()
    view = a[10:]
    del a
    assert stats().free == before.free  # the view keeps the block
    del view, base
    assert stats().free == before.free + 1


@oxjit.njit
def maybe_array(n):
    if n > 2:
        return np.ones(n)
    return None


def use_maybe(n):
    x = maybe_array(n)
    if x is None:
        return 0.0
    return float(x.sum())


@oxjit.njit
def recursive_arrays(n):
    if n == 0:
        return np.zeros(2)
    return recursive_arrays(n - 1) + 1.0


def swap_in_loop(n):
    a = np.zeros(3)
    b = np.ones(3)
    for _ in range(n):
        a, b = b, a + b
    return a


def break_out(n):
    acc = np.zeros(2)
    for i in range(n):
        tmp = np.full(2, i * 1.0)
        if i > 3:
            break
        acc = acc + tmp
    return acc


def raise_in_loop(n):
    keep = np.ones(3)
    for i in range(n):
        tmp = np.zeros(5)
        if i == 3:
            raise ValueError("three")
        keep[0] += tmp[0]
    return keep


@pytest.mark.parametrize(
    "fn,args",
    [
        (use_maybe, (5,)),
        (recursive_arrays, (4,)),
        (swap_in_loop, (5,)),
        (break_out, (10,)),
    ],
)
def test_no_leak_in_control_flow(fn, args):
    assert_no_leak(fn, *args)


def test_no_leak_when_raising_in_a_loop():
    assert_no_leak(raise_in_loop, 10, expect_raise=ValueError)


def test_control_flow_results():
    assert jitted(use_maybe)(5) == 5.0 and jitted(use_maybe)(1) == 0.0
    assert jitted(swap_in_loop)(4).tolist() == swap_in_loop(4).tolist()
    assert jitted(break_out)(10).tolist() == break_out(10).tolist()


# jitclass instances: one block each, freed once; the arrays and instances their fields hold are
# given back with them (a linked list link by link, a field overwritten, a method raising).
@oxjit.experimental.jitclass([("a", oxjit.float64[:]), ("n", oxjit.int64)])
class Holder:
    def __init__(self, n):
        self.a = np.zeros(n)
        self.n = n

    def refill(self, k):
        self.a = np.full(self.n, 1.0 * k)
        if k < 0:
            raise ValueError("negative")
        return self.a.sum()


def jitclass_churn(n):
    total = 0.0
    keep = []
    for i in range(n):
        h = Holder(3)
        total += h.refill(i)
        keep.append(h)
    return total + len(keep)


def jitclass_raise(n):
    h = Holder(n)
    return h.refill(-1)


@oxjit.experimental.jitclass([("a", oxjit.float64[:])])
class Checked:
    def __init__(self, n):
        self.a = np.zeros(n)
        if n > 2:
            raise ValueError("too long")


def jitclass_init_raises(n):
    c = Checked(1)
    d = Checked(n)
    return c.a.size + d.a.size


def test_no_leak_with_jitclass_instances():
    assert_no_leak(jitclass_churn, 5)
    assert_no_leak(jitclass_raise, 3, expect_raise=ValueError)
    assert_no_leak(jitclass_init_raises, 5, expect_raise=ValueError)
