"""Exceptions and warnings raised by oxjit.

The compiler raises three classes, all subclasses of :class:`CompilerError`:

- :class:`TypingError`: the function is valid Python but cannot be typed (an operation on types
  that do not support it, a variable whose types cannot be unified, ...);
- :class:`UnsupportedError`: the function uses a construct or a library function that oxjit does
  not compile (yet);
- :class:`InternalError`: a bug in oxjit.

Exceptions raised *by compiled code* (``ZeroDivisionError``, ``IndexError``, ...) are the builtin
classes, exactly as in the interpreter.

Numba's names are provided where they cost nothing, so that ``except numba.core.errors.X`` style
code keeps working with ``import oxjit as numba``: ``NumbaError`` is :class:`CompilerError`, and the
``Numba*Error`` typing errors are subclasses of :class:`TypingError` (oxjit itself raises
:class:`TypingError`; the subclasses exist so that code naming them still runs).
"""

__all__ = [
    "CompilerError",
    "InternalError",
    "LoweringError",
    "NumbaAssertionError",
    "NumbaAttributeError",
    "NumbaDeprecationWarning",
    "NumbaError",
    "NumbaExperimentalFeatureWarning",
    "NumbaIndexError",
    "NumbaKeyError",
    "NumbaNotImplementedError",
    "NumbaParallelSafetyWarning",
    "NumbaPendingDeprecationWarning",
    "NumbaPerformanceWarning",
    "NumbaTypeError",
    "NumbaTypeSafetyWarning",
    "NumbaValueError",
    "NumbaWarning",
    "TypingError",
    "UnsupportedError",
]


class CompilerError(Exception):
    """Base class of every error raised while compiling a function."""


NumbaError = CompilerError


class TypingError(CompilerError):
    """The function cannot be typed: an operation is not defined on its operands' types."""


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
