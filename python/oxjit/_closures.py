"""Closures returned from compiled code to Python.

A closure a compiled function returns is a :class:`Closure`: the values it captured and the
dispatcher of its lifted inner function, whose first parameters are the captured variables (one
dispatcher per inner function: calling a new closure compiles nothing new, unless its argument
types are new). Passed back to a compiled function, it is a closure there again.
"""


def lifted_dispatcher(name, params, defaults):
    """A dispatcher with the signature of a lifted inner function (captured variables first);
    the extension makes it compile that function (its body is never run by Python)."""
    from oxjit.decorators import njit

    namespace = {}
    exec(  # noqa: S102 (a signature only, from parameter names the compiler checked)
        f"def lifted({', '.join(params)}):\n"
        "    raise TypeError('oxjit: a lifted closure runs compiled only')\n",
        namespace,
    )
    fn = namespace["lifted"]
    fn.__defaults__ = tuple(defaults) or None
    fn.__name__ = fn.__qualname__ = name
    return njit(fn)


class Closure:
    """A closure made by compiled code: calls its compiled function with the captured values
    first."""

    __slots__ = ("_captured", "_dispatcher", "_lifted")

    def __init__(self, dispatcher, captured, lifted):
        self._dispatcher = dispatcher
        self._captured = captured
        self._lifted = lifted

    def __call__(self, *args, **kwargs):
        return self._dispatcher(*self._captured, *args, **kwargs)

    @property
    def __name__(self):
        return self._dispatcher.__name__

    def __repr__(self):
        return f"<oxjit closure {self.__name__} capturing {len(self._captured)} values>"
