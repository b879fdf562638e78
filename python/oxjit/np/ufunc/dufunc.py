"""``numba.np.ufunc.dufunc.DUFunc``: the class of ``@vectorize`` functions given no
signatures (with signatures, oxjit's ``vectorize`` returns a NumPy ufunc itself)."""

from oxjit.ufunc import DUFunc

__all__ = ["DUFunc"]
