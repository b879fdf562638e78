"""Numba's ``numba.experimental``: :func:`jitclass` (and ``structref``'s absence)."""

from oxjit._jitclass import jitclass

__all__ = ["jitclass"]
