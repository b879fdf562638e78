"""The runtime's memory blocks, as Numba's ``numba.core.runtime.rtsys`` shows them.

Arrays created in compiled code live in reference-counted blocks of the runtime; an array returned
to Python owns its block through its ``base``. The counters here let tests prove that nothing leaks.
"""

from typing import NamedTuple


class AllocationStats(NamedTuple):
    """Blocks allocated and freed since the process started."""

    alloc: int
    free: int


def get_allocation_stats() -> AllocationStats:
    """The runtime's allocation counters (loads the extension)."""
    from oxjit import _oxjit

    return AllocationStats(*_oxjit.nrt_allocation_stats())
