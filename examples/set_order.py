"""The demo's sets: CPython's own set table inside compiled code, so that a set iterates, pops
and prints in CPython's order, checked against CPython and timed on a set of 10^6 ints drawn in the loop.
"""

import time

import oxjit


def set_story(words, n):
    seen = {w.lower() for w in words}
    seen.discard("the")
    evens = {x * x % 1009 for x in range(n)} & {x for x in range(0, 1009, 2)}
    popped = [evens.pop() for _ in range(3)]
    return str(seen), list(evens)[:10], popped, f"{ {x for x in (3, 35, 11)} }"


def dedup(n):
    # Items made in the loop (an LCG, exact in int64 and in Python), so that the timing is the
    # set's work, not the conversion of a 10^6-item list at the boundary.
    seen = set()
    x = 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        seen.add(x % 1000003)
    return len(seen), list(seen)[:10]


def demo_set_order():
    text = "The cat saw the dog and THE bird saw a cat"
    words = text.split()
    compiled = oxjit.njit(set_story)
    assert compiled(words, 500) == set_story(words, 500)
    n = 10**6
    fast = oxjit.njit(dedup)
    assert fast(n) == dedup(n)  # the same items in the same order
    t = time.perf_counter()
    distinct, _ = fast(n)
    t_jit = time.perf_counter() - t
    t = time.perf_counter()
    dedup(n)
    t_py = time.perf_counter() - t
    text = compiled(words, 500)[0]
    return (
        f"sets in CPython's order: {text}; a set of {distinct} distinct ints from 10^6 draws, "
        f"its order equal to CPython's, in {t_jit * 1e3:.1f} ms (CPython {t_py * 1e3:.1f} ms)"
    )


if __name__ == "__main__":
    print(demo_set_order())
