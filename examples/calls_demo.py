"""The demo's call forms: a `**kwargs` parameter (options collected into a dict of str keys),
a `contextlib.contextmanager` generator entered by `with` inside compiled code (its `finally`
runs when the body raises), and an exception raised with several arguments, checked against
CPython."""

import contextlib
import types

import numpy as np
import oxjit


@contextlib.contextmanager
def scratch(log, n):
    """A work array for the body; `log` records entering and leaving."""
    log.append(1.0)
    try:
        yield np.zeros(n)
    finally:
        log.append(-1.0)


@oxjit.njit
def smooth(a, **options):
    """A moving average of `a`; `options` may give `width` and `scale`."""
    width = int(options.get("width", 3.0))
    out = np.empty(a.size - width + 1)
    for i in range(out.size):
        out[i] = a[i : i + width].mean() * options.get("scale", 1.0)
    return out


@oxjit.njit
def pipeline(a, fail):
    log = [0.0]
    total = 0.0
    try:
        with scratch(log, a.size) as work:
            work[:] = a
            if fail:
                raise ValueError("bad input", -1)
            total = smooth(work, width=4.0, scale=0.5).sum()
    except ValueError as e:
        log.append(float(len(str(e))))
    return total, log


def demo_calls():
    a = np.cos(np.arange(30.0) * 0.2)
    names = {**globals(), "smooth": smooth.py_func}
    python = types.FunctionType(pipeline.py_func.__code__, names)
    got = [pipeline(a, False), pipeline(a, True)]
    expected = [python(a, False), python(a, True)]
    assert got == expected, (got, expected)
    assert np.array_equal(smooth(a, width=5.0), smooth.py_func(a, width=5.0))
    return (
        f"**kwargs and contextmanager: smooth(work, width=4.0, scale=0.5) inside "
        f"'with scratch(...)' sums to {got[0][0]:.4f}; when the body raises, the generator's "
        f"finally runs (log {got[1][1]}), CPython's values"
    )
