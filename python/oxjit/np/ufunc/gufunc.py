"""``numba.np.ufunc.gufunc.GUFunc``: the class of ``@guvectorize`` functions given no
signatures (with signatures, oxjit's ``guvectorize`` returns a NumPy gufunc itself)."""

from oxjit.ufunc import GUFunc

__all__ = ["GUFunc"]
