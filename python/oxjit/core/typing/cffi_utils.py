"""Numba's ``numba.core.typing.cffi_utils``: :func:`register_module` makes the functions of an
out-of-line cffi module callable from compiled code (see ``oxjit._cfuncptr``)."""

from oxjit._cfuncptr import register_module

__all__ = ["register_module"]
