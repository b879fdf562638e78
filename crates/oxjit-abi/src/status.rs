//! Status codes of runtime functions that can fail: they return an `i32` status and write their
//! result through a pointer; generated code raises the exception a nonzero status stands for.

/// Success.
pub const OK: i32 = 0;

/// A compiled function, or a runtime function given the exception record (the linear-algebra
/// functions), raised: the record is filled.
pub const RAISED: i32 = 1;

/// Codes of the `math` functions (the runtime's `mathfns.rs`, CPython's `mathmodule.c`).
pub mod math {
    /// `ValueError("math domain error")` (for the integer functions: negative argument).
    pub const DOMAIN: i32 = 1;
    /// `OverflowError("math range error")` (for the integer functions: the exact result does
    /// not fit in 64 bits).
    pub const RANGE: i32 = 2;
    /// `comb`/`perm`: `ValueError("k must be a non-negative integer")`.
    pub const NEGATIVE_K: i32 = 3;
    /// `fsum`: `OverflowError("intermediate overflow in fsum")`.
    pub const FSUM_OVERFLOW: i32 = 3;
    /// `fsum`: `ValueError("-inf + inf in fsum")`.
    pub const FSUM_INF_MINUS_INF: i32 = 4;
}

/// Codes of `np.random.choice`'s argument checks (`oxjit_rt_random_choice_prepare`): status
/// `k + 1` is `ValueError(MESSAGES[k])`.
pub mod choice {
    /// NumPy's messages, in the order of their status codes (1, 2, ...).
    pub const MESSAGES: [&str; 10] = [
        "a must be greater than 0 unless no samples are taken",
        "'a' cannot be empty unless no samples are taken",
        "'a' and 'p' must have same size",
        "probabilities contain NaN",
        "probabilities are not non-negative",
        "probabilities do not sum to 1",
        "negative dimensions are not allowed",
        "Cannot take a larger sample than population when 'replace=False'",
        "Negative dimensions are not allowed",
        "Fewer non-zero entries in p than size",
    ];

    /// The status that stands for `MESSAGES[k]`.
    pub const fn status(k: usize) -> i32 {
        k as i32 + 1
    }
}
