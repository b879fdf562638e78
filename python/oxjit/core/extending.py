"""``numba.core.extending`` (where Numba defines its extension API): :mod:`oxjit.extending`."""

from oxjit import extending as _extending
from oxjit.extending import *

__all__ = list(_extending.__all__)


def __getattr__(name):
    # The refused names, as `oxjit.extending` gives them.
    return getattr(_extending, name)
