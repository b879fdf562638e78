"""`np.frombuffer` compiled, against NumPy: `bytes` (read-only), `bytearray` (written through)
and C-contiguous arrays as buffers, every dtype, `count` and `offset`, the result a view of the
buffer; NumPy's ValueErrors. And `a.view(dtype)` of another item size, which it is made with."""

import numpy as np
import pytest
from conftest import assert_same, compile_error

DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64,
          np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip
DATA = bytes(range(1, 49))


def frombuffer(b):
    return np.frombuffer(b)


def typed(b, dtype):
    return np.frombuffer(b, dtype)


def sized(b, count, offset):
    return np.frombuffer(b, np.int16, count, offset)


def keywords(b, count, offset):
    return np.frombuffer(b, dtype=np.uint32, count=count, offset=offset)


def named(b):
    return np.frombuffer(b, "<i4")


def written(b):
    a = np.frombuffer(b, np.uint16)
    a[1] = 513
    return a


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_from_bytes_and_bytearray(dtype):
    assert_same(typed, DATA, dtype)
    assert_same(typed, bytearray(DATA), dtype)


def test_default_dtype_and_a_string_dtype():
    assert_same(frombuffer, DATA)
    assert_same(named, DATA)


@pytest.mark.parametrize(
    "count,offset", [(-1, 0), (-1, 4), (3, 0), (3, 5), (0, 48), (-5, 2), (24, 0)]
)
def test_count_and_offset(count, offset):
    assert_same(sized, DATA, count, offset)
    assert_same(keywords, bytearray(DATA[:44]), count // 2, offset * 2 if offset < 20 else 44)


@pytest.mark.parametrize(
    "count,offset",
    [(-1, 1), (25, 0), (3, 43), (-1, 49), (-1, -1), (0, 49)],
)
def test_numpys_value_errors(count, offset):
    assert_same(sized, DATA, count, offset)


def test_bytearray_is_written_through_bytes_are_read_only():
    assert_same(written, bytearray(DATA))
    with pytest.raises(ValueError, match="assignment destination is read-only"):
        written(DATA)
    # Compiled code refuses the write when compiling (the view of `bytes` is typed read-only).
    assert "read-only" in str(compile_error(written, DATA))


def test_arrays_as_buffers():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(typed, a, np.int32)
    assert_same(typed, a[1:], np.uint8)
    assert_same(typed, np.arange(6, dtype=np.int16), np.int8)
    assert_same(typed, a.T, np.float64)
    assert_same(typed, a[:, ::2], np.float64)
    assert_same(written, np.arange(4, dtype=np.int64))


def test_empty_buffers():
    assert_same(frombuffer, b"")
    assert_same(typed, bytearray(), np.int32)


def view(a, dtype):
    return a.view(dtype)


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.float32, np.float64, np.complex128])
def test_views_of_another_item_size(dtype):
    a = np.arange(24, dtype=np.int32).reshape(2, 12)
    assert_same(view, a, dtype)
    assert_same(view, a[:, :8], dtype)
    assert_same(view, a[::-1], dtype)
    assert_same(view, np.asfortranarray(a), dtype)
    assert_same(view, a[:, ::2], dtype)
    assert_same(view, a[:, :1], dtype)
    assert_same(view, a[:, :3], dtype)
