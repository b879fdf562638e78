//! The stack limit of recursive compiled functions: they raise `RecursionError` where CPython
//! would, instead of running off the end of the thread's stack (a segfault).
//!
//! A recursive function compares its stack pointer with a limit at entry. The limit is this
//! thread's lowest stack address plus a margin (room for what a frame may call without a check:
//! the runtime, Python for `print`...), found once per thread with `pthread_getattr_np`, so it
//! holds for threads with small stacks too. The entry wrapper reads it when compiled code is
//! entered and passes it down in the exception record, so the check itself is a load and a
//! compare.

use std::cell::Cell;
use std::ffi::c_void;

/// At most this much of the stack is kept for what runs between checks.
const MAX_MARGIN: usize = 256 * 1024;

/// glibc's `pthread_attr_t` is 56 bytes on 64-bit targets; 64 with room to spare.
#[repr(C, align(8))]
struct PthreadAttr([u8; 64]);

extern "C" {
    fn pthread_self() -> usize;
    fn pthread_getattr_np(thread: usize, attr: *mut PthreadAttr) -> i32;
    fn pthread_attr_getstack(
        attr: *const PthreadAttr,
        addr: *mut *mut c_void,
        size: *mut usize,
    ) -> i32;
    fn pthread_attr_destroy(attr: *mut PthreadAttr) -> i32;
}

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// This thread's stack: (lowest address, size), if the system says.
fn thread_stack() -> Option<(usize, usize)> {
    let mut attr = PthreadAttr([0; 64]);
    // SAFETY: `attr` is large enough for glibc's pthread_attr_t and is destroyed after use.
    unsafe {
        if pthread_getattr_np(pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut c_void = std::ptr::null_mut();
        let mut size = 0usize;
        let ok = pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        pthread_attr_destroy(&mut attr);
        ok.then_some((addr as usize, size))
    }
}

/// The lowest stack address at which a recursive function may start on this thread (1, no
/// limit, where the stack cannot be found).
#[no_mangle]
pub extern "C" fn oxjit_rt_stack_limit() -> usize {
    LIMIT.with(|l| {
        if l.get() == 0 {
            let limit = match thread_stack() {
                Some((low, size)) => low + (size / 4).min(MAX_MARGIN),
                None => 1,
            };
            l.set(limit);
        }
        l.get()
    })
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![(
        "oxjit_rt_stack_limit",
        oxjit_rt_stack_limit as *const () as usize,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_below_the_current_frame() {
        let here = 0u8;
        let sp = &here as *const u8 as usize;
        let limit = oxjit_rt_stack_limit();
        assert!(limit > 1 && limit < sp, "{limit:#x} {sp:#x}");
        let (low, size) = thread_stack().expect("a stack");
        assert!(low < sp && sp < low + size);
        // Another thread has its own stack and limit.
        let other = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(|| {
                let here = 0u8;
                let sp = &here as *const u8 as usize;
                let limit = oxjit_rt_stack_limit();
                limit < sp && sp - limit < 128 * 1024
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(other);
    }
}
