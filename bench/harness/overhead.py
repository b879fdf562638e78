"""Call overhead of compiled functions with 0 to 4 scalar or array arguments (fresh process).

Each function does next to nothing with its arguments (adds the scalars, or the first element of
each array), so the figure is the cost of a call from Python: dispatch on the argument types,
unboxing, the call, boxing the result. ``timeit``: best of 7 rounds of about 20 ms, seconds per
call, loop overhead included. The plain Python functions are timed too, for reference.
"""

import timeit

import numpy as np


def s0():
    return 0.0


def s1(a):
    return a


def s2(a, b):
    return a + b


def s3(a, b, c):
    return a + b + c


def s4(a, b, c, d):
    return a + b + c + d


def a1(x):
    return x[0]


def a2(x, y):
    return x[0] + y[0]


def a3(x, y, z):
    return x[0] + y[0] + z[0]


def a4(x, y, z, w):
    return x[0] + y[0] + z[0] + w[0]


SCALARS = (s0, s1, s2, s3, s4)
ARRAYS = (s0, a1, a2, a3, a4)


def best_call_time(func, args, round_seconds=0.02, rounds=7):
    """Seconds per call of func(*args): timeit, best of ``rounds`` rounds of ``round_seconds``."""
    timer = timeit.Timer("f(*args)", globals={"f": func, "args": args})
    number = 1000
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= round_seconds / 4:
            break
        number *= 4
    number = max(1, int(number * round_seconds / elapsed))
    return min(timer.repeat(repeat=rounds, number=number)) / number


def run(system):
    """{"scalar": [s per call for 0..4 args], "array": [...]} for the system."""
    if system == "oxjit":
        from oxjit import njit as jit
    elif system == "numba":
        from numba import njit as jit
    else:

        def jit(func):
            return func

    arrays = tuple(np.arange(1.0, 11.0) for _ in range(4))
    scalars = (1.0, 2.0, 3.0, 4.0)
    out = {}
    for kind, funcs, values in (("scalar", SCALARS, scalars), ("array", ARRAYS, arrays)):
        times = []
        for n, func in enumerate(funcs):
            compiled = jit(func)
            args = values[:n]
            assert compiled(*args) == func(*args)  # compiles it
            times.append(best_call_time(compiled, args))
        out[kind] = times
    return out
