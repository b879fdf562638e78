"""``heapq`` in compiled code: the functions Numba supports (``heappush heappop heapify
heapreplace heappushpop nlargest nsmallest``), written as CPython's pure-Python ``heapq`` module
writes them and compiled like any ``@njit`` function. A call of ``heapq.heappush`` (or of the
name imported from ``heapq``) in compiled code calls the version here (``substitute``); from
Python, ``heapq``'s own C functions run as usual. Errors are those of CPython's C functions
(``heappop`` of an empty list: ``IndexError: index out of range``)."""

import heapq

from oxjit.decorators import njit


@njit
def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


@njit
def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


@njit
def heappush(heap, item):
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)


@njit
def heappop(heap):
    if len(heap) == 0:
        raise IndexError("index out of range")
    lastelt = heap.pop()
    if len(heap) > 0:
        returnitem = heap[0]
        heap[0] = lastelt
        _siftup(heap, 0)
        return returnitem
    return lastelt


@njit
def heapreplace(heap, item):
    if len(heap) == 0:
        raise IndexError("index out of range")
    returnitem = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return returnitem


@njit
def heappushpop(heap, item):
    if len(heap) > 0 and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item


@njit
def heapify(x):
    n = len(x)
    for i in range(n // 2 - 1, -1, -1):
        _siftup(x, i)


@njit
def nsmallest(n, iterable):
    # CPython documents nsmallest(n, it) as sorted(it)[:n] (stable, the same items).
    if n <= 0:
        return sorted(iterable)[:0]
    return sorted(iterable)[:n]


@njit
def nlargest(n, iterable):
    # sorted(it, reverse=True)[:n], as CPython documents it (stable for equal items).
    if n <= 0:
        return sorted(iterable, reverse=True)[:0]
    return sorted(iterable, reverse=True)[:n]


_SUBSTITUTES = {
    id(heapq.heappush): heappush,
    id(heapq.heappop): heappop,
    id(heapq.heapreplace): heapreplace,
    id(heapq.heappushpop): heappushpop,
    id(heapq.heapify): heapify,
    id(heapq.nsmallest): nsmallest,
    id(heapq.nlargest): nlargest,
}


def substitute(obj):
    """The compiled version of standard-library function ``obj``, or None."""
    return _SUBSTITUTES.get(id(obj))
