"""Numba's ``numba.core.typing``: only ``cffi_utils`` (``register_module``) is oxjit's; the
rest, Numba's typing templates, is part of its compiler internals (see ``oxjit._alias``)."""
