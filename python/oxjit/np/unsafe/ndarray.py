"""``numba.np.unsafe.ndarray.to_fixed_tuple``: the first items of a 1-d array as a tuple.

``to_fixed_tuple(a, n)`` in compiled code, with ``n`` a constant, is the tuple ``(a[0], ...,
a[n - 1])`` (Numba's ``UniTuple(dtype, n)``), the way to make a shape from an array (``np.empty(
to_fixed_tuple(shape_array, 2))``). Numba writes it as an ``@intrinsic``; here it is an
``@overload`` whose implementation is generated for each ``n``. Where Numba reads past the end of
a shorter array (its documentation says: undefined), oxjit raises ``IndexError``.
"""

from oxjit import errors, types
from oxjit.extending import overload

__all__ = ["to_fixed_tuple"]


def to_fixed_tuple(array, length):
    """Convert *array* into a tuple of *length* (compiled code only, as in Numba)."""
    raise NotImplementedError("<intrinsic to_fixed_tuple> is not usable in pure-python")


@overload(to_fixed_tuple)
def _ol_to_fixed_tuple(array, length):
    # The array first (Numba checks the length first): a constant length is offered only after
    # the plain type failed, and the message reported is that first failure's.
    if not isinstance(array, types.Array):
        raise errors.TypingError(f"to_fixed_tuple takes an array, not {array}")
    if array.ndim != 1:
        raise errors.TypingError(f"Not supported on array.ndim={array.ndim}")
    if not isinstance(length, types.IntegerLiteral):
        raise errors.RequireLiteralValue("*length* argument must be a constant")
    n = length.literal_value
    if n < 0:
        raise errors.TypingError(f"to_fixed_tuple: *length* must not be negative, got {n}")
    return _impl(n)


_IMPLS = {}


def _impl(n):
    """``impl(array, length)`` returning ``(array[0], ..., array[n - 1])``, made once per n."""
    from oxjit.stencil import _define

    impl = _IMPLS.get(n)
    if impl is None:
        items = "".join(f"array[{i}], " for i in range(n))
        text = (
            "def to_fixed_tuple(array, length):\n"
            f"    if array.shape[0] < {n}:\n"
            f"        raise IndexError('to_fixed_tuple: the array has fewer than {n} items')\n"
            f"    return ({items})\n"
        )
        impl = _IMPLS[n] = _define(text, f"<oxjit to_fixed_tuple {n}>", {})
    return impl
