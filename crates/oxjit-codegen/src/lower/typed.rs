//! `oxjit.typed` containers made in compiled code: lists and dicts whose block header says
//! `typed`, so that boxing returns them to Python as `oxjit.typed.List` / `Dict` without copying
//! (`oxjit-python`'s `typed/`).

use inkwell::values::PointerValue;

use super::{FnGen, Ir, R};

/// The index of the `typed` word in the runtime's `ListHeader` (`oxjit-runtime`'s `list.rs`,
/// whose tests check it).
pub(crate) const LIST_TYPED_WORD: u64 = 6;
/// The index of the `typed` word in the runtime's `DictHeader` (`dict.rs`).
pub(crate) const DICT_TYPED_WORD: u64 = 12;

impl<'ctx> FnGen<'_, 'ctx> {
    /// Marks the list or dict `block` typed (`word`: where its header keeps the flag).
    pub(crate) fn mark_typed(&self, block: PointerValue<'ctx>, word: u64) -> R<()> {
        self.set_typed(block, word, true)
    }

    /// Marks `block` a Python container (`list(t)` and `sorted(t)` of a typed List copy it
    /// with its flag, but make a Python list).
    pub(crate) fn mark_untyped(&self, block: PointerValue<'ctx>, word: u64) -> R<()> {
        self.set_typed(block, word, false)
    }

    fn set_typed(&self, block: PointerValue<'ctx>, word: u64, typed: bool) -> R<()> {
        let p = self.header_word(block, word)?;
        self.b.build_store(p, self.i64(typed as i64)).ir()?;
        Ok(())
    }
}
