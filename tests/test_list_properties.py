"""Property-based tests (hypothesis) of lists: random sequences of operations (methods,
indexing, slicing, del, operators) applied by one compiled interpreter and by CPython, which
must leave the same lists and log the same results."""

import pytest
from conftest import assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def run_ops(start, ops):
    """Applies `ops` (opcode, a, b) to a copy of `start`; logs what each returns. Operations
    that would raise are skipped (their errors are tested one by one in test_list.py)."""
    xs = list(start)
    log = [0]
    for op, a, b in ops:
        n = len(xs)
        if op == 0:
            xs.append(a)
        elif op == 1:
            xs.insert(b, a)
        elif op == 2 and n > 0:
            log.append(xs.pop(b % n))
        elif op == 3 and a in xs:
            xs.remove(a)
        elif op == 4:
            xs.extend(xs[a:b])
        elif op == 5 and n > 0:
            xs[b % n] = a
        elif op == 6:
            del xs[a:b]
        elif op == 7:
            xs.sort(reverse=a > b)
        elif op == 8:
            xs.reverse()
        elif op == 9:
            log.append(xs.count(a))
        elif op == 10 and a in xs:
            log.append(xs.index(a))
        elif op == 11:
            xs = xs + [a, b]
        elif op == 12 and b != 0:
            log.append(len(xs[a::b]))
            del xs[a::b]
        elif op == 13:
            xs += xs[::-1][:2]
        elif op == 14 and len(xs) < 50:
            xs = xs * 2
        elif op == 15:
            log.append(int(xs == sorted(xs)) + int(xs < [a, b]))
    return xs, log


small = st.integers(-6, 6)
ops = st.lists(st.tuples(st.integers(0, 15), small, small), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(small, min_size=1, max_size=8), ops=ops)
def test_random_operation_sequences(start, ops):
    if not ops:
        ops = [(0, 1, 1)]
    assert_same(run_ops, start, ops)
