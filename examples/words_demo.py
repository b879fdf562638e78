"""The demo's word count: the issue's `word_counts`, exactly as written (an empty `{}` typed from
its later use, string keys, `sorted` with a `key=` lambda), compiled, on a text of 200,000
words with accents and CJK, checked against CPython's result and timed."""

import random
import time

import oxjit


@oxjit.njit
def word_counts(text):
    counts = {}  # typed from its later use
    for w in text.lower().split():
        w = w.strip(".,;:!?")
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def sample_text(n, seed=0):
    rng = random.Random(seed)
    vocab = ["Zürich", "東京", "the", "a", "of", "naïve", "café", "data", "Data", "x"]
    vocab += ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(2, 6))) for _ in range(500)]
    weights = [1 / (k + 1) for k in range(len(vocab))]
    marks = ["", "", "", ".", ",", "!", "?", ";", ":"]
    return " ".join(w + rng.choice(marks) for w in rng.choices(vocab, weights=weights, k=n))


def demo_words():
    text = sample_text(200_000)
    expected = word_counts.py_func(text)
    got = word_counts(text)
    assert got == expected, (got, expected)
    t = time.perf_counter()
    word_counts(text)
    t_jit = time.perf_counter() - t
    t = time.perf_counter()
    word_counts.py_func(text)
    t_py = time.perf_counter() - t
    top = ", ".join(f"{w} {n}" for w, n in got[:3])
    return (
        f"word count: 2*10^5 words counted in a dict of string keys and sorted by count with "
        f"a key= lambda ({top}, ...), equal to CPython's; {t_jit * 1e3:.1f} ms "
        f"(CPython {t_py * 1e3:.1f} ms)"
    )


if __name__ == "__main__":
    print(demo_words())
