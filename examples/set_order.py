"""The demo's sets: CPython's own set table inside compiled code, so that a set iterates, pops
and prints in CPython's order, checked against CPython and timed on a dedup of 10^6 ints.
"""

import random
import time

import oxjit


def set_story(words, n):
    seen = {w.lower() for w in words}
    seen.discard("the")
    evens = {x * x % 1009 for x in range(n)} & {x for x in range(0, 1009, 2)}
    popped = [evens.pop() for _ in range(3)]
    return str(seen), list(evens)[:10], popped, f"{ {x for x in (3, 35, 11)} }"


def dedup(xs):
    return list(set(xs))


def demo_set_order():
    text = "The cat saw the dog and THE bird saw a cat"
    words = text.split()
    compiled = oxjit.njit(set_story)
    assert compiled(words, 500) == set_story(words, 500)
    rng = random.Random(1)
    xs = [rng.randrange(1 << 40) for _ in range(10**6)]
    fast = oxjit.njit(dedup)
    assert fast(xs) == dedup(xs)  # the same items in the same order
    t = time.perf_counter()
    fast(xs)
    t_jit = time.perf_counter() - t
    t = time.perf_counter()
    dedup(xs)
    t_py = time.perf_counter() - t
    text = compiled(words, 500)[0]
    return (
        f"sets in CPython's order: {text}; list(set(xs)) of 10^6 ints equal to CPython's, "
        f"order included, in {t_jit * 1e3:.1f} ms (CPython {t_py * 1e3:.1f} ms)"
    )


if __name__ == "__main__":
    print(demo_set_order())
