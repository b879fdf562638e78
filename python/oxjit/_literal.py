"""Rebuilds a value from the ``repr`` compiled code wrote of it.

A ``KeyError`` for a missing tuple key reaches Python as the key's ``repr`` (compiled code holds
no Python objects); this reads it back so that the exception's argument is the key itself, as
CPython's ``KeyError((1, 2))``. Only the forms compiled code writes are read: tuples, numbers
(``nan``, ``inf`` included), strings, ``True``/``False``/``None``.
"""

import ast

_NAMES = {"nan": float("nan"), "inf": float("inf"), "True": True, "False": False, "None": None}


def _value(node: ast.AST) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple):
        return tuple(_value(n) for n in node.elts)
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand)  # type: ignore[operator]
    raise ValueError(f"not a literal compiled code writes: {ast.dump(node)}")


def from_repr(text: str) -> object:
    """The value whose ``repr`` is ``text``."""
    return _value(ast.parse(text, mode="eval").body)
