//! `np.histogram` (core's `registry/histogram.rs` types it): the items (and weights) handed to
//! the runtime (`oxjit-runtime/src/histogram.rs`) by address, read there where they lie, with
//! NumPy's steps; here NumPy's checks, its errors, and `density=True`'s division.

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::registry::histogram::density;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// The runtime's statuses (`histogram.rs`) and NumPy's `ValueError` for each.
const UNIFORM_ERRORS: [(u64, &str); 5] = [
    (1, "`bins` must be positive, when an integer"),
    (2, "max must be larger than min in range parameter."),
    (3, "supplied range of [..] is not finite (made per call)"),
    (4, "autodetected range of [{0:f}, {1:f}] is not finite"),
    (
        5,
        "Too many bins for data range. Cannot create {2} finite-sized bins.",
    ),
];

fn vector(dtype: Type) -> ArrayTy {
    ArrayTy {
        dtype,
        ndim: 1,
        layout: Layout::C,
        readonly: false,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.histogram(a, bins, range, density, weights)`.
    pub(super) fn lower_histogram(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let weighted = c.args[4].t != Type::NoneType;
        if weighted {
            self.check_weights_shape(c)?;
        }
        // The items and weights are read where they lie: their native forms by address.
        let x = self.spill_array(&c.args[0])?;
        let x = self.array_params(&x);
        let null = self
            .cx()
            .ptr_type(inkwell::AddressSpace::default())
            .const_null();
        let w = match weighted {
            true => {
                let w = self.spill_array(&c.args[4])?;
                self.array_params(&w)
            }
            false => [null.into(), self.i64(0).into(), self.i64(0).into()],
        };
        let counts_t = match &c.args[4].t {
            Type::Array(w) if w.dtype == Type::F64 => Type::F64,
            _ => Type::I64,
        };
        let mark = self.extra_live.len();
        let (counts, edges, edges_t) = match &c.args[1].t {
            Type::Array(bt) => {
                let bt = (**bt).clone();
                let e = self.flat_copy(&c.args[1], &Type::F64)?;
                let nb = self.b.build_int_sub(e.n, self.i64(1), "bins").ir()?;
                let nb = self.smax(nb, self.i64(0))?;
                let counts = self.zeroed_counts(&counts_t, nb)?;
                let (ints, floats) = self.count_pointers(counts, &counts_t)?;
                let mut args = Vec::from(x);
                args.extend(w);
                args.extend::<[BasicMetadataValueEnum<'ctx>; 4]>([
                    e.data.into(),
                    e.n.into(),
                    ints.into(),
                    floats.into(),
                ]);
                let status = self.call_runtime(RuntimeFn::HistogramEdges, &args)?;
                let status = status.expect("a status").into_int_value();
                let ok = self
                    .b
                    .build_int_compare(
                        IntPredicate::EQ,
                        status,
                        status.get_type().const_zero(),
                        "ok",
                    )
                    .ir()?;
                self.check(
                    ok,
                    "ValueError",
                    "`bins` must increase monotonically, when an array",
                )?;
                // NumPy's `asarray(bins)`: the edges are the array given.
                let edges = c.args[1].v;
                self.incref(edges, &c.args[1].t)?;
                // The copy of the edges goes; the counts stay.
                self.extra_live.remove(mark);
                self.decref(e.arr.into(), &e.t)?;
                (counts, edges.into_struct_value(), bt)
            }
            _ => {
                let (counts, edges) = self.uniform_histogram(c, &x, &w, &counts_t)?;
                (counts, edges, vector(Type::F64))
            }
        };
        // The results stay.
        self.extra_live.truncate(mark);
        let hist = match density(&c.args[3].t, c.args[3].c.as_ref()).unwrap_or(false) {
            true => {
                self.extra_live
                    .push((edges.into(), Type::Array(edges_t.clone().into())));
                let h = self.density(counts, &counts_t, edges, &edges_t);
                self.extra_live.pop();
                h?
            }
            false => counts,
        };
        let st = self.llvm_type(c.result).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), hist, 0, "hist")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(agg, edges, 1, "edges")
            .ir()?
            .into_struct_value()
            .into())
    }

    /// NumPy's `_ravel_and_check_weights`: the weights have `a`'s shape.
    fn check_weights_shape(&mut self, c: &CallCx<'_, 'ctx>) -> R<()> {
        let (a, at) = self.array_arg(&c.args[0]);
        let (w, wt) = self.array_arg(&c.args[4]);
        let msg = "weights should have the same shape as a.";
        let mut same = self
            .cx()
            .bool_type()
            .const_int((at.ndim == wt.ndim) as u64, false);
        if at.ndim == wt.ndim {
            for (p, q) in self
                .shape_values(a, &at)?
                .into_iter()
                .zip(self.shape_values(w, &wt)?)
            {
                let eq = self
                    .b
                    .build_int_compare(IntPredicate::EQ, p, q, "same")
                    .ir()?;
                same = self.b.build_and(same, eq, "same").ir()?;
            }
        }
        self.check(same, "ValueError", msg)
    }

    /// A new array of `n` zero counts of `t`, kept alive on a raise.
    fn zeroed_counts(&mut self, t: &Type, n: IntValue<'ctx>) -> R<StructValue<'ctx>> {
        let at = vector(t.clone());
        let counts = self.new_array(&at, &[n], true)?;
        self.extra_live
            .push((counts.into(), Type::Array(at.into())));
        Ok(counts)
    }

    /// The runtime's two count pointers: the array's data where it has `t`, null for the other.
    fn count_pointers(
        &mut self,
        counts: StructValue<'ctx>,
        t: &Type,
    ) -> R<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)> {
        let data = ArrayValue(counts).data(&self.b)?;
        let null = self
            .cx()
            .ptr_type(inkwell::AddressSpace::default())
            .const_null();
        Ok(match t {
            Type::Float(64) => (null.into(), data.into()),
            _ => (data.into(), null.into()),
        })
    }

    /// Equal bins: NumPy's edges, checks and counts; returns the counts and the edges.
    fn uniform_histogram(
        &mut self,
        c: &CallCx<'_, 'ctx>,
        x: &[BasicMetadataValueEnum<'ctx>; 3],
        w: &[BasicMetadataValueEnum<'ctx>; 3],
        counts_t: &Type,
    ) -> R<(StructValue<'ctx>, StructValue<'ctx>)> {
        let bins = self
            .cast(c.args[1].v, &c.args[1].t, &Type::I64)?
            .into_int_value();
        let nb = self.smax(bins, self.i64(0))?;
        let n_edges = self.b.build_int_add(nb, self.i64(1), "edges").ir()?;
        let et = vector(Type::F64);
        let edges = self.new_array(&et, &[n_edges], false)?;
        self.extra_live
            .push((edges.into(), Type::Array(et.clone().into())));
        let counts = self.zeroed_counts(counts_t, nb)?;
        let (ints, floats) = self.count_pointers(counts, counts_t)?;
        let f64t = self.cx().f64_type();
        let (kind, lo, hi) = match &c.args[2].t {
            Type::Tuple(items) => {
                let tuple = c.args[2].v.into_struct_value();
                let mut ends = Vec::new();
                for (k, t) in items.iter().enumerate() {
                    let v = self.b.build_extract_value(tuple, k as u32, "end").ir()?;
                    ends.push(self.cast(v, t, &Type::F64)?);
                }
                let ints = items.iter().all(|t| t.is_integer_like());
                (if ints { 1 } else { 2 }, ends[0], ends[1])
            }
            _ => (0, f64t.const_zero().into(), f64t.const_zero().into()),
        };
        let outer = self.alloca(f64t.array_type(2).into(), "outer")?;
        let int_items = matches!(&c.args[0].t, Type::Array(a) if a.dtype.is_integer_like());
        let bool_t = self.cx().bool_type();
        let mut args = Vec::from(*x);
        args.extend(*w);
        args.extend::<[BasicMetadataValueEnum<'ctx>; 9]>([
            bins.into(),
            self.cx().i32_type().const_int(kind, false).into(),
            lo.into(),
            hi.into(),
            bool_t.const_int(int_items as u64, false).into(),
            ArrayValue(edges).data(&self.b)?.into(),
            ints.into(),
            floats.into(),
            outer.into(),
        ]);
        let status = self.call_runtime(RuntimeFn::HistogramUniform, &args)?;
        let status = status.expect("a status").into_int_value();
        let i64t = self.cx().i64_type();
        let outer_bits: Vec<IntValue<'ctx>> = (0..2)
            .map(|k| {
                // SAFETY: in bounds: `outer` holds two floats.
                let p = unsafe {
                    self.b.build_in_bounds_gep(
                        f64t.array_type(2),
                        outer,
                        &[i64t.const_zero(), i64t.const_int(k, false)],
                        "end",
                    )
                }
                .ir()?;
                Ok(self.b.build_load(i64t, p, "bits").ir()?.into_int_value())
            })
            .collect::<R<_>>()?;
        // NumPy shows a range given as integers as integers (`{3}`, `{4}`), floats by repr.
        let mut shown = vec![outer_bits[0], outer_bits[1], bins];
        let mut supplied = String::from("supplied range of [");
        if let Type::Tuple(items) = &c.args[2].t {
            let tuple = c.args[2].v.into_struct_value();
            for (k, t) in items.iter().enumerate() {
                let v = self.b.build_extract_value(tuple, k as u32, "end").ir()?;
                match t.is_integer_like() {
                    true => {
                        shown.push(self.cast(v, t, &Type::I64)?.into_int_value());
                        supplied.push_str(&format!("{{{}}}", shown.len() - 1));
                    }
                    false => supplied.push_str(&format!("{{{k}:f}}")),
                }
                supplied.push_str(if k == 0 { ", " } else { "] is not finite" });
            }
        }
        for (code, msg) in UNIFORM_ERRORS {
            let msg = if code == 3 { supplied.as_str() } else { msg };
            let ok = self
                .b
                .build_int_compare(
                    IntPredicate::NE,
                    status,
                    status.get_type().const_int(code, false),
                    "ok",
                )
                .ir()?;
            self.check_formatted(ok, "ValueError", msg, &shown)?;
        }
        Ok((counts, edges))
    }

    /// `density=True`: `hist / diff(bin_edges) / hist.sum()` in float64, as NumPy's; gives back
    /// the counts.
    fn density(
        &mut self,
        counts: StructValue<'ctx>,
        counts_t: &Type,
        edges: StructValue<'ctx>,
        et: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let ct = vector(counts_t.clone());
        let n = self.array_size(counts, &ct)?;
        let ht = vector(Type::F64);
        self.extra_live
            .push((counts.into(), Type::Array(ct.clone().into())));
        let hist = self.new_array(&ht, &[n], false);
        self.extra_live.pop();
        let hist = hist?;
        // NumPy's `n.sum()`: exact for counts, pairwise for float sums.
        let total = match counts_t {
            Type::Float(64) => {
                let data = ArrayValue(counts).data(&self.b)?;
                let zero = self.cx().f64_type().const_zero();
                let args = [zero.into(), data.into(), n.into(), self.i64(8).into()];
                self.call_runtime(RuntimeFn::PairwiseSumF64, &args)?
                    .expect("a sum")
            }
            t => {
                let acc = self.alloca(self.cx().i64_type().into(), "total")?;
                self.b.build_store(acc, self.i64(0)).ir()?;
                self.for_each_index(&[n], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                    let v = s.array_load(counts, &ct, i)?.into_int_value();
                    let sum =
                        s.b.build_load(s.cx().i64_type(), acc, "t")
                            .ir()?
                            .into_int_value();
                    let sum = s.b.build_int_add(sum, v, "t").ir()?;
                    s.b.build_store(acc, sum).ir()?;
                    Ok(())
                })?;
                let total = self.b.build_load(self.cx().i64_type(), acc, "total").ir()?;
                self.cast(total, t, &Type::F64)?
            }
        }
        .into_float_value();
        let edt = et.dtype.clone();
        let cdt = counts_t.clone();
        self.for_each_index(&[n], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let next = s.b.build_int_add(i[0], s.i64(1), "next").ir()?;
            let e0 = s.array_load(edges, et, i)?;
            let e1 = s.array_load(edges, et, &[next])?;
            let width = s.add_or_sub(e1, e0, &edt, false)?;
            let width = s.cast(width, &edt, &Type::F64)?.into_float_value();
            let v = s.array_load(counts, &ct, i)?;
            let v = s.cast(v, &cdt, &Type::F64)?.into_float_value();
            let q = s.b.build_float_div(v, width, "per").ir()?;
            let q = s.b.build_float_div(q, total, "density").ir()?;
            let p = s.element_ptr(hist, &ht, i)?;
            s.b.build_store(p, q).ir()?;
            Ok(())
        })?;
        self.decref(counts.into(), &Type::Array(ct.into()))?;
        Ok(hist)
    }
}
