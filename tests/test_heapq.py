"""``heapq`` in compiled code (the functions Numba supports), against CPython's C ``heapq``:
heaps of ints, floats, tuples and strings, built in compiled code or passed in (reflected:
the caller sees the changes), and CPython's errors."""

import heapq
import random
from heapq import heappop, heappush

import pytest
from conftest import assert_same


def heap_sort(xs):
    # Seeded with an item, as Numba requires (an empty list's item type comes from what the
    # function itself adds).
    h = [xs[0]]
    for x in xs[1:]:
        heappush(h, x)
    return [heappop(h) for _ in range(len(h))]


def module_calls(xs, item):
    h = list(xs)
    heapq.heapify(h)
    a = heapq.heappushpop(h, item)
    b = heapq.heapreplace(h, item)
    heapq.heappush(h, item)
    return a, b, h, heapq.nsmallest(2, xs), heapq.nlargest(3, xs), heapq.nsmallest(0, xs)


def in_place(h, x):
    # The caller's list is changed (a reflected list, as in Numba).
    heapq.heapify(h)
    heapq.heappush(h, x)
    return heapq.heappop(h)


def dijkstra(n, edges, src):
    adj = [[(0, 0.0) for _ in range(0)] for _ in range(n)]
    for a, b, w in edges:
        adj[a].append((b, w))
        adj[b].append((a, w))
    dist = [float("inf")] * n
    dist[src] = 0.0
    h = [(0.0, src)]
    while h:
        d, u = heappop(h)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                heappush(h, (d + w, v))
    return dist


def pop_empty(k):
    h = [1] * k
    heapq.heappop(h)
    return heapq.heappop(h)


def replace_empty(k):
    h = [1.5] * k
    return heapq.heapreplace(h, 2.0)


def pushpop_empty(x):
    h = [0.5]
    h.pop()
    return heapq.heappushpop(h, x), len(h)


def lists(seed, n, kind):
    rng = random.Random(seed)
    if kind == "int":
        return [rng.randint(-5, 5) for _ in range(n)]
    if kind == "float":
        return [rng.random() for _ in range(n)]
    if kind == "tuple":
        return [(rng.randint(0, 3), rng.random()) for _ in range(n)]
    return ["".join(rng.choice("abc") for _ in range(3)) for _ in range(n)]


@pytest.mark.parametrize("kind", ["int", "float", "tuple", "str"])
@pytest.mark.parametrize("seed", range(4))
def test_heap_sort(kind, seed):
    assert_same(heap_sort, lists(seed, 3 + 7 * seed, kind))


@pytest.mark.parametrize("kind, item", [("int", 0), ("float", 0.5), ("str", "b")])
@pytest.mark.parametrize("seed", range(3))
def test_module_calls(kind, item, seed):
    assert_same(module_calls, lists(seed, 4 + seed, kind), item)


@pytest.mark.parametrize("seed", range(3))
def test_reflected_heap(seed):
    assert_same(in_place, lists(seed, 6, "int"), -1)


def test_dijkstra():
    edges = [(0, 1, 1.0), (1, 2, 2.0), (0, 2, 5.0), (2, 3, 1.0), (3, 4, 0.5), (1, 4, 7.0)]
    assert_same(dijkstra, 6, edges, 0)


@pytest.mark.parametrize("k", [1, 2])
def test_pop_empty(k):
    assert_same(pop_empty, k)


@pytest.mark.parametrize("k", [0, 1])
def test_replace_empty(k):
    assert_same(replace_empty, k)


def test_pushpop_empty():
    assert_same(pushpop_empty, 2.5)
