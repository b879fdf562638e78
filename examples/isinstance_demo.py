"""The demo's `isinstance`: one generic function over lists, typed Lists, tuples, arrays and
numbers; a Python list and an `oxjit.typed.List` share compiled code, and `isinstance` tells
them apart as CPython does. Also a generator of generators, consumed by nested loops."""

import numpy as np
import oxjit
from oxjit.typed import List


@oxjit.njit
def describe(x):
    if isinstance(x, (list, List)):
        kind = "typed List" if isinstance(x, List) else "list"
        return kind, float(sum(x))
    if isinstance(x, np.ndarray):
        return "ndarray", float(x.sum())
    if isinstance(x, tuple):
        return "tuple", float(x[0] + x[1])
    return "number", float(x)


@oxjit.njit
def runs(n):
    for j in range(1, n + 1):
        yield (k * j for k in range(j))


@oxjit.njit
def total_of_runs(n):
    s = 0
    for run in runs(n):
        for x in run:
            s += x
    return s


def demo_isinstance():
    typed = List()
    for v in (1.0, 2.0):
        typed.append(v)
    values = [[1, 2, 3], typed, np.arange(4.0), (2, 5), 7]
    got = [describe(v) for v in values]
    want = [describe.py_func(v) for v in values]
    assert got == want, (got, want)
    assert total_of_runs(5) == total_of_runs.py_func(5)
    kinds = ", ".join(k for k, _ in got)
    return f"isinstance as CPython answers it: {kinds}; a generator of generators summed: {total_of_runs(5)}"
