"""The demo's iterators: `iter(x)` and `next(it, default)` in compiled code, a `for` loop that
continues where `next()` left the iterator, and `reversed(x)` stepped by `next()`, compared with
CPython."""

import oxjit


def header_and_rows(lines):
    it = iter(lines)
    header = next(it, "")
    rows = [line.split(",") for line in it]  # continues after the header
    last = next(reversed(lines))
    return header.split(","), rows, last, next(it, "<end>")


def demo_iter_next():
    lines = ["name,score", "ada,3", "bob,5"]
    got = oxjit.njit(header_and_rows)(lines)
    assert got == header_and_rows(lines)
    return f"iter()/next(): header {got[0]}, rows {got[1]}, last line {got[2]!r}, then {got[3]!r}"


if __name__ == "__main__":
    print(demo_iter_next())
