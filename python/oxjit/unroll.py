"""``literal_unroll``: marks a loop over a heterogeneous tuple for unrolling in compiled code.

``for x in literal_unroll(t): ...`` compiles to one copy of the loop's body per item of ``t``
(a tuple argument of the function, or a tuple display), each typed for its item, as Numba's
``numba.literal_unroll`` does. In Python it returns its argument unchanged.
"""


def literal_unroll(container):
    """``container`` itself: the compiler unrolls the loop this call heads."""
    return container


__all__ = ["literal_unroll"]
