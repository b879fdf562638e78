"""``numba.core.registry.CPUDispatcher``: the class of what ``@njit`` returns, as libraries test
for it (``isinstance(metric, numba.core.registry.CPUDispatcher)``)."""

from oxjit.dispatcher import Dispatcher as CPUDispatcher

__all__ = ["CPUDispatcher"]
