"""``a.tobytes()`` in compiled code (Numba's: no arguments, the ``bytes`` of the array's items
in C order, a copy for every layout), over the primitive ``np._oxjit_bytes``, which takes the
1-d C-contiguous ``uint8`` array made for them as the ``bytes`` value (``types/bytes.rs``: bytes
are laid out as that array)."""

from oxjit import types
from oxjit._np_gen import make
from oxjit.errors import TypingError
from oxjit.extending import overload_method

_TEXT = """\
def impl(a):
    return np._oxjit_bytes(a.flatten().view(np.uint8))
"""


@overload_method(types.Array, "tobytes")
def _array_tobytes(a):
    if not isinstance(a.dtype, (types.Number, types.Boolean)):
        raise TypingError(f"a.tobytes() of {a} is not supported (arrays of numbers or bools)")
    return make(_TEXT)
