"""A dict's table grows, and `copy()` makes its table, as CPython's (Objects/dictobject.c:
`insertion_resize` to three times the items, `PyDict_Copy` cloning a table at most a third of
whose entries are deleted and compacting the others). Iteration order is insertion order either
way; what the table decides is what an iterator sees when keys are deleted and others added
under it (the size the same): it walks the entries by position, and a resize compacts them."""

import pytest
from conftest import assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def churn_while_walking(ops, n):
    """Applies `ops` to a dict of `n` keys while an iterator walks it: op 0 adds `x`, 1 removes
    it, 2 replaces the oldest key by a new one (the size the same), 3 steps the iterator
    (exhausted: -1; an error: -2, and a new iterator), 4 copies the dict (its keys seen),
    5 makes a new iterator. The steps seen, then the keys in order."""
    d = {i: i for i in range(n)}
    it = iter(d)
    fresh = 1000
    out = []
    c = d.copy()
    for op, x in ops:
        if op == 0:
            d[x] = x
        elif op == 1:
            d.pop(x, 0)
        elif op == 2 and len(d) > 0:
            del d[next(iter(d))]
            d[fresh] = x
            fresh += 1
        elif op == 3:
            try:
                out.append(next(it, -1))
            except RuntimeError:
                out.append(-2)
                it = iter(d)
        elif op == 4:
            c = d.copy()
            out.append(-8)
            out.extend(c)
        elif op == 5:
            it = iter(d)
    out.append(-9)
    out.extend(d)
    return out


def replace_while_walking(n, rounds):
    """At each step, the key seen replaced by a new one: the iterator goes on at the same
    position, which a resize (compacting the deleted entries away) moves."""
    d = {i: i for i in range(n)}
    seen = []
    fresh = 100
    try:
        for k in d:
            seen.append(k)
            del d[k]
            d[fresh] = k
            fresh += 1
            if len(seen) == rounds:
                break
    except RuntimeError:
        # 'dictionary keys changed during iteration': the keys seen before it still count.
        seen.append(-1)
    return seen, list(d)


@pytest.mark.parametrize("n", [1, 5, 6, 10, 11, 21, 22])
def test_replacing_the_seen_key(n):
    assert_same(replace_while_walking, n, 60)


def copy_after_deletes(n, deleted):
    """A copy (cloned or compacted, by how many entries are deleted) walked while it churns."""
    d = {i: i for i in range(n)}
    for i in range(deleted):
        del d[i]
    c = d.copy()
    seen = []
    fresh = 100
    try:
        for k in c:
            seen.append(k)
            del c[k]
            c[fresh] = 0
            fresh += 1
            if len(seen) == 40:
                break
    except RuntimeError:
        seen.append(-1)
    return seen


@pytest.mark.parametrize("n,deleted", [(8, 2), (8, 3), (12, 4), (12, 5), (21, 7), (22, 8), (22, 9)])
def test_copy_keeps_or_compacts_the_table(n, deleted):
    assert_same(copy_after_deletes, n, deleted)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40)), min_size=1, max_size=80),
    st.integers(0, 24),
)
def test_random_churn_while_walking(ops, n):
    assert_same(churn_while_walking, ops, n)
