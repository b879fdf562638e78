//! `bytes` (Numba's `Bytes(uint8, 1d, C, readonly)`): laid out, counted and freed as the
//! read-only 1-d C-contiguous `uint8` array of its bytes (`bytes_array`), so that a `bytes`
//! argument is its object's memory and `a.tobytes()` is a fresh array's block. Compiled code
//! has `len(b)`, `b[i]` (an `int`), `b[i:j]` (bytes), iteration (ints), `==`/`!=`,
//! `np.frombuffer(b)` and `a.tobytes()` (`python/oxjit/_bytes.py`); the kind's defaults refuse
//! anything else when typing.

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{ArrayTy, IntTy, Layout, Type, TypeKind};

/// The array a `bytes` value is laid out as: `readonly array(uint8, 1d, C)`.
pub fn bytes_array() -> Arc<ArrayTy> {
    Arc::new(ArrayTy {
        dtype: Type::Int(IntTy {
            bits: 8,
            signed: false,
        }),
        ndim: 1,
        layout: Layout::C,
        readonly: true,
    })
}

pub(super) struct BytesKind;

impl TypeKind for BytesKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("readonly bytes(uint8, 1d, C)")
    }

    /// `bytes(uint8, 1d, C)` (after `readonly`, which `types/array.rs` reads).
    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        (word == "bytes").then(|| {
            p.expect(b'(')?;
            let item = p.ty()?;
            p.expect(b',')?;
            let nd = p.word();
            p.expect(b',')?;
            let layout = p.word();
            p.expect(b')')?;
            if item.to_string() != "uint8" || nd != "1d" || layout != "C" {
                return Err("bytes are bytes(uint8, 1d, C) only".to_string());
            }
            Ok(Type::Bytes)
        })
    }

    fn size_align(&self, _t: &Type) -> (usize, usize) {
        super::size_align(&Type::Array(bytes_array()))
    }

    fn iter_type(&self, _t: &Type) -> Result<Type, String> {
        Ok(Type::BytesIter)
    }

    fn item_type(&self, t: &Type, index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        match t {
            Type::Bytes if index.is_integer_like() => Ok(Type::I64),
            Type::Bytes if *index == Type::Slice => Ok(Type::Bytes),
            _ => Err(format!(
                "{t} takes an integer or a slice as index in compiled code, not {index}"
            )),
        }
    }
}

/// The iterator of bytes: their items as ints.
pub(super) struct BytesIterKind;

impl TypeKind for BytesIterKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("iter(readonly bytes(uint8, 1d, C))")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, _it: &Type) -> Option<Type> {
        Some(Type::I64)
    }
}
