"""The demo's membership tests: `x in` a tuple (heterogeneous too), a list display and a set
display of constants (no container built), `t.index(x)` and `t.count(x)`, compared with
CPython."""

import time

import oxjit


def vowels(text):
    n = 0
    for c in text:
        if c in {"a", "e", "i", "o", "u"}:
            n += 1
    return n


def lookups(t, x):
    return x in t, x in ("a", 1.0, (x, 2)), x not in [2, 3], t.index(x), t.count(x)


def demo_membership():
    text = "the quick brown fox jumps over the lazy dog " * 20000
    compiled = oxjit.njit(vowels)
    assert compiled(text) == vowels(text)
    start = time.perf_counter()
    n = compiled(text)
    t_jit = time.perf_counter() - start
    start = time.perf_counter()
    vowels(text)
    t_py = time.perf_counter() - start
    got = oxjit.njit(lookups)((1, 2, 1), 1)
    assert got == lookups((1, 2, 1), 1)
    return (
        f"x in {{'a', 'e', ...}}: {n} vowels in {len(text):,} chars, {t_jit * 1e3:.1f} ms "
        f"(CPython {t_py * 1e3:.1f} ms, no set built); tuples: {got}"
    )


if __name__ == "__main__":
    print(demo_membership())
