"""Example programs for examples/demo.py, grouped in suites (one module per suite).

A suite module is plain Python that runs unchanged under CPython: it does not import oxjit. The demo
loads it twice, once as is (the CPython reference) and once as a separate copy whose functions named
in ``JIT`` are replaced by ``oxjit.njit`` dispatchers before anything is called, so compiled
functions call each other (and themselves) natively through their globals.

A suite module defines:

- ``JIT``: names of the functions to compile (the programs and the helpers they call);
- ``PROGRAMS``: a list of :class:`Program`.

To add a suite (arrays, say), write ``examples/programs/arrays.py`` and add ``"arrays"`` to
``SUITES``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SUITES = ["scalar", "arrays", "exceptions", "functions"]


@dataclass
class Program:
    """One row of the demo: call ``func`` (a name in the suite module) with some arguments."""

    name: str
    """The row's label."""
    func: str
    """The name of the function to call, in the suite module."""
    args: tuple = ()
    """The arguments (ignored when ``make_args`` is given)."""
    make_args: Callable[[], tuple] | None = None
    """Makes fresh arguments for each call (for inputs that a program mutates, such as arrays)."""
    same: Callable[[Any, Any], bool] | None = None
    """Compares the compiled result with CPython's (default: same type and value, exactly)."""
    note: str = field(default="")
    """What the program shows."""

    def arguments(self):
        return self.make_args() if self.make_args is not None else self.args
