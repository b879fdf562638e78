//! `raise X from e` and exceptions raised inside an `except` clause: the exception record
//! generated code just filled is chained to copies of its cause's and context's records
//! (`oxjit_abi::ChainBlock`), in a block the record owns (`ArgKind::Chained`). The block gives
//! back what it holds when it is freed, so that the cause and the context live exactly as long
//! as the exception: caught, raised again, passed through compiled callers, or turned into a
//! Python exception (whose `__cause__` and `__context__` they become).

use oxjit_abi::{
    ArgKind, ChainBlock, ExcInfo, ExcRecord, MemInfo, CHAIN_CAUSE, CHAIN_CONTEXT, CHAIN_FROM,
};

use crate::nrt::{oxjit_rt_nrt_allocate, oxjit_rt_nrt_decref, set_dtor};

/// Chains the record `r` (just filled, not chained yet) to `cause` (null for `from None`, or
/// where `from` is 0) and `context` (null for none), taking over the references their blocks
/// hold (generated code took one for a caught exception that stays alive). `from` is nonzero
/// for `raise ... from ...`. 0, or 1 where the block cannot be had (the record stays as it was
/// and the cause and context are given back).
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_chain(
    r: *mut ExcRecord,
    cause: *const ExcRecord,
    context: *const ExcRecord,
    from: i64,
) -> i32 {
    let blank = ExcRecord::of(&ExcInfo::default());
    // SAFETY: generated code passes its record and null or caught exceptions' records.
    let (r, cause, context) = unsafe { (&mut *r, cause.as_ref(), context.as_ref()) };
    let mut block = ChainBlock {
        kind: r.arg_kind,
        arg_int: r.arg_int,
        flags: if from != 0 { CHAIN_FROM } else { 0 },
        cause: blank,
        context: blank,
    };
    if let Some(c) = cause {
        block.cause = *c;
        block.flags |= CHAIN_CAUSE;
    }
    if let Some(c) = context {
        block.context = *c;
        block.flags |= CHAIN_CONTEXT;
    }
    let mi = oxjit_rt_nrt_allocate(std::mem::size_of::<ChainBlock>() as i64);
    if mi.is_null() {
        cause.into_iter().chain(context).for_each(release);
        return 1;
    }
    // SAFETY: a fresh block of exactly a `ChainBlock`'s bytes.
    unsafe {
        ((*mi).data as *mut ChainBlock).write(block);
        set_dtor(mi, drop_chain);
    }
    r.arg_kind = ArgKind::Chained as i64;
    r.arg_int = mi as i64;
    0
}

/// An exception leaving an `except` clause: `context` (the clause's exception, whose reference
/// this takes) becomes the context of the exception in record `r` where it has none and is not
/// `context` itself (a bare `raise`). A chained record's block is shared by the copies of the
/// exception, so it is not changed: a new block takes its place, holding what it held, and
/// blocks only ever hold older blocks (no cycles). 0, or 1 where memory ran out (nothing
/// changed, the context given back).
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_add_context(
    r: *mut ExcRecord,
    context: *const ExcRecord,
) -> i32 {
    // SAFETY: generated code passes its record and a caught exception's record.
    let (r, context) = unsafe { (&mut *r, &*context) };
    if r.same_exception(context) {
        release(context);
        return 0;
    }
    // CPython breaks the cycle a context whose own context is this exception would make
    // (`raise outer` in a clause inside `outer`'s): the context loses its context.
    let cut;
    let context = match chain_of(context) {
        Some(b) if b.flags & CHAIN_CONTEXT != 0 && b.context.same_exception(r) => {
            cut = without_context(context, &b);
            release(context);
            &cut
        }
        _ => context,
    };
    if ArgKind::from_code(r.arg_kind) != ArgKind::Chained {
        return oxjit_rt_exception_chain(r, std::ptr::null(), context, 0);
    }
    let mi = r.arg_int as *mut MemInfo;
    // SAFETY: a chained record's block is a `ChainBlock`, alive while the record holds it.
    let b = unsafe { *((*mi).data as *const ChainBlock) };
    if b.flags & CHAIN_CONTEXT != 0 {
        release(context);
        return 0;
    }
    // The record's own block and the cause, each with a reference of its own, then the old
    // chain given back.
    let own = ExcRecord {
        arg_kind: b.kind,
        arg_int: b.arg_int,
        ..*r
    };
    retain(&own);
    let cause = (b.flags & CHAIN_CAUSE != 0).then_some(b.cause);
    if let Some(c) = &cause {
        retain(c);
    }
    oxjit_rt_nrt_decref(mi);
    *r = own;
    let cause_ptr = cause
        .as_ref()
        .map_or(std::ptr::null(), |c| c as *const ExcRecord);
    // Where memory runs out, the record keeps its own block and loses its cause.
    oxjit_rt_exception_chain(r, cause_ptr, context, b.flags & CHAIN_FROM)
}

/// The chain block of a chained record.
fn chain_of(r: &ExcRecord) -> Option<ChainBlock> {
    let chained = ArgKind::from_code(r.arg_kind) == ArgKind::Chained && r.arg_int != 0;
    // SAFETY: a chained record's block is a `ChainBlock`, alive while the record holds it.
    chained.then(|| unsafe { *((*(r.arg_int as *const MemInfo)).data as *const ChainBlock) })
}

/// Chained record `r` (block `b`) without its context: a new record with references of its own.
fn without_context(r: &ExcRecord, b: &ChainBlock) -> ExcRecord {
    let mut own = ExcRecord {
        arg_kind: b.kind,
        arg_int: b.arg_int,
        ..*r
    };
    retain(&own);
    if b.flags & (CHAIN_FROM | CHAIN_CAUSE) != 0 {
        let cause = (b.flags & CHAIN_CAUSE != 0).then_some(b.cause);
        if let Some(c) = &cause {
            retain(c);
        }
        let cause_ptr = cause
            .as_ref()
            .map_or(std::ptr::null(), |c| c as *const ExcRecord);
        oxjit_rt_exception_chain(&mut own, cause_ptr, std::ptr::null(), b.flags & CHAIN_FROM);
    }
    own
}

/// Takes a reference to the block record `r` owns, if it owns one.
fn retain(r: &ExcRecord) {
    if ArgKind::from_code(r.arg_kind).owns_block() && r.arg_int != 0 {
        crate::nrt::oxjit_rt_nrt_incref(r.arg_int as *mut MemInfo);
    }
}

/// Gives back the block record `r` owns, if it owns one.
fn release(r: &ExcRecord) {
    if ArgKind::from_code(r.arg_kind).owns_block() && r.arg_int != 0 {
        oxjit_rt_nrt_decref(r.arg_int as *mut MemInfo);
    }
}

/// The destructor of a chain's block: gives back the exception's own block and its cause's
/// and context's.
unsafe extern "C" fn drop_chain(mi: *mut MemInfo) {
    // SAFETY: the block is a `ChainBlock` `oxjit_rt_exception_chain` wrote.
    let b = unsafe { *((*mi).data as *const ChainBlock) };
    release(&ExcRecord {
        arg_kind: b.kind,
        arg_int: b.arg_int,
        ..b.cause
    });
    if b.flags & CHAIN_CAUSE != 0 {
        release(&b.cause);
    }
    if b.flags & CHAIN_CONTEXT != 0 {
        release(&b.context);
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_exception_chain, oxjit_rt_exception_add_context]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nrt::oxjit_rt_nrt_incref;
    use std::sync::atomic::Ordering;

    /// Each block the chain holds is given back once when the chain's record is released (a
    /// second reference, kept here, shows it: its count goes back to 1).
    #[test]
    fn a_chain_gives_back_what_it_holds_once() {
        let mut kept = Vec::new();
        let mut owned = |n| {
            let mi = oxjit_rt_nrt_allocate(n);
            oxjit_rt_nrt_incref(mi);
            kept.push(mi);
            ExcRecord {
                arg_kind: ArgKind::Owned as i64,
                arg_int: mi as i64,
                ..ExcRecord::of(&ExcInfo::default())
            }
        };
        let mut r = owned(8);
        let cause = owned(16);
        let context = owned(24);
        let mut outer = owned(32);
        assert_eq!(oxjit_rt_exception_chain(&mut r, &cause, &context, 1), 0);
        assert_eq!(ArgKind::from_code(r.arg_kind), ArgKind::Chained);
        let info = r.to_info();
        // SAFETY: the record holds its block.
        let (own, block) = unsafe { info.unchained() };
        assert_eq!(ArgKind::from_code(own.arg_kind), ArgKind::Owned);
        let flags = block.map(|b| b.flags);
        assert_eq!(flags, Some(CHAIN_FROM | CHAIN_CAUSE | CHAIN_CONTEXT));
        // A chain of a chain: the outer block holds the inner one.
        assert_eq!(
            oxjit_rt_exception_chain(&mut outer, &r, std::ptr::null(), 1),
            0
        );
        // A context added to a chained record: a new block; the old one is given back.
        let context2 = owned(40);
        assert_eq!(oxjit_rt_exception_add_context(&mut outer, &context2), 0);
        let info = outer.to_info();
        // SAFETY: the record holds its block.
        let flags = unsafe { info.unchained() }.1.map(|b| b.flags);
        assert_eq!(flags, Some(CHAIN_FROM | CHAIN_CAUSE | CHAIN_CONTEXT));
        // The exception itself is never its own context.
        let copy = outer;
        retain(&copy);
        assert_eq!(oxjit_rt_exception_add_context(&mut outer, &copy), 0);
        release(&outer);
        for mi in kept {
            // SAFETY: the reference kept above.
            assert_eq!(unsafe { (*mi).refcount.load(Ordering::Relaxed) }, 1);
            oxjit_rt_nrt_decref(mi);
        }
    }
}
