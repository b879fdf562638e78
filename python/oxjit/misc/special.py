"""``numba.misc.special``: the functions compiled code treats specially, under the names Numba
gives them there (the same objects as ``oxjit.prange``, ``oxjit.literal_unroll``...)."""

from oxjit._literally import literally
from oxjit.parallel import prange
from oxjit.types import typeof
from oxjit.unroll import literal_unroll

__all__ = ["literal_unroll", "literally", "prange", "typeof"]
