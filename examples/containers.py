"""The demo's containers: lists and dicts built inside compiled code, with item types taken from
later uses (Numba cannot type an empty `[]` or `{}`), checked against CPython and timed.

- adjacency lists of a random graph (`[[] for _ in range(n)]`, then `append`), and a
  breadth-first search over them with a list as the queue;
- grouping with a dict of int keys: the values of each key class summed and counted.
"""

import random
import time

import oxjit


@oxjit.njit
def neighbours(edges, n):
    adj = [[] for _ in range(n)]
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    return adj


def bfs_levels(edges, n):
    adj = neighbours(edges, n)
    level = [-1] * n
    level[0] = 0
    queue = [0]
    for u in queue:  # the loop sees what its body appends, as CPython's
        for v in adj[u]:
            if level[v] < 0:
                level[v] = level[u] + 1
                queue.append(v)
    return level


def group_stats(values, buckets):
    sums = {}
    counts = {}
    for x in values:
        k = int(x * buckets) % buckets
        sums[k] = sums.get(k, 0.0) + x
        counts[k] = counts.get(k, 0) + 1
    return {k: (sums[k], counts[k]) for k in sorted(counts.keys())}


def demo_containers():
    rng = random.Random(0)
    n = 20_000
    edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(3 * n)]
    compiled_bfs = oxjit.njit(bfs_levels)
    expected = bfs_levels(edges, n)
    assert compiled_bfs(edges, n) == expected
    t = time.perf_counter()
    compiled_bfs(edges, n)
    t_bfs = time.perf_counter() - t
    t = time.perf_counter()
    bfs_levels(edges, n)
    t_py = time.perf_counter() - t
    values = [rng.random() for _ in range(200_000)]
    compiled_groups = oxjit.njit(group_stats)
    assert compiled_groups(values, 16) == group_stats(values, 16)
    t = time.perf_counter()
    compiled_groups(values, 16)
    t_groups = time.perf_counter() - t
    reached = sum(1 for x in expected if x >= 0)
    return (
        f"lists and dicts: BFS over adjacency lists of {n} nodes ({reached} reached) in "
        f"{t_bfs * 1e3:.1f} ms (CPython {t_py * 1e3:.1f} ms), grouping 2*10^5 floats by a "
        f"dict of int keys in {t_groups * 1e3:.1f} ms; results equal to CPython's"
    )


if __name__ == "__main__":
    print(demo_containers())
