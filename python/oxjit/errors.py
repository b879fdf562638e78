"""Exceptions and warnings raised by oxjit.

The compiler raises three classes, all subclasses of :class:`CompilerError`:

- :class:`TypingError`: the function is valid Python but cannot be typed (an operation on types
  that do not support it, a variable whose types cannot be unified, ...);
- :class:`UnsupportedError`: the function uses a construct or a library function that oxjit does
  not compile (yet);
- :class:`InternalError`: a bug in oxjit.

Exceptions raised *by compiled code* (``ZeroDivisionError``, ``IndexError``, ...) are the builtin
classes, exactly as in the interpreter.

Numba's names are all here (``numba.core.errors.__all__``), in Numba's hierarchy, so that
``except numba.core.errors.X`` style code keeps working with ``import oxjit as numba``:
``NumbaError`` is :class:`CompilerError`, and the ``Numba*Error`` typing errors are subclasses of
:class:`TypingError`. oxjit raises :class:`TypingError`, :class:`UnsupportedError` and
:class:`InternalError` when it compiles; ``RequireLiteralValue`` (a typing function asking for a
constant) and ``NumbaNotImplementedError`` (``from_dtype`` of a dtype it has no type for) where
Numba raises them; the other classes exist so that code naming them still runs.
"""

__all__ = [
    "ByteCodeSupportError",
    "CompilerError",
    "ConstantInferenceError",
    "DeprecationError",
    "ForbiddenConstruct",
    "IRError",
    "InternalError",
    "InternalTargetMismatchError",
    "LiteralTypingError",
    "LoweringError",
    "NonexistentTargetError",
    "NotDefinedError",
    "NumbaAssertionError",
    "NumbaAttributeError",
    "NumbaDebugInfoWarning",
    "NumbaDeprecationWarning",
    "NumbaError",
    "NumbaExperimentalFeatureWarning",
    "NumbaIRAssumptionWarning",
    "NumbaIndexError",
    "NumbaInvalidConfigWarning",
    "NumbaKeyError",
    "NumbaNotImplementedError",
    "NumbaParallelSafetyWarning",
    "NumbaPedanticWarning",
    "NumbaPendingDeprecationWarning",
    "NumbaPerformanceWarning",
    "NumbaRuntimeError",
    "NumbaSystemWarning",
    "NumbaTypeError",
    "NumbaTypeSafetyWarning",
    "NumbaValueError",
    "NumbaWarning",
    "RedefinedError",
    "RequireLiteralValue",
    "TypingError",
    "UnsupportedBytecodeError",
    "UnsupportedError",
    "UnsupportedParforsError",
    "UnsupportedRewriteError",
    "UntypedAttributeError",
    "VerificationError",
]


class CompilerError(Exception):
    """Base class of every error raised while compiling a function."""


NumbaError = CompilerError


class TypingError(CompilerError):
    """The function cannot be typed: an operation is not defined on its operands' types."""


try:
    from numpy.exceptions import AxisError as _AxisError
except ImportError:  # NumPy < 1.25
    from numpy import AxisError as _AxisError


class AxisTypingError(TypingError, _AxisError):
    """A constant axis out of range for the array (``np.sum(a, axis=2)`` of a 2-d ``a``): a
    :class:`TypingError` raised when compiling that is also NumPy's ``AxisError`` (so a
    ``ValueError`` and an ``IndexError``), its message NumPy's after the location."""

    def __init__(self, message):
        _AxisError.__init__(self, message)


class UnsupportedError(CompilerError):
    """The function uses a construct, a function or an option that oxjit does not support."""


class InternalError(CompilerError):
    """A bug in oxjit: please report it with the function that triggered it."""


class LoweringError(CompilerError):
    """Numba's name for an error while generating code (oxjit raises :class:`InternalError`)."""


class NumbaValueError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaTypeError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaAttributeError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaAssertionError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaNotImplementedError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaKeyError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaIndexError(TypingError):
    """Numba-compatible name; a :class:`TypingError`."""


class NumbaWarning(Warning):
    """Base class of the warnings oxjit emits."""


class NumbaPerformanceWarning(NumbaWarning):
    """The code compiles, but will not run as fast as it could."""


class NumbaDeprecationWarning(NumbaWarning, DeprecationWarning):
    """A feature in use is deprecated."""


class NumbaPendingDeprecationWarning(NumbaWarning, PendingDeprecationWarning):
    """A feature in use will be deprecated."""


class NumbaParallelSafetyWarning(NumbaWarning):
    """A ``prange`` loop may not be safe to run in parallel."""


class NumbaTypeSafetyWarning(NumbaWarning):
    """An implicit conversion may lose information."""


class NumbaExperimentalFeatureWarning(NumbaWarning):
    """A feature in use is experimental."""


class NumbaInvalidConfigWarning(NumbaWarning):
    """A setting (an environment variable) has a value that is not valid."""


class NumbaPedanticWarning(NumbaWarning):
    """A warning about a detail most users need not care about."""


class NumbaIRAssumptionWarning(NumbaPedanticWarning):
    """An assumption about the compiler's IR does not hold."""


class NumbaDebugInfoWarning(NumbaWarning):
    """Debug information could not be generated."""


class NumbaSystemWarning(NumbaWarning):
    """Something of the system (the platform, a library) is not as expected."""


class UnsupportedBytecodeError(Exception):
    """Numba's name for a bytecode it cannot read (oxjit reads source, not bytecode)."""


class UnsupportedRewriteError(UnsupportedError):
    """Numba's name for a rewrite of the IR that is not supported."""


class IRError(CompilerError):
    """Numba's name for an error in the IR of a function."""


class RedefinedError(IRError):
    """Numba's name for a variable defined twice in its IR."""


class NotDefinedError(IRError):
    """Numba's name for a variable used where it has no definition."""


class VerificationError(IRError):
    """Numba's name for IR that fails its verification."""


class DeprecationError(CompilerError):
    """Numba's name for the use of a feature that was removed."""


class UnsupportedParforsError(CompilerError):
    """Numba's name for a ``parallel=True`` construct it cannot run in parallel."""


class ForbiddenConstruct(LoweringError):
    """Numba's name for a construct forbidden in compiled code."""


class UntypedAttributeError(TypingError):
    """An attribute of a value of a type that has no such attribute."""


class ByteCodeSupportError(CompilerError):
    """Numba's name for bytecode it does not support."""


class ConstantInferenceError(CompilerError):
    """A value that had to be a constant is not one."""


class InternalTargetMismatchError(InternalError):
    """Numba's name for code compiled for one target called from another."""


class NonexistentTargetError(InternalError):
    """Numba's name for a target that does not exist."""


class RequireLiteralValue(TypingError):
    """A function's typing needs a constant value for one of its arguments (raised by a typing
    function, as ``numba.np.unsafe.ndarray.to_fixed_tuple``'s does)."""


class LiteralTypingError(TypingError):
    """Numba's name for an error typing a literal value."""


class NumbaRuntimeError(CompilerError):
    """Numba's name for an error of its runtime."""
