"""The functions of Python's ``operator`` module, as compiled code calls them.

``operator.add(a, b)`` in a compiled function (or ``from operator import add``, or a function of
``operator`` held in a variable) compiles this module's ``add``: the operator itself, so every
type that supports ``a + b`` supports ``operator.add(a, b)``, with the same result and errors,
as Numba types them. The host swaps ``_operator``'s builtins for these (``host.rs``: classify).
"""

import builtins

from .decorators import njit


@njit
def add(a, b):
    return a + b


@njit
def sub(a, b):
    return a - b


@njit
def mul(a, b):
    return a * b


@njit
def truediv(a, b):
    return a / b


@njit
def floordiv(a, b):
    return a // b


@njit
def mod(a, b):
    return a % b


@njit
def pow(a, b):
    return a**b


@njit
def matmul(a, b):
    return a @ b


@njit
def lshift(a, b):
    return a << b


@njit
def rshift(a, b):
    return a >> b


@njit
def and_(a, b):
    return a & b


@njit
def or_(a, b):
    return a | b


@njit
def xor(a, b):
    return a ^ b


@njit
def concat(a, b):
    return a + b


@njit
def iadd(a, b):
    a += b
    return a


@njit
def isub(a, b):
    a -= b
    return a


@njit
def imul(a, b):
    a *= b
    return a


@njit
def itruediv(a, b):
    a /= b
    return a


@njit
def ifloordiv(a, b):
    a //= b
    return a


@njit
def imod(a, b):
    a %= b
    return a


@njit
def ipow(a, b):
    a **= b
    return a


@njit
def imatmul(a, b):
    a @= b
    return a


@njit
def ilshift(a, b):
    a <<= b
    return a


@njit
def irshift(a, b):
    a >>= b
    return a


@njit
def iand(a, b):
    a &= b
    return a


@njit
def ior(a, b):
    a |= b
    return a


@njit
def ixor(a, b):
    a ^= b
    return a


@njit
def iconcat(a, b):
    a += b
    return a


@njit
def neg(a):
    return -a


@njit
def pos(a):
    return +a


@njit
def invert(a):
    return ~a


inv = invert


@njit
def not_(a):
    return not a


@njit
def truth(a):
    return bool(a)


@njit
def abs(a):
    return builtins.abs(a)


@njit
def index(a):
    return int(a)


@njit
def eq(a, b):
    return a == b


@njit
def ne(a, b):
    return a != b


@njit
def lt(a, b):
    return a < b


@njit
def le(a, b):
    return a <= b


@njit
def gt(a, b):
    return a > b


@njit
def ge(a, b):
    return a >= b


@njit
def is_(a, b):
    return a is b


@njit
def is_not(a, b):
    return a is not b


@njit
def contains(a, b):
    return b in a


@njit
def getitem(a, b):
    return a[b]


@njit
def setitem(a, b, c):
    a[b] = c


@njit
def delitem(a, b):
    del a[b]
