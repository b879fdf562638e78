"""``numba.core.dispatcher.Dispatcher``: the class of what ``@njit`` returns."""

from oxjit.dispatcher import Dispatcher

__all__ = ["Dispatcher"]
