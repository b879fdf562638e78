"""`a.tobytes()` and `bytes` values in compiled code, against NumPy and CPython: every dtype and
layout (C-order copies of F-ordered and strided arrays, 0-d, empty), the result boxed as `bytes`;
bytes arguments: `len`, `b[i]` as an `int` (negative indices, CPython's IndexError), `b[i:j]`,
iteration, `==`/`!=`, `np.frombuffer`, passed in and returned; other operations refused when
compiling; no block leaked."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float16, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def tobytes(a):
    return a.tobytes()


def tobytes_len(a):
    return len(a.tobytes())


def round_trip(a):
    return np.frombuffer(a.tobytes(), a.dtype)


def items(a):
    b = a.tobytes()
    return b[0], b[-1], b[len(b) // 2]


def sliced(b, i, j):
    return b[i:j]


def stepped(b):
    return b[::2], b[::-1], b[1:-1:3], b[5:2]


def index(b, i):
    return b[i]


def length(b):
    return len(b)


def total(b):
    s = 0
    for x in b:
        s += x
    return s


def first_big(b):
    for x in b:
        if x > 100:
            return x
    return -1


def same(x, y):
    return x == y, x != y


def identity(b):
    return b


def pick(b, c, which):
    if which:
        return b
    return c


def frombuffer(b, dtype):
    return np.frombuffer(b, dtype)


def compare_tobytes(a, b):
    return a.tobytes() == b.tobytes()


def is_bytes(x):
    return isinstance(x, bytes)


def rng_array(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    x = rng.standard_normal(shape) * 100
    if np.issubdtype(dtype, np.complexfloating):
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype(dtype):
    a = rng_array(dtype, (3, 5))
    assert_same(tobytes, a)
    assert_same(tobytes, a[1])
    assert_same(round_trip, a)


@pytest.mark.parametrize("dtype", [np.bool_, np.int16, np.float64, np.complex64])
def test_every_layout_copied_in_c_order(dtype):
    a = rng_array(dtype, (4, 6), seed=1)
    assert_same(tobytes, np.asfortranarray(a))
    assert_same(tobytes, a.T)
    assert_same(tobytes, a[:, ::2])
    assert_same(tobytes, a[::-1, 1:5])
    assert_same(tobytes, rng_array(dtype, (2, 3, 4), seed=2).transpose(1, 2, 0))


def test_zero_d_and_empty():
    assert_same(tobytes, np.array(3.5))
    assert_same(tobytes, np.array(7, dtype=np.int16))
    assert_same(tobytes, np.zeros(0))
    assert_same(tobytes, np.zeros((3, 0), dtype=np.int32))
    assert_same(tobytes_len, np.zeros((2, 0)))


def test_items_are_ints():
    assert_same(items, np.arange(10, dtype=np.int32))
    assert_same(items, np.array([-1.5, 2.0]))


DATA = bytes(range(1, 40)) + b"\xff\x00\x80"


@pytest.mark.parametrize("i", [0, 1, 41, -1, -42, 20])
def test_index(i):
    assert_same(index, DATA, i)


@pytest.mark.parametrize("i", [42, -43, 1000, -(2**40)])
def test_index_out_of_range(i):
    assert_same(index, DATA, i)
    assert_same(index, b"", 0)


@pytest.mark.parametrize("i,j", [(0, 5), (3, -2), (-5, 100), (10, 2), (-100, 3), (0, 0)])
def test_slices(i, j):
    assert_same(sliced, DATA, i, j)


def test_steps_and_empty():
    assert_same(stepped, DATA)
    assert_same(stepped, b"")
    assert_same(length, DATA)
    assert_same(length, b"")


def test_iteration():
    assert_same(total, DATA)
    assert_same(total, b"")
    assert_same(first_big, DATA)
    assert_same(first_big, b"abc")


def test_equality():
    assert_same(same, DATA, DATA)
    assert_same(same, DATA, bytes(DATA))
    assert_same(same, DATA, DATA[:-1])
    assert_same(same, b"abc", b"abd")
    assert_same(same, b"", b"")
    assert_same(compare_tobytes, np.arange(4, dtype=np.int32), np.arange(4, dtype=np.int32))
    assert_same(compare_tobytes, np.arange(4, dtype=np.int32), np.arange(4, dtype=np.int64))


def test_passed_in_and_returned():
    assert_same(identity, DATA)
    assert_same(identity, b"")
    assert_same(pick, b"xy", b"z", True)
    assert_same(pick, b"xy", b"z", False)
    assert_same(is_bytes, DATA)
    assert_same(is_bytes, np.zeros(2))


def truth(b):
    if b:
        return bool(b), b is None, b is not None
    return bool(b), b is None, b is not None


def in_containers(b):
    return [b, b[1:]], (b, len(b))


def maybe(b, flag):
    x = None
    if flag:
        x = b
    return x


def builtins_over_items(b):
    r = 0
    for i, x in enumerate(b):
        r += i * x
    for x, y in zip(b, b[2:]):
        r += x - y
    return r, max(b), sum(b), list(b), [x * 2 for x in b]


@oxjit.njit
def yielded(b):
    for x in b:
        yield x + 1


def from_generator(b):
    return list(yielded(b))


def test_truth_containers_and_builtins():
    for b in (b"", b"a", DATA):
        assert_same(truth, b)
    assert_same(in_containers, DATA)
    assert_same(maybe, DATA, True)
    assert_same(maybe, DATA, False)
    assert_same(builtins_over_items, DATA)
    assert_same(from_generator, DATA)


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.float32, np.complex128])
def test_frombuffer_of_bytes(dtype):
    b = np.arange(8, dtype=np.float64).tobytes()
    assert_same(frombuffer, b, dtype)
    assert_same(frombuffer, b[:6], np.int16)


def concat(x, y):
    return x + y


def ordered(x, y):
    return x < y


def method(b):
    return b.hex()


def store(b):
    b[0] = 1
    return b


@pytest.mark.parametrize(
    "fn,args,snippet",
    [
        (concat, (b"a", b"b"), "x + y"),
        (ordered, (b"a", b"b"), "x < y"),
        (method, (b"a",), "b.hex"),
        (store, (b"a",), "b[0] = 1"),
    ],
)
def test_other_operations_refused_when_compiling(fn, args, snippet):
    exc = compile_error(fn, *args)
    assert_diagnostic(exc, fn, snippet, type(exc))


def test_tobytes_takes_no_arguments():
    def with_order(a):
        return a.tobytes("F")

    compile_error(with_order, np.zeros(2))


@pytest.mark.parametrize(
    "fn,args",
    [
        (tobytes, (np.arange(12.0).reshape(3, 4).T,)),
        (items, (np.arange(5, dtype=np.int64),)),
        (stepped, (DATA,)),
        (compare_tobytes, (np.arange(3), np.arange(3))),
        (in_containers, (DATA,)),
    ],
)
def test_no_leak(fn, args):
    from test_nrt import assert_no_leak

    assert_no_leak(fn, *args)
