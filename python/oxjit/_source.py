"""The source text of a Python function, for the compiler.

The extension calls :func:`function_source` when it compiles a function (docs/internals.md,
"Callbacks from Rust into Python"). ``inspect`` and ``ast`` are imported inside the functions, so
that ``import oxjit`` stays cheap (NumPy imports both anyway).
"""

import os
import weakref

from oxjit.errors import UnsupportedError

# filename -> ((st_mtime_ns, st_size), text): the files read by `snapshot`, so that the functions
# of one module decorated together read their file once.
_FILES = {}

# code object -> the text of its file, for functions that came from another process (pickled by
# value: this machine may not have the file, or have another version of it).
_REMEMBERED = weakref.WeakKeyDictionary()


def remember(func, file_text):
    """Use ``file_text`` as the text of ``func``'s file from now on."""
    _REMEMBERED[func.__code__] = file_text


def remembered(func):
    """The file text :func:`remember` recorded for ``func``, or None."""
    code = getattr(func, "__code__", None)
    return None if code is None else _REMEMBERED.get(code)


def snapshot(func):
    """The text of the file ``func`` comes from, as it is now, or None where there is no such file
    (an interactive prompt, ``exec``) or it is not UTF-8.

    Taken when a function is decorated, so that what is compiled later is the function as it was
    when decorated: editing the file after import changes nothing until the module is imported
    again (its functions are then decorated again).
    """
    code = getattr(func, "__code__", None)
    filename = getattr(code, "co_filename", None)
    if not filename:
        return None
    if code in _REMEMBERED:
        return _REMEMBERED[code]
    try:
        st = os.stat(filename)
    except (OSError, ValueError):
        return None
    key = (st.st_mtime_ns, st.st_size)
    cached = _FILES.get(filename)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        with open(filename, "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    _FILES[filename] = (key, text)
    return text


def global_names(code):
    """The global names ``code`` and the code objects nested in it may read."""
    names = set(code.co_names)
    for const in code.co_consts:
        if type(const).__name__ == "code":
            names |= global_names(const)
    return names


def function_source(func, file_text=None):
    """``(source, filename, first_line, col_offset, kind)`` of a Python function.

    - ``source``: the function's text, dedented, always ending in a newline;
    - ``filename``: the file it came from (``func.__code__.co_filename``);
    - ``first_line``: the 1-based line number, in that file, of the first line of ``source``;
    - ``col_offset``: the number of columns (characters) removed from the start of each line, so
      that line ``k`` (1-based), column ``c`` of ``source`` is line ``first_line + k - 1``,
      column ``c + col_offset`` of the file;
    - ``kind``: ``"def"`` or ``"lambda"`` (``func.__code__.co_name == "<lambda>"``).

    For a ``def``, ``source`` starts at the ``def`` line: decorators are left out. It ends at
    the end of the function's body.

    For a lambda, ``source`` is the text of the lambda expression alone: what precedes it on its
    first line is blanked with spaces and what follows it on its last line is cut, then the lines
    are dedented by their common indentation. If that does not parse by itself (its body
    continues on a following line, inside the brackets around it in the file), it is wrapped in
    parentheses: ``(`` is put in column 0 of the first line (taking one column of the
    indentation, so ``col_offset`` is one less) and ``)`` on a line of its own at the end; if the
    lambda starts in column 0 of the file, ``(`` gets a line of its own before it instead, and
    ``first_line`` is one less. Either way the mapping above holds for every character of the
    lambda. Among several lambdas that start on the same line, the one whose parameters and
    (Python 3.11+) instruction positions match ``func.__code__`` is chosen.

    Lines of a multi-line string (or of a bracketed continuation) that are indented less than the
    first line are left as they are, so columns on those lines map with an offset of 0.

    ``file_text``, where given, is the text of the whole file (the :func:`snapshot` taken when the
    function was decorated); otherwise the file is read now.

    Raises :class:`oxjit.errors.UnsupportedError` when the function is not a Python function or
    its source is not available (defined at an interactive prompt, by ``exec``, in a file that
    has since been removed).
    """
    code = getattr(func, "__code__", None)
    if code is None or not hasattr(code, "co_firstlineno"):
        raise UnsupportedError(
            f"cannot compile {func!r}: it is not a Python function "
            f"(builtins, C functions and classes cannot be compiled)"
        )
    file_lines = None if file_text is None else file_text.splitlines(keepends=True)
    if code.co_name == "<lambda>":
        return _lambda_source(code, file_lines)
    return _def_source(code, getattr(func, "__qualname__", code.co_name), file_lines)


def _def_source(code, qualname, file_lines):
    import inspect

    filename = code.co_filename
    try:
        if file_lines is not None:
            first_line = code.co_firstlineno
            lines = inspect.getblock(file_lines[first_line - 1 :])
        else:
            # The code object, not the function: ``inspect`` would follow ``__wrapped__`` to
            # another function's source.
            lines, first_line = inspect.getsourcelines(code)
    except (OSError, TypeError):
        raise UnsupportedError(_no_source(f"function {qualname!r}", filename)) from None
    if not lines:
        raise UnsupportedError(_no_source(f"function {qualname!r}", filename))
    width = _indent(lines[0])
    lines = _dedent(lines, width)
    tree = _parse(lines, filename)
    if tree is not None and tree.body and type(tree.body[0]).__name__.endswith("FunctionDef"):
        skip = tree.body[0].lineno - 1  # the decorators' lines
        lines = lines[skip:]
        first_line += skip
    return _join(lines), filename, first_line, width, "def"


def _lambda_source(code, file_lines):
    import inspect

    filename = code.co_filename
    where = f"<lambda> (line {code.co_firstlineno} of {filename})"
    if file_lines is None:
        try:
            file_lines, _ = inspect.findsource(code)
        except (OSError, TypeError):
            raise UnsupportedError(_no_source("<lambda>", filename)) from None
    node = _find_lambda(code, file_lines, filename, where)
    if node is None:
        return _lambda_fallback(code, where)

    first, last = node.lineno - 1, node.end_lineno - 1
    lines = file_lines[first : last + 1]
    lines[-1] = lines[-1][: _char_col(lines[-1], node.end_col_offset)] + "\n"
    start = _char_col(lines[0], node.col_offset)
    lines[0] = " " * start + lines[0][start:]
    width = min(_indent(line) for line in lines if line.strip())
    source = _dedent(lines, width)
    if _is_one_lambda(_parse(source, filename)):
        return _join(source), filename, node.lineno, width, "lambda"
    source, first_line, width = _wrap(lines, node.lineno, width)
    return source, filename, first_line, width, "lambda"


def _find_lambda(code, file_lines, filename, where):
    """The ``ast.Lambda`` node of ``code`` in the parsed file, or None if there is none."""
    import ast

    tree = _parse(file_lines, filename)
    if tree is None:
        return None
    params = _code_params(code)
    candidates = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Lambda)
        and node.lineno == code.co_firstlineno
        and _lambda_params(node) == params
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None

    # Several lambdas with these parameters start on this line: pick the one whose body holds
    # the most of the code's instruction positions (of ``lambda x: (lambda x: x)``, only the
    # inner one's body holds the inner code's), the innermost on a tie. Python 3.10 has no
    # instruction positions: there, this is an error.
    spans = [
        ((line, col), (end_line, end_col))
        for line, end_line, col, end_col in getattr(code, "co_positions", lambda: ())()
        if None not in (line, end_line, col, end_col)
    ]

    def score(node):
        body = node.body
        start, end = (body.lineno, body.col_offset), (body.end_lineno, body.end_col_offset)
        inside = sum(start <= s and e <= end for s, e in spans)
        return inside, node.lineno - node.end_lineno, node.col_offset - node.end_col_offset

    ranked = sorted(candidates, key=score, reverse=True)
    if not spans or score(ranked[0]) == score(ranked[1]):
        raise UnsupportedError(
            f"cannot compile {where}: {len(candidates)} lambdas with the same parameters start "
            f"on that line and oxjit cannot tell which one it is; put it on a line of its own"
        )
    return ranked[0]


def _lambda_fallback(code, where):
    """The lambda's statement as ``inspect`` finds it, wrapped in parentheses if it must be.

    Used only when the file does not parse or holds no matching lambda (it changed on disk since
    it was imported).
    """
    import inspect

    filename = code.co_filename
    try:
        lines, first_line = inspect.getsourcelines(code)
    except (OSError, TypeError):
        raise UnsupportedError(_no_source("<lambda>", filename)) from None
    width = _indent(lines[0])
    source = _dedent(lines, width)
    if _parse(source, filename) is not None:
        return _join(source), filename, first_line, width, "lambda"
    source, first_line, width = _wrap(lines, first_line, width)
    if _parse([source], filename) is None:
        raise UnsupportedError(
            f"cannot compile {where}: its source code cannot be isolated (was the file edited "
            f"after it was imported?); define the function with def"
        )
    return source, filename, first_line, width, "lambda"


def _wrap(lines, first_line, width):
    """``(source, first_line, col_offset)``: ``lines`` dedented by ``width``, in parentheses.

    ``lines[0]`` must hold at least ``width`` leading spaces. ``(`` replaces one column of
    indentation where there is one, else goes on a line of its own before the text.
    """
    if _indent(lines[0]) > width:
        source = _dedent(lines, width)
    elif width > 0:
        width -= 1
        source = _dedent(lines, width)
    else:
        return "(\n" + _join(lines) + ")\n", first_line - 1, 0
    source[0] = "(" + source[0][1:]
    return _join(source) + ")\n", first_line, width


def _is_one_lambda(tree):
    """True if ``tree`` (an ``ast.Module`` or None) is a single lambda expression statement.

    Parsing is not enough: ``lambda y: y`` + newline + ``+ 1`` parses as two statements.
    """
    if tree is None or len(tree.body) != 1:
        return False
    stmt = tree.body[0]
    return type(stmt).__name__ == "Expr" and type(stmt.value).__name__ == "Lambda"


def _indent(line):
    """The number of leading whitespace characters of ``line``."""
    return len(line) - len(line.lstrip())


def _dedent(lines, width):
    """``lines`` with ``width`` leading characters removed from each line indented that much.

    Blank lines become empty; other lines indented less are kept as they are.
    """
    out = []
    for line in lines:
        if not line.strip():
            out.append("\n")
        elif _indent(line) >= width:
            out.append(line[width:])
        else:
            out.append(line)
    return out


def _join(lines):
    text = "".join(lines)
    return text if text.endswith("\n") else text + "\n"


def _parse(lines, filename):
    """The ``ast.Module`` of the joined lines, or None if they do not parse."""
    import ast

    try:
        return compile("".join(lines), filename, "exec", ast.PyCF_ONLY_AST)
    except (SyntaxError, ValueError):
        return None


def _char_col(line, byte_col):
    """The character column of the UTF-8 byte offset ``byte_col`` in ``line`` (as ``ast`` counts)."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def _code_params(code):
    """Parameter names of a code object, in ``co_varnames`` order: positional, keyword-only,
    ``*args``, ``**kwargs``."""
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)  # CO_VARARGS, CO_VARKEYWORDS
    return list(code.co_varnames[:count])


def _lambda_params(node):
    """Parameter names of an ``ast.Lambda``, in the order of :func:`_code_params`."""
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names


def _no_source(label, filename):
    return (
        f"cannot compile {label}: its source code is not available (defined in an interactive "
        f"prompt or by exec?); oxjit compiles from source, so define it in a file "
        f"(it comes from {filename!r})"
    )
