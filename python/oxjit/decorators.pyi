# Type information for oxjit.decorators (the implementation is decorators.py). Each overload
# lists every option the decorators accept, with the values they accept; anything else raises at
# run time, and a type checker reports it before.
from collections.abc import Callable
from typing import Literal, ParamSpec, TypeAlias, TypeVar, overload

from oxjit.dispatcher import Dispatcher
from oxjit.types import _SignatureLike

_P = ParamSpec("_P")
_R = TypeVar("_R")

_Signatures: TypeAlias = _SignatureLike | list[_SignatureLike]
_ErrorModel: TypeAlias = Literal["python", "numpy"]
_Inline: TypeAlias = Literal["never", "always"]

def jit_module(
    *,
    nopython: Literal[True] = True,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> None: ...

# @njit / njit(func, **options): the dispatcher itself.
@overload
def njit(
    signature_or_function: Callable[_P, _R],
    *,
    nopython: Literal[True] = True,
    forceobj: Literal[False] = False,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> Dispatcher[_P, _R]: ...

# @njit(...) with signatures and/or options: a decorator.
@overload
def njit(
    signature_or_function: _Signatures | None = None,
    *,
    nopython: Literal[True] = True,
    forceobj: Literal[False] = False,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> Callable[[Callable[_P, _R]], Dispatcher[_P, _R]]: ...
@overload
def jit(
    signature_or_function: Callable[_P, _R],
    *,
    nopython: Literal[True] = True,
    forceobj: Literal[False] = False,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> Dispatcher[_P, _R]: ...
@overload
def jit(
    signature_or_function: _Signatures | None = None,
    *,
    nopython: Literal[True] = True,
    forceobj: Literal[False] = False,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> Callable[[Callable[_P, _R]], Dispatcher[_P, _R]]: ...

# jit(forceobj=True) / jit(nopython=False): object mode (oxjit.objmode), a callable with the
# function's signature but not a Dispatcher.
@overload
def jit(
    signature_or_function: Callable[_P, _R],
    *,
    nopython: bool = True,
    forceobj: bool = False,
    looplift: bool = True,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> Callable[_P, _R]: ...
@overload
def jit(
    signature_or_function: _Signatures | None = None,
    *,
    nopython: bool = True,
    forceobj: bool = False,
    looplift: bool = True,
    cache: bool = False,
    fastmath: bool = False,
    nogil: bool = False,
    error_model: _ErrorModel = "python",
    boundscheck: bool | None = None,
    inline: _Inline = "never",
    parallel: bool = False,
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]: ...
