//! `np.random.choice(a, size, replace, p)` with `replace=False` or `p=`: NumPy's legacy
//! `RandomState.choice`, step for step, so that the stream after `np.random.seed(s)` is NumPy's.
//!
//! Generated code calls [`oxjit_rt_random_choice_prepare`] once (the checks, in NumPy's order, and
//! every draw), then [`oxjit_rt_random_choice_next`] for each index, in C order.

use std::cell::RefCell;

use crate::random::with_state;

thread_local! {
    /// The indices the last `prepare` chose, and how many `next` has handed out.
    static CHOSEN: RefCell<(Vec<i64>, usize)> = const { RefCell::new((Vec::new(), 0)) };
}

/// The errors, as status codes (0 is success; `k + 1` is `MESSAGES[k]`); codegen raises
/// `ValueError` with these messages.
pub use oxjit_abi::status::choice::MESSAGES;

/// NumPy's `kahan_sum` (compensated, from the first item).
fn kahan_sum(x: &[f64]) -> f64 {
    let Some((&first, rest)) = x.split_first() else {
        return 0.0;
    };
    let (mut sum, mut c) = (first, 0.0);
    for &v in rest {
        let y = v - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

/// `cdf = p.cumsum(); cdf /= cdf[-1]` (a sequential sum, as NumPy's `cumsum`).
fn cdf(p: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut out: Vec<f64> = p
        .iter()
        .map(|&v| {
            acc += v;
            acc
        })
        .collect();
    if let Some(&last) = out.last() {
        for v in &mut out {
            *v /= last;
        }
    }
    out
}

/// `cdf.searchsorted(u, side='right')`: how many items of `cdf` are `<= u`.
fn search_right(cdf: &[f64], u: f64) -> i64 {
    cdf.partition_point(|&c| c <= u) as i64
}

/// What one call asks for.
pub struct Request {
    /// The population: `a` itself, or `len(a)` of an array.
    pub pop: i64,
    pub a_is_array: bool,
    /// The number of samples (the product of `size`, 1 without `size`).
    pub total: i64,
    /// Whether `size` has a negative dimension.
    pub negative: bool,
    pub replace: bool,
    /// `p` converted to doubles, and the tolerance of its sum (from its dtype).
    pub p: Option<(Vec<f64>, f64)>,
}

/// The indices `choice` draws, or the index of the message of the error it raises.
pub fn choose(r: &Request) -> Result<Vec<i64>, usize> {
    if r.pop <= 0 && r.total != 0 {
        return Err(if r.a_is_array { 1 } else { 0 });
    }
    if let Some((p, atol)) = &r.p {
        if p.len() as i64 != r.pop {
            return Err(2);
        }
        let sum = kahan_sum(p);
        if sum.is_nan() {
            return Err(3);
        }
        if p.iter().any(|&v| v < 0.0) {
            return Err(4);
        }
        if (sum - 1.0).abs() > *atol {
            return Err(5);
        }
    }
    let n = r.total.max(0) as usize;
    if r.replace {
        if r.negative {
            return Err(6);
        }
        return Ok(with_state(|s| match &r.p {
            Some((p, _)) => {
                let cdf = cdf(p);
                (0..n)
                    .map(|_| search_right(&cdf, s.random_sample()))
                    .collect()
            }
            None => (0..n).map(|_| s.randint(0, r.pop)).collect(),
        }));
    }
    if r.total > r.pop {
        return Err(7);
    }
    if r.negative || r.total < 0 {
        return Err(8);
    }
    match &r.p {
        None => {
            // `self.permutation(pop_size)[:size]`.
            let mut perm: Vec<i64> = (0..r.pop).collect();
            with_state(|s| {
                // SAFETY: `pop` distinct i64 items, 8 bytes apart.
                unsafe { s.shuffle(perm.as_mut_ptr() as *mut u8, r.pop, 8, 8) }
            });
            perm.truncate(n);
            Ok(perm)
        }
        Some((p, _)) => {
            if (p.iter().filter(|&&v| v > 0.0).count() as i64) < r.total {
                return Err(9);
            }
            Ok(without_replacement(p, n))
        }
    }
}

/// NumPy's loop for `replace=False` with `p`: draw as many as are missing, zero the chosen ones'
/// probabilities, keep the new distinct indices in the order they first appear.
fn without_replacement(p: &[f64], size: usize) -> Vec<i64> {
    let mut p = p.to_vec();
    let mut found: Vec<i64> = Vec::with_capacity(size);
    while found.len() < size {
        let x: Vec<f64> =
            with_state(|s| (0..size - found.len()).map(|_| s.random_sample()).collect());
        for &k in &found {
            p[k as usize] = 0.0;
        }
        let cdf = cdf(&p);
        let mut seen = std::collections::HashSet::new();
        for u in x {
            let k = search_right(&cdf, u);
            if seen.insert(k) {
                found.push(k);
            }
        }
    }
    found
}

/// Prepares the indices of one `choice` call; returns 0, or 1 + the index in [`MESSAGES`] of the
/// error to raise. `p` is null for `p=None`, else `p_len` items of `p_itemsize` bytes (4: float32,
/// 8: float64) `p_stride` bytes apart.
///
/// # Safety
/// `p` must be null or point to such items.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_random_choice_prepare(
    pop: i64,
    a_is_array: bool,
    total: i64,
    negative: bool,
    replace: bool,
    p: *const u8,
    p_len: i64,
    p_stride: i64,
    p_itemsize: i64,
) -> i32 {
    let p = (!p.is_null()).then(|| {
        let items = (0..p_len.max(0))
            // SAFETY: generated code passes `p_len` probabilities of `p_itemsize` bytes,
            // `p_stride` bytes apart, where `p` is not null.
            .map(|i| unsafe {
                let at = p.offset((i * p_stride) as isize);
                if p_itemsize == 4 {
                    (at as *const f32).read_unaligned() as f64
                } else {
                    (at as *const f64).read_unaligned()
                }
            })
            .collect();
        // NumPy: the larger of sqrt(eps) of float64 and of p's own float dtype.
        let atol = if p_itemsize == 4 {
            (f32::EPSILON.sqrt() as f64).max(f64::EPSILON.sqrt())
        } else {
            f64::EPSILON.sqrt()
        };
        (items, atol)
    });
    let request = Request {
        pop,
        a_is_array,
        total,
        negative,
        replace,
        p,
    };
    match choose(&request) {
        Ok(indices) => {
            CHOSEN.with(|c| *c.borrow_mut() = (indices, 0));
            0
        }
        Err(k) => k as i32 + 1,
    }
}

/// The next index of the last prepared `choice`.
#[no_mangle]
pub extern "C" fn oxjit_rt_random_choice_next() -> i64 {
    CHOSEN.with(|c| {
        let mut c = c.borrow_mut();
        let k = c.1;
        c.1 += 1;
        c.0.get(k).copied().unwrap_or(0)
    })
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_random_choice_prepare",
            oxjit_rt_random_choice_prepare as *const () as usize,
        ),
        (
            "oxjit_rt_random_choice_next",
            oxjit_rt_random_choice_next as *const () as usize,
        ),
    ]
}
