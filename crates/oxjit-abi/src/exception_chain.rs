//! Chained exceptions: `raise X from e` (a cause) and an exception raised while another is
//! handled (a context). The record of such an exception has kind [`ArgKind::Chained`]: its
//! `arg_int` names a runtime block, a [`ChainBlock`], that keeps the exception's own kind and
//! int field and copies of the records of its cause and context.

use crate::{exc_field, ArgKind, ExcInfo, MemInfo};

/// The exception part of [`ExcInfo`] (its first eight fields): what a caught exception holds
/// and what a [`ChainBlock`] keeps of a cause or a context.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ExcRecord {
    pub class_name: *const u8,
    pub class_len: i64,
    pub msg: *const u8,
    pub msg_len: i64,
    pub arg_kind: i64,
    pub arg_int: i64,
    pub arg_float: f64,
    pub ints: [i64; exc_field::INTS_LEN],
}

impl ExcRecord {
    /// Whether `self` and `other` are copies of one exception (the same class, message and
    /// arguments): a cause that is also the context becomes one Python object, as in CPython.
    pub fn same_exception(&self, other: &ExcRecord) -> bool {
        let key = |r: &ExcRecord| {
            (
                r.class_name,
                r.class_len,
                r.msg,
                r.msg_len,
                r.arg_kind,
                r.arg_int,
                r.ints,
                r.arg_float.to_bits(),
            )
        };
        key(self) == key(other)
    }
}

/// `ChainBlock::flags`: the exception was raised with `from` (`__suppress_context__` is True;
/// `__cause__` is the cause, or None where [`CHAIN_CAUSE`] is not set: `from None`).
pub const CHAIN_FROM: i64 = 1;
/// `ChainBlock::flags`: `cause` holds a record.
pub const CHAIN_CAUSE: i64 = 2;
/// `ChainBlock::flags`: `context` holds a record.
pub const CHAIN_CONTEXT: i64 = 4;

/// The data of the block a chained exception's record owns. The block owns the references the
/// exception's own kind and the two records hold (their blocks, where they own one).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ChainBlock {
    /// The exception's own argument kind and int field (an `Owned` block's meminfo, say).
    pub kind: i64,
    pub arg_int: i64,
    /// [`CHAIN_FROM`], [`CHAIN_CAUSE`], [`CHAIN_CONTEXT`].
    pub flags: i64,
    pub cause: ExcRecord,
    pub context: ExcRecord,
}

impl ExcRecord {
    /// The record as a whole `ExcInfo` (no call state).
    pub fn to_info(&self) -> ExcInfo {
        ExcInfo {
            class_name: self.class_name,
            class_len: self.class_len,
            msg: self.msg,
            msg_len: self.msg_len,
            arg_kind: self.arg_kind,
            arg_int: self.arg_int,
            arg_float: self.arg_float,
            ints: self.ints,
            ..ExcInfo::default()
        }
    }

    /// The exception part of `e`.
    pub fn of(e: &ExcInfo) -> ExcRecord {
        ExcRecord {
            class_name: e.class_name,
            class_len: e.class_len,
            msg: e.msg,
            msg_len: e.msg_len,
            arg_kind: e.arg_kind,
            arg_int: e.arg_int,
            arg_float: e.arg_float,
            ints: e.ints,
        }
    }
}

impl ExcInfo {
    /// The record as it was before it was chained (its own argument kind), with the chain's
    /// block where it is chained.
    ///
    /// # Safety
    /// A `Chained` record's block must be alive (the record holds its reference).
    pub unsafe fn unchained(&self) -> (ExcInfo, Option<&ChainBlock>) {
        let mut own = ExcRecord::of(self).to_info();
        own.stack_limit = self.stack_limit;
        own.jump = self.jump;
        if self.kind() != ArgKind::Chained || self.arg_int == 0 {
            return (own, None);
        }
        // SAFETY: the caller's guarantee: `arg_int` is a live meminfo whose data is a
        // `ChainBlock` (the runtime's `oxjit_rt_exception_chain` made it).
        let block = unsafe { &*((*(self.arg_int as *const MemInfo)).data as *const ChainBlock) };
        own.arg_kind = block.kind;
        own.arg_int = block.arg_int;
        (own, Some(block))
    }
}
