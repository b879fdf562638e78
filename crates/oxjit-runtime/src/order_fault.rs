//! The first comparison of a sort that met `None`. A sort's generated `<` of values that may be
//! `None` cannot raise (the runtime's timsort calls it); where one side is `None` it answers
//! false and records, on its cold path, which side was (`lower`'s `compare_or_fault`); the code
//! after the sort takes the record and raises CPython's `TypeError`. Per thread, so that sorts
//! running at once on several threads (a `prange` body, functions called from Python threads)
//! do not see each other's records.

use std::cell::Cell;

thread_local! {
    /// 0: no `None` met; 1: both sides were `None`; 2: the left one; 3: the right one.
    static FAULT: Cell<i32> = const { Cell::new(0) };
}

/// Records `kind` where this thread's sort has no record yet (the first comparison wins).
#[no_mangle]
pub extern "C" fn oxjit_rt_order_fault_set(kind: i32) {
    FAULT.with(|f| {
        if f.get() == 0 {
            f.set(kind);
        }
    });
}

/// This thread's record (0: none), cleared for the next sort.
#[no_mangle]
pub extern "C" fn oxjit_rt_order_fault_take() -> i32 {
    FAULT.with(|f| f.replace(0))
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_order_fault_set, oxjit_rt_order_fault_take]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_record_wins_and_is_taken_once_per_thread() {
        oxjit_rt_order_fault_set(2);
        oxjit_rt_order_fault_set(3);
        let other = std::thread::spawn(|| oxjit_rt_order_fault_take()).join();
        assert_eq!(other.ok(), Some(0));
        assert_eq!(oxjit_rt_order_fault_take(), 2);
        assert_eq!(oxjit_rt_order_fault_take(), 0);
    }
}
