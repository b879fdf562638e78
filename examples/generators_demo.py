"""The demo's generators: a generator whose `finally` releases a resource when its consumer
stops early (`GeneratorExit`, as CPython), and generator expressions as values (`next`, passed
to another compiled function), all inside compiled code, checked against CPython."""

import types

import numpy as np
import oxjit


@oxjit.njit
def windows(a, width, log):
    """Sums of the windows of `a`; `log` records when the generator is closed."""
    try:
        for i in range(a.size - width + 1):
            yield a[i : i + width].sum()
    finally:
        log.append(-1.0)


@oxjit.njit
def total(items):
    t = 0.0
    for x in items:
        t += x
    return t


@oxjit.njit
def first_peak(a, width, limit):
    log = [0.0]
    for s in windows(a, width, log):
        if s > limit:
            log.append(s)
            break  # the generator is closed here: its finally runs before the next line
    log.append(99.0)
    big = (s * 0.5 for s in windows(a, width, log) if s > limit)
    first = next(big, 0.0)
    return log, first, total(big)


def demo_generators():
    a = np.sin(np.arange(40.0) * 0.3) * 10.0
    got = first_peak(a, 4, 20.0)
    # CPython's run: the same function with the Python versions of its callees.
    names = {**globals(), "windows": windows.py_func, "total": total.py_func}
    expected = types.FunctionType(first_peak.py_func.__code__, names)(a, 4, 20.0)
    assert got == expected, (got, expected)
    return (
        f"generators: a try/finally generator closed by break (log {got[0][:3]}...), "
        f"a generator expression stepped by next() ({got[1]:.3f}) and passed on "
        f"(total {got[2]:.3f}): CPython's values"
    )
