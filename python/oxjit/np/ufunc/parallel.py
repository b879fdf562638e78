"""``numba.np.ufunc.parallel``: the thread pool of parallel loops (see :mod:`oxjit.parallel`).

``NUM_THREADS`` and ``get_thread_count()`` are the pool's size (``NUMBA_NUM_THREADS``).
"""

from oxjit.parallel import (
    get_num_threads,
    get_parallel_chunksize,
    get_thread_id,
    pool_size,
    set_num_threads,
    set_parallel_chunksize,
    threading_layer,
)

__all__ = [
    "get_num_threads",
    "get_parallel_chunksize",
    "get_thread_count",
    "get_thread_id",
    "set_num_threads",
    "set_parallel_chunksize",
    "threading_layer",
]


def get_thread_count():
    """The number of threads of the pool (``NUMBA_NUM_THREADS``)."""
    return pool_size()


def __getattr__(name):
    # Read when asked: the pool's size loads the extension.
    if name == "NUM_THREADS":
        return pool_size()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
