"""Call overhead from Python of functions with `*args` (and defaults, `**kwargs`): oxjit and
Numba side by side, microseconds per call (fastest of 7 batches). Prints a Markdown table.

    .venv/bin/python bench/call_varargs.py
"""

import timeit

import oxjit

try:
    import numba
except ImportError:  # the Numba column is then left empty
    numba = None


def plain(a, b):
    return a + b


def star(*args):
    return len(args)


def a_star(a, *args):
    return a + len(args)


def full(a, b=1, *args, **kw):
    return a + b + len(args) + len(kw)


CASES = [
    ("plain(1, 2)", plain, (1, 2)),
    ("star()", star, ()),
    ("star(1, 2.0)", star, (1, 2.0)),
    ("a_star(1)", a_star, (1,)),
    ("a_star(1, 2, 3)", a_star, (1, 2, 3)),
    ("full(1)", full, (1,)),
    ("full(1, 2, 3.0)", full, (1, 2, 3.0)),
]


def per_call(f, args, number=20000):
    f(*args)
    batches = timeit.repeat("f(*args)", globals={"f": f, "args": args}, number=number, repeat=7)
    return min(batches) / number * 1e6


def main():
    print("| call | oxjit | Numba |\n| --- | --- | --- |")
    for name, fn, args in CASES:
        ours = f"{per_call(oxjit.njit(fn), args):.2f} µs"
        theirs = "-"
        if numba is not None:
            try:
                theirs = f"{per_call(numba.njit(fn), args):.2f} µs"
            except Exception:  # noqa: BLE001 - Numba has no `**kwargs`
                theirs = "unsupported"
        print(f"| `{name}` | {ours} | {theirs} |")


if __name__ == "__main__":
    main()
