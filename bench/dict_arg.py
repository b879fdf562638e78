"""A dict passed to a compiled function: `len(d)` of dicts of 10^5 and 10^6 items, CPU time of
the call (typing, copying into a native dict, the snapshot that tells whether to write back)
against CPython's `len` and `dict(d)` (a copy of it). Numba has no reflected dicts (its typed Dict is built apart)."""

import time

import oxjit


@oxjit.njit
def f(d):
    return len(d)


def cpu(fn, *a, reps=5):
    best = float("inf")
    for _ in range(reps):
        t = time.process_time()
        fn(*a)
        best = min(best, time.process_time() - t)
    return best


for n in (10**5, 10**6):
    ii = {i: i for i in range(n)}
    sf = {f"k{i}": i * 0.5 for i in range(n)}
    for name, d in (("int->int", ii), ("str->float", sf)):
        assert f(d) == len(d)
        c = cpu(f, d)
        p = cpu(len, d, reps=50)
        copy = cpu(dict, d)
        print(
            f"{name:10s} n={n:>8d}  compiled {c * 1e3:8.2f} ms  ({c / n * 1e9:6.1f} ns/item)"
            f"  CPython len {p * 1e6:6.2f} us, dict(d) {copy * 1e3:7.2f} ms",
            flush=True,
        )
