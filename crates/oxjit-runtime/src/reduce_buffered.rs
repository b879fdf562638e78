//! `a.sum()` of a float array that is not one run in memory (`a[1:-1, ::2]`), as NumPy computes
//! it: its iterator copies the items, in C order, into a buffer of 8192 and adds the pairwise sum
//! of each full buffer (and of the last, partial one) in turn. Here the copy runs a row at a time
//! in a tight strided loop, with no test per item; the sums are the same, in the same order.

use crate::reduce::{pairwise_f32, pairwise_f64};

/// NumPy's buffer size (`NPY_BUFSIZE`), in items.
const BUFSIZE: usize = 8192;

macro_rules! buffered_sum {
    ($name:ident, $pairwise:ident, $t:ty) => {
        /// The sum of the `ndim`-d array at `data` (`shape`, byte `strides`), its items taken in
        /// C order of the axes as given (reversed by the caller for memory order), from +0.0.
        #[no_mangle]
        pub extern "C" fn $name(
            ndim: i64,
            shape: *const i64,
            strides: *const i64,
            data: *const u8,
        ) -> $t {
            let nd = ndim.max(0) as usize;
            // SAFETY: generated code passes `ndim` extents and strides of a live array.
            let (shape, strides) = unsafe {
                (
                    std::slice::from_raw_parts(shape, nd),
                    std::slice::from_raw_parts(strides, nd),
                )
            };
            let mut buf = [0.0 as $t; BUFSIZE];
            let mut fill = 0usize;
            let mut acc: $t = 0.0;
            let flush = |acc: $t, buf: &[$t; BUFSIZE], n: usize| -> $t {
                // SAFETY: the first `n` items of the buffer, all written.
                acc + unsafe { $pairwise(buf.as_ptr() as *const u8, n, size_of::<$t>() as isize) }
            };
            let empty = shape.iter().any(|&d| d <= 0);
            if let (false, Some(stride)) = (empty, one_step(shape, strides)) {
                // One step between all the items (`a[1:-1, ::2]` of full rows): each buffer's
                // pairwise sum straight from the array, with the same stride, no copy.
                let n: i64 = shape.iter().product();
                let n = n as usize;
                let mut start = 0usize;
                while n - start >= BUFSIZE {
                    let p = data.wrapping_offset(start as isize * stride);
                    // SAFETY: items `start..start + BUFSIZE` of the array's `n`.
                    let part = unsafe { $pairwise(p, BUFSIZE, stride) };
                    acc += part;
                    start += BUFSIZE;
                }
                let p = data.wrapping_offset(start as isize * stride);
                // SAFETY: the last `n - start` items (maybe none, as a last empty buffer).
                let part = unsafe { $pairwise(p, n - start, stride) };
                return acc + part;
            }
            if !empty {
                let (inner, stride) = match nd {
                    0 => (1, 0),
                    _ => (shape[nd - 1] as usize, strides[nd - 1] as isize),
                };
                let outer = nd.saturating_sub(1);
                let mut idx = vec![0i64; outer];
                loop {
                    let offset: isize = idx
                        .iter()
                        .zip(strides)
                        .map(|(&i, &s)| (i * s) as isize)
                        .sum();
                    // SAFETY: the first item of the row at `idx`, inside the array.
                    let row = unsafe { data.offset(offset) };
                    let mut j = 0usize;
                    while j < inner {
                        let take = (inner - j).min(BUFSIZE - fill);
                        for (t, slot) in buf[fill..fill + take].iter_mut().enumerate() {
                            // SAFETY: item `j + t` of the row, below its length.
                            *slot = unsafe {
                                (row.offset((j + t) as isize * stride) as *const $t)
                                    .read_unaligned()
                            };
                        }
                        fill += take;
                        j += take;
                        if fill == BUFSIZE {
                            acc = flush(acc, &buf, BUFSIZE);
                            fill = 0;
                        }
                    }
                    // The next row, the last outer axis varying fastest.
                    let mut k = outer;
                    loop {
                        if k == 0 {
                            return flush(acc, &buf, fill);
                        }
                        k -= 1;
                        idx[k] += 1;
                        if idx[k] < shape[k] {
                            break;
                        }
                        idx[k] = 0;
                    }
                }
            }
            flush(acc, &buf, fill)
        }
    };
}

/// The byte step between consecutive items in C order where it is one for all of them (each
/// outer axis's stride is the next axis's extent times its stride; axes of extent 1 skipped).
fn one_step(shape: &[i64], strides: &[i64]) -> Option<isize> {
    let mut axes = shape.iter().zip(strides).filter(|(&n, _)| n != 1).rev();
    let Some((&n0, &s0)) = axes.next() else {
        return Some(0);
    };
    let mut span = n0 * s0;
    for (&n, &s) in axes {
        if s != span {
            return None;
        }
        span = n * s;
    }
    Some(s0 as isize)
}

buffered_sum!(oxjit_rt_buffered_sum_f64, pairwise_f64, f64);
buffered_sum!(oxjit_rt_buffered_sum_f32, pairwise_f32, f32);

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_buffered_sum_f64",
            oxjit_rt_buffered_sum_f64 as *const () as usize,
        ),
        (
            "oxjit_rt_buffered_sum_f32",
            oxjit_rt_buffered_sum_f32 as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sum as the generated code adds it item by item: a buffer of 8192 flushed when full.
    fn one_at_a_time(items: impl Iterator<Item = f64>) -> f64 {
        let mut buf = Vec::new();
        let mut acc = 0.0;
        for x in items {
            buf.push(x);
            if buf.len() == BUFSIZE {
                acc = crate::reduce::oxjit_rt_pairwise_sum_f64(acc, buf.as_ptr() as _, 8192, 8);
                buf.clear();
            }
        }
        crate::reduce::oxjit_rt_pairwise_sum_f64(acc, buf.as_ptr() as _, buf.len() as i64, 8)
    }

    #[test]
    /// (Rows of steps 1 and 2 continue one another: one stride, summed without the copy.)
    fn rows_of_a_view_sum_as_item_by_item() {
        let cols = 1000usize;
        let v: Vec<f64> = (0..cols * 40)
            .map(|i| (i as f64 * 0.37).sin() * 1e3)
            .collect();
        for (rows, step) in [(1, 1), (3, 2), (17, 2), (40, 2), (40, 3), (9, 7)] {
            let inner = cols.div_ceil(step);
            let want = one_at_a_time(
                (0..rows)
                    .flat_map(|r| (0..inner).map(move |j| r * cols + j * step))
                    .map(|i| v[i]),
            );
            let shape = [rows as i64, inner as i64];
            let strides = [(cols * 8) as i64, (step * 8) as i64];
            let got = oxjit_rt_buffered_sum_f64(
                2,
                shape.as_ptr(),
                strides.as_ptr(),
                v.as_ptr() as *const u8,
            );
            assert_eq!(got.to_bits(), want.to_bits(), "{rows} rows, step {step}");
        }
    }

    #[test]
    fn empty_and_zero_d() {
        let v = [2.5f64];
        let shape = [0i64, 3];
        let strides = [24i64, 8];
        let p = v.as_ptr() as *const u8;
        assert_eq!(
            oxjit_rt_buffered_sum_f64(2, shape.as_ptr(), strides.as_ptr(), p),
            0.0
        );
        assert_eq!(
            oxjit_rt_buffered_sum_f64(0, shape.as_ptr(), strides.as_ptr(), p),
            2.5
        );
    }
}
