"""Lambdas whose text spans several lines, or shares a line with another lambda: the compiler must
take the whole lambda from the file (python/oxjit/_source.py), never just its first line, whose
text alone is often a complete but different lambda (`lambda x: x + 1` of `lambda x: x + 1 \\n if
x > 0 else x - 1`)."""

import math

import pytest
from conftest import assert_same


def keep(*fns):
    """Returns its arguments: lambdas written as call arguments, as users pass them."""
    return fns[0] if len(fns) == 1 else fns


# fmt: off
PAREN_BODY = lambda x: (
    x * 2
    + 1
)

CONDITIONAL_CONTINUED = keep(lambda x: x + 1
                             if x > 0 else x - 1)

CALL_ARGUMENT = keep(lambda x, y: x * y
                     - y, 3)[0]

TWO_ON_A_LINE = (lambda x: x + 100, lambda y: (y
                                               * 3
                                               - 1))

SAME_PARAMS_TWO_LINES = (lambda x: x - 1, lambda x: (x
                                                     * 2))

DEFAULT_ON_NEXT_LINE = lambda x, y=(
    2): x ** y

IN_A_LIST = [
lambda x:
    math.sqrt(x) +
    x,
]

NESTED_CALLS = keep(keep(lambda a,
                         b: (a if a > b  # noqa: FURB136
                             else b) * 10))

LESS_INDENTED_CONTINUATION = keep(
        lambda x: x % 7 +
    x // 7)
# fmt: on


def scoped():
    # A multi-line lambda indented inside a function, closing over a local.
    k = 3
    return keep(lambda x: (x
                           + k) * 2
                - k)  # fmt: skip


ONE_ARG = {
    "paren_body": PAREN_BODY,
    "conditional_continued": CONDITIONAL_CONTINUED,
    "two_on_a_line_first": TWO_ON_A_LINE[0],
    "two_on_a_line_second": TWO_ON_A_LINE[1],
    "same_params_first": SAME_PARAMS_TWO_LINES[0],
    "same_params_second": SAME_PARAMS_TWO_LINES[1],
    "default_on_next_line": DEFAULT_ON_NEXT_LINE,
    "in_a_list": IN_A_LIST[0],
    "less_indented_continuation": LESS_INDENTED_CONTINUATION,
    "scoped": scoped(),
}


@pytest.mark.parametrize("name", list(ONE_ARG))
@pytest.mark.parametrize("x", [5, -4, 0, 2.5, 16.0])
def test_multi_line_lambda(name, x):
    assert_same(ONE_ARG[name], x)


@pytest.mark.parametrize("a, b", [(3, 4), (-2, -7), (2.5, 1), (4, 4)])
def test_multi_line_lambdas_with_two_parameters(a, b):
    assert_same(CALL_ARGUMENT, a, b)
    assert_same(NESTED_CALLS, a, b)
    assert_same(DEFAULT_ON_NEXT_LINE, a, b % 3)


def _lambda_texts(text, line=None):
    """The text of each lambda in `text` (starting on `line` if given), without whitespace."""
    import ast

    return {
        "".join(ast.get_source_segment(text, n).split())
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.Lambda) and line in (None, n.lineno)
    }


@pytest.mark.requires_oxjit
@pytest.mark.parametrize("name", list(ONE_ARG))
def test_lambda_source_is_the_whole_lambda(name):
    # What the compiler reads holds the lambda's whole text, as in the file.
    from oxjit._source import function_source

    fn = ONE_ARG[name]
    source, filename, _, _, kind = function_source(fn)
    assert kind == "lambda" and filename == fn.__code__.co_filename
    with open(filename, encoding="utf-8") as f:
        in_file = _lambda_texts(f.read(), fn.__code__.co_firstlineno)
    assert _lambda_texts(source) & in_file, (source, in_file)
