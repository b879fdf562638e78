# Type information for oxjit.dispatcher (the implementation is dispatcher.py, on top of the
# extension's oxjit._oxjit.Dispatcher). A Dispatcher is generic in the compiled function's
# parameters and result, so that calls through it are checked as calls of the function.
from collections.abc import Callable
from typing import IO, Any, Generic, NoReturn, ParamSpec, TypeVar, overload

from typing_extensions import Self

from oxjit.types import Signature, Type, _SignatureLike

_P = ParamSpec("_P")
_R_co = TypeVar("_R_co", covariant=True)

class Dispatcher(Generic[_P, _R_co]):
    """A Python function compiled by oxjit, one specialization per argument types."""

    py_func: Callable[_P, _R_co]
    targetoptions: dict[str, Any]
    __name__: str
    __qualname__: str
    __module__: str
    __doc__: str | None
    __wrapped__: Callable[_P, _R_co]
    def __init__(
        self, py_func: Callable[_P, _R_co], options: dict[str, Any] | None = None
    ) -> None: ...
    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R_co: ...
    # Pickled by reference or by value (oxjit/_pickle.py); copies are the dispatcher itself.
    def __reduce__(self) -> str | tuple[Any, ...]: ...
    def __copy__(self) -> Self: ...
    def __deepcopy__(self, memo: Any) -> Self: ...
    @property
    def signatures(self) -> list[tuple[Type, ...]]: ...
    @property
    def nopython_signatures(self) -> list[Signature]: ...
    def compile(self, sig: _SignatureLike) -> Callable[..., Any]: ...
    def enable_caching(self) -> NoReturn: ...
    def recompile(self) -> NoReturn: ...
    @overload
    def inspect_llvm(self, signature: None = None) -> dict[tuple[Type, ...], str]: ...
    @overload
    def inspect_llvm(self, signature: _SignatureLike | list[Type]) -> str: ...
    @overload
    def inspect_asm(self, signature: None = None) -> dict[tuple[Type, ...], str]: ...
    @overload
    def inspect_asm(self, signature: _SignatureLike | list[Type]) -> str: ...
    def inspect_types(
        self,
        file: IO[str] | None = None,
        signature: _SignatureLike | list[Type] | None = None,
        pretty: bool = False,
        style: str = "default",
    ) -> None: ...
    def parallel_diagnostics(
        self,
        signature: _SignatureLike | list[Type] | None = None,
        level: int = 1,
        file: IO[str] | None = None,
    ) -> None: ...
