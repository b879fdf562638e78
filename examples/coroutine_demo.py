"""A generator as a coroutine: values sent in with `send()`, from Python and compiled code."""

import oxjit


@oxjit.njit
def running_mean():
    total, count, mean = 0.0, 0, 0.0
    while True:
        try:
            x = yield mean
        except ValueError:
            total, count, mean = 0.0, 0, 0.0  # g.throw(ValueError): start again
            continue
        if x is not None:
            total += x
            count += 1
            mean = total / count


@oxjit.njit
def smooth(make, xs, reset_at):
    """Running means of `xs`, started again at `reset_at`, from the generator `make()` makes."""
    g = make()
    next(g)
    out = []
    for i, x in enumerate(xs):
        if i == reset_at:
            g.throw(ValueError, "reset")
        out.append(g.send(x))
    g.close()
    return out


def demo_coroutine():
    xs = [4.0, 8.0, 6.0, 1.0, 3.0]
    got = smooth(running_mean, xs, 3)
    expected = smooth.py_func(running_mean.py_func, xs, 3)  # CPython's generator
    assert got == expected, (got, expected)
    # The compiled generator driven from Python.
    assert smooth.py_func(running_mean, xs, 3) == expected
    return f"x = yield mean, driven by g.send/g.throw in compiled code: {got}"
