"""The parallel CPU target: ``prange`` and the thread pool's controls.

In a function compiled with ``parallel=True``, each outermost ``for i in prange(...)`` loop runs
its iterations in chunks (eight per thread in use, longest first, taken by the threads as they
become free: docs/parallel.md, "Scheduling") on a pool of threads shared by the whole process
(Rayon's, in the runtime); elsewhere ``prange`` is ``range``. Reductions (``s += x``, ``-=``,
``*=``, ``|=``, ``&=``, ``^=``, ``s = min(s, x)``, ``s = max(s, x)``, ``if x < s: s = x``) are
computed per chunk and combined in chunk order (never in the order the chunks finish; their
boundaries depend only on the loop's length and the thread and chunk-size settings), so an
integer result is exact and a float result is the same on every run, differing from the serial
loop only by the order of the additions. A variable carried across iterations in any other way
is a race and a compile-time error, as are ``break`` and ``return`` in the loop. An exception
raised in an iteration is raised by the call (the first failing chunk's, in iteration order). A
``prange`` inside another, or in a function a parallel loop calls, runs serially in its chunk.

The pool has ``OXJIT_NUM_THREADS`` (or ``NUMBA_NUM_THREADS``) threads, by default one per
core; :func:`set_num_threads` lowers the number a thread's loops use, as in Numba. The pool
survives ``os.fork``: a child process builds its own on first use.
"""

from collections.abc import Iterator
from typing import Any

__all__ = [
    "get_num_threads",
    "get_parallel_chunksize",
    "get_thread_id",
    "parallel_chunksize",
    "prange",
    "set_num_threads",
    "set_parallel_chunksize",
    "threading_layer",
]


def prange(*args: int) -> range:
    """``range``, whose loop a ``parallel=True`` function runs on the thread pool."""
    return range(*args)


def _extension() -> Any:
    from oxjit import _oxjit  # loaded on first use, as for @njit

    return _oxjit


def set_num_threads(n: int) -> None:
    """Sets the number of threads the calling thread's parallel loops use (1 to the pool's size)."""
    if isinstance(n, bool) or not hasattr(n, "__index__"):
        raise TypeError("The number of threads specified must be an integer")
    _extension().set_num_threads(n.__index__())


def get_num_threads() -> int:
    """The number of threads the calling thread's parallel loops use."""
    return int(_extension().get_num_threads())


def get_thread_id() -> int:
    """This thread's id in the pool: 0 outside it, 1 to the pool's size in its workers."""
    return int(_extension().get_thread_id())


def set_parallel_chunksize(n: int) -> int:
    """Sets how many iterations each chunk of the calling thread's parallel loops takes (0: the
    default, eight chunks per thread, shrinking); returns the previous setting, as Numba's does. A loop is
    split into at most 256 chunks, so a size below ``n / 256`` gives larger ones."""
    if isinstance(n, bool) or not hasattr(n, "__index__"):
        raise TypeError("The parallel chunksize must be an integer")
    return int(_extension().set_parallel_chunksize(n.__index__()))


def get_parallel_chunksize() -> int:
    """The calling thread's iterations per chunk (0: the default)."""
    return int(_extension().get_parallel_chunksize())


class parallel_chunksize:
    """``with parallel_chunksize(n):`` sets the chunk size for the block, then restores it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.previous = 0

    def __enter__(self) -> None:
        self.previous = set_parallel_chunksize(self.n)

    def __exit__(self, *exc: object) -> None:
        set_parallel_chunksize(self.previous)


def chunksize_block(n: int) -> Iterator[None]:
    """``with parallel_chunksize(n):`` in compiled code, as the generator function compiled code
    enters (to the ``yield``) and leaves (to the end, or closing it where the body raised)."""
    previous = set_parallel_chunksize(n)
    try:
        yield
    finally:
        set_parallel_chunksize(previous)


def threading_layer() -> str:
    """The library behind the thread pool (Numba's are ``omp``, ``tbb`` and ``workqueue``)."""
    return "rayon"


def pool_size() -> int:
    """The number of threads of the pool (``NUMBA_NUM_THREADS``)."""
    return int(_extension().pool_size())


# Compiled code recognises these as oxjit's own (``oxjit.prange``, ``numba.get_thread_id()``).
for _f in (
    prange,
    get_num_threads,
    get_thread_id,
    set_num_threads,
    get_parallel_chunksize,
    set_parallel_chunksize,
    parallel_chunksize,
):
    _f.__module__ = "oxjit"
del _f
