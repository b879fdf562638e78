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


def make_view(base, data, shape, strides, dtype):
    """``dtype`` is the oxjit name of the element type (``float64``...): the parts of a complex
    array (``a.real``) have another dtype than their base."""
    import numpy as np

    dt = np.dtype(dtype)
    interface = {
        "version": 3,
        "typestr": dt.str,
        "descr": dt.descr,
        "data": (data, not base.flags.writeable),
        "shape": tuple(shape),
        "strides": tuple(strides),
    }
    return np.asarray(_Interface(interface, base))
