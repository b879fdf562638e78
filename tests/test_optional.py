"""Values that may be None (Numba's OptionalType): a function returning a value on some paths and
None on others, variables assigned None on one branch, `is None` tests, and the TypeError when
such a value is None where a number is needed."""

import oxjit
import pytest
from conftest import assert_same, jitted, pure_python


@oxjit.njit
def find(n, target):
    for i in range(n):
        if i * i == target:
            return i
    return None


def use_find(n, target):
    r = find(n, target)
    if r is None:
        return -1
    return r + 100


def use_find_not_none(n, target):
    r = find(n, target)
    if r is not None:
        return r * 2
    return 0


def maybe_scaled(x):
    y = None
    if x > 0:
        y = x * 2.5
    return y


def truthiness(x):
    y = None
    if x > 1:
        y = x - 2
    if y:
        return 1
    return 0


def adds_to_none(x):
    r = find(10, x)
    return r + 1


@pytest.mark.parametrize("target", [49, 50, 0])
def test_optional_return_and_is_none(target):
    assert_same(pure_python(find), 10, target)
    assert_same(use_find, 10, target)
    assert_same(use_find_not_none, 10, target)


def test_compiled_callers_agree_with_python():
    for target in (49, 50):
        assert jitted(use_find)(10, target) == pure_python(use_find)(10, target)
        assert jitted(use_find_not_none)(10, target) == pure_python(use_find_not_none)(10, target)


@pytest.mark.parametrize("x", [2, -1, 0, 3.5])
def test_variable_none_on_one_branch(x):
    assert_same(maybe_scaled, x)


@pytest.mark.parametrize("x", [0, 2, 3])
def test_truth_of_optional(x):
    assert_same(truthiness, x)


@pytest.mark.requires_jit
def test_none_used_as_a_number_raises_type_error():
    assert jitted(adds_to_none)(4) == 3
    with pytest.raises(TypeError, match="None"):
        jitted(adds_to_none)(5)


@pytest.mark.requires_jit
def test_optional_signature_text():
    find(10, 49)
    assert [str(s.return_type) for s in find.nopython_signatures] == ["OptionalType(int64)"]
