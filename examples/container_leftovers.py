"""The demo's container leftovers: a tuple key's KeyError as CPython's, `<` of nested lists,
several-argument set methods, an empty list argument typed from its use, and a dict re-made by
a comprehension before a reduction; each checked against CPython."""

import oxjit


def ranked(rows, extra, key):
    grid = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    grid = {k: v * 2 for k, v in grid.items()}
    best = rows[0]
    for row in rows:
        # Lists compare lexicographically, as CPython's (max() of lists is not supported yet).
        if best < row:  # noqa: PLR1730
            best = row
    everything = set(rows[0]).union(rows[1], range(3), (40, 41))
    extra.append(sum(grid.values()))  # `extra` came in empty: a list of int64
    try:
        grid[key]
        missing = ""
    except KeyError as e:
        missing = str(e)
    return best, sorted(everything), extra, missing


def demo_container_leftovers():
    rows = [[1, 2], [1, 2, 0], [0, 9]]
    got = oxjit.njit(ranked)(rows, [], (7, 7))
    assert got == ranked(rows, [], (7, 7))
    try:
        oxjit.njit(lambda d, k: d[k])({(1, 2): 3.5}, (2, 1))
    except KeyError as e:
        assert e.args == ((2, 1),)
    return (
        f"containers: the greatest list {got[0]}, union of several iterables {got[1]}, "
        f"an empty list argument filled to {got[2]}, KeyError {got[3]} (as CPython's)"
    )
