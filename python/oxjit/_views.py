"""Views of arrays made in compiled code (slices, rows), returned to Python.

The extension calls :func:`make_view` with the array the view was taken from (its base), the
address of the view's first element, and its shape and strides in bytes. The result is a NumPy
array that shares the base's memory and keeps the base alive.
"""


class _Interface:
    """An object exposing ``__array_interface__``, holding the base alive (as NumPy's own
    ``as_strided`` does)."""

    def __init__(self, interface, base):
        self.__array_interface__ = interface
        self.base = base


def make_view(base, data, shape, strides):
    import numpy as np

    interface = {
        "version": 3,
        "typestr": base.dtype.str,
        "descr": base.dtype.descr,
        "data": (data, not base.flags.writeable),
        "shape": tuple(shape),
        "strides": tuple(strides),
    }
    return np.asarray(_Interface(interface, base))
