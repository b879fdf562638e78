//! NumPy's set functions (core's `registry/setops.rs` types them): flat C copies of the
//! arguments in the dtype they are compared in, handed to the runtime (`oxjit-runtime/src/
//! setops.rs`), which writes the results into arrays made here with room for every item; the
//! result is a view of the part written.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use oxjit_abi::{setop, RuntimeFn, SortOp};
use oxjit_core::registry::setops::{compare_dtype, unique_flags};
use oxjit_core::registry::ArrayFn;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::{Arg, CallCx};
use super::creation::{array_fn, result_array};
use super::sort::sort_elem;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// A flat C copy made for the runtime: the array (owned), its type, its data and its size.
pub(super) struct Flat<'ctx> {
    pub arr: StructValue<'ctx>,
    pub t: Type,
    pub data: PointerValue<'ctx>,
    pub n: IntValue<'ctx>,
}

fn vector(dtype: &Type) -> ArrayTy {
    ArrayTy {
        dtype: dtype.clone(),
        ndim: 1,
        layout: Layout::C,
        readonly: false,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A C copy of array argument `a` in `dtype`, kept alive (released on a raise) until
    /// [`Self::release_flats`].
    pub(super) fn flat_copy(&mut self, a: &Arg<'ctx>, dtype: &Type) -> R<Flat<'ctx>> {
        let (src, st) = self.array_arg(a);
        let ct = ArrayTy {
            dtype: dtype.clone(),
            layout: Layout::C,
            readonly: false,
            ..st.clone()
        };
        let arr = self.copy_of(src, &st, &ct)?;
        let t = Type::Array(ct.clone().into());
        self.extra_live.push((arr.into(), t.clone()));
        let n = self.array_size(arr, &ct)?;
        let data = ArrayValue(arr).data(&self.b)?;
        Ok(Flat { arr, t, data, n })
    }

    /// Releases the copies `flat_copy` made (the last made first).
    pub(super) fn release_flats(&mut self, flats: Vec<Flat<'ctx>>) -> R<()> {
        for f in flats.into_iter().rev() {
            self.extra_live.pop();
            self.decref(f.arr.into(), &f.t)?;
        }
        Ok(())
    }

    /// A new 1-d array of `dtype` with room for `n` items, kept alive until the copies go.
    pub(super) fn room(
        &mut self,
        dtype: &Type,
        n: IntValue<'ctx>,
    ) -> R<(StructValue<'ctx>, ArrayTy)> {
        let at = vector(dtype);
        let arr = self.new_array(&at, &[n], false)?;
        self.extra_live
            .push((arr.into(), Type::Array(at.clone().into())));
        Ok((arr, at))
    }

    /// `np.union1d`, `np.intersect1d`, `np.setdiff1d`, `np.setxor1d` and `np.isin`.
    pub(super) fn lower_setop(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let f = array_fn(c)?;
        let dtype = compare_dtype(&[c.args[0].t.clone(), c.args[1].t.clone()]);
        let x = self.flat_copy(&c.args[0], &dtype)?;
        let y = self.flat_copy(&c.args[1], &dtype)?;
        let elem = sort_elem(&dtype);
        let result = match f {
            ArrayFn::Isin => self.isin(c, &x, &y, elem)?,
            ArrayFn::Intersect1d if matches!(c.result, Type::Tuple(_)) => {
                self.intersect_indices(c, &x, &y, elem, &dtype)?
            }
            _ => self.set_values(c, f, &x, &y, elem, &dtype)?,
        };
        self.release_flats(vec![x, y])?;
        Ok(result)
    }

    /// The runtime's `op` constant for `f`, chosen by `assume_unique` at run time.
    fn setop_code(&mut self, c: &CallCx<'_, 'ctx>, f: ArrayFn) -> R<IntValue<'ctx>> {
        let i32t = self.cx().i32_type();
        let (plain, assumed) = match f {
            ArrayFn::Union1d => return Ok(i32t.const_int(setop::UNION as u64, false)),
            ArrayFn::Intersect1d => (setop::INTERSECT, setop::INTERSECT_ASSUMED),
            ArrayFn::Setdiff1d => (setop::DIFF, setop::DIFF_ASSUMED),
            _ => (setop::XOR, setop::XOR_ASSUMED),
        };
        let assume = self.flag(&c.args[2])?;
        let code = self
            .b
            .build_select(
                assume,
                i32t.const_int(assumed as u64, false),
                i32t.const_int(plain as u64, false),
                "setop",
            )
            .ir()?;
        Ok(code.into_int_value())
    }

    /// A bool argument as an `i1`.
    fn flag(&mut self, a: &Arg<'ctx>) -> R<IntValue<'ctx>> {
        Ok(self.cast(a.v, &a.t, &Type::Bool)?.into_int_value())
    }

    /// The values of a set operation: `op` of the two copies into a new array.
    fn set_values(
        &mut self,
        c: &CallCx<'_, 'ctx>,
        f: ArrayFn,
        x: &Flat<'ctx>,
        y: &Flat<'ctx>,
        elem: oxjit_abi::SortElem,
        dtype: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let op = self.setop_code(c, f)?;
        let cap = self.b.build_int_add(x.n, y.n, "room").ir()?;
        let (out, ot) = self.room(dtype, cap)?;
        let data = ArrayValue(out).data(&self.b)?;
        let args = [
            op.into(),
            x.data.into(),
            x.n.into(),
            y.data.into(),
            y.n.into(),
            data.into(),
        ];
        let k = self
            .call_runtime(RuntimeFn::Sort(SortOp::SetOp, elem), &args)?
            .expect("a count")
            .into_int_value();
        let values = self.reshaped(out, &ot, &ot, &[k])?;
        let rt = result_array(c)?;
        if rt.dtype == *dtype {
            self.extra_live.pop();
            return Ok(values.into());
        }
        // `setdiff1d` keeps `ar1`'s dtype: its values back from the dtype compared in (exact,
        // typing made sure).
        let back = self.copy_of(values, &ot, &rt)?;
        self.extra_live.pop();
        self.decref(out.into(), &Type::Array(ot.into()))?;
        Ok(back.into())
    }

    /// `np.isin(element, test_elements, assume_unique, invert)`: a bool array of `element`'s
    /// shape (`assume_unique` changes only NumPy's method, not the result).
    fn isin(
        &mut self,
        c: &CallCx<'_, 'ctx>,
        x: &Flat<'ctx>,
        y: &Flat<'ctx>,
        elem: oxjit_abi::SortElem,
    ) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let (src, st) = self.array_arg(&c.args[0]);
        let shape = self.shape_values(src, &st)?;
        let out = self.new_array(&rt, &shape, false)?;
        let data = ArrayValue(out).data(&self.b)?;
        let invert = self.flag(&c.args[3])?;
        let args = [
            x.data.into(),
            x.n.into(),
            y.data.into(),
            y.n.into(),
            invert.into(),
            data.into(),
        ];
        self.call_runtime(RuntimeFn::Sort(SortOp::Isin, elem), &args)?;
        Ok(out.into())
    }

    /// `np.intersect1d(..., return_indices=True)`: `(values, indices in ar1, indices in ar2)`.
    fn intersect_indices(
        &mut self,
        c: &CallCx<'_, 'ctx>,
        x: &Flat<'ctx>,
        y: &Flat<'ctx>,
        elem: oxjit_abi::SortElem,
        dtype: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let cap = self.b.build_int_add(x.n, y.n, "room").ir()?;
        let (values, vt) = self.room(dtype, cap)?;
        let (first, it) = self.room(&Type::I64, cap)?;
        let (second, _) = self.room(&Type::I64, cap)?;
        let assume = self.flag(&c.args[2])?;
        let mut args = vec![
            x.data.into(),
            x.n.into(),
            y.data.into(),
            y.n.into(),
            assume.into(),
        ];
        for a in [values, first, second] {
            args.push(ArrayValue(a).data(&self.b)?.into());
        }
        let k = self
            .call_runtime(RuntimeFn::Sort(SortOp::IntersectIndices, elem), &args)?
            .expect("a count")
            .into_int_value();
        let items = [
            self.reshaped(values, &vt, &vt, &[k])?,
            self.reshaped(first, &it, &it, &[k])?,
            self.reshaped(second, &it, &it, &[k])?,
        ];
        for _ in 0..3 {
            self.extra_live.pop();
        }
        self.arrays_tuple(&items, c.result)
    }

    /// A tuple value of type `t` made of `items`.
    pub(super) fn arrays_tuple(
        &mut self,
        items: &[StructValue<'ctx>],
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        self.struct_of(t, items.iter().copied(), "item")
    }

    /// `np.unique(ar, ...)`: the sorted values alone (`lower_unique`'s fast path), or with the
    /// first indices, the inverse and the counts asked for.
    pub(super) fn lower_unique_all(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let flags = unique_flags(&c.args.iter().map(|a| a.c.clone()).collect::<Vec<_>>());
        let plain = !flags.iter().any(|&b| b);
        if c.args[4].t != Type::NoneType {
            // NumPy checks the axis, then treats a 1-d array as with `axis=None`.
            let (_, st) = self.array_arg(&c.args[0]);
            let axis = self.run_time_axis(c.args[4].v, &c.args[4].t, st.ndim)?;
            if st.ndim > 1 {
                return self.lower_unique_axis(c, axis);
            }
        }
        if plain && c.args[5].c == Some(oxjit_core::ir::Const::Bool(true)) {
            return self.lower_unique(c);
        }
        let equal_nan = self.flag(&c.args[5])?;
        let dtype = compare_dtype(std::slice::from_ref(&c.args[0].t));
        let x = self.flat_copy(&c.args[0], &dtype)?;
        let (values, vt) = self.room(&dtype, x.n)?;
        let i64p = self.cx().ptr_type(inkwell::AddressSpace::default());
        let mut made = vec![(values, vt.clone())];
        let mut args = vec![x.data.into(), x.n.into(), equal_nan.into()];
        args.push(ArrayValue(values).data(&self.b)?.into());
        for &wanted in &flags {
            if wanted {
                let (a, at) = self.room(&Type::I64, x.n)?;
                args.push(ArrayValue(a).data(&self.b)?.into());
                made.push((a, at));
            } else {
                args.push(i64p.const_null().into());
            }
        }
        let k = self
            .call_runtime(RuntimeFn::Sort(SortOp::UniqueAll, sort_elem(&dtype)), &args)?
            .expect("a count")
            .into_int_value();
        let (src, st) = self.array_arg(&c.args[0]);
        let shape = self.shape_values(src, &st)?;
        let mut items = Vec::new();
        let mut next = made.iter();
        let (v, vt) = next.next().expect("the values");
        items.push(self.reshaped(*v, vt, vt, &[k])?);
        for (k_flag, &wanted) in flags.iter().enumerate() {
            if !wanted {
                continue;
            }
            let (a, at) = next.next().expect("an array asked for");
            let item = match k_flag {
                // The inverse, one index per item of `ar`, in `ar`'s shape.
                1 => {
                    let it = ArrayTy {
                        ndim: st.ndim,
                        ..at.clone()
                    };
                    self.reshaped(*a, at, &it, &shape)?
                }
                _ => self.reshaped(*a, at, at, &[k])?,
            };
            items.push(item);
        }
        for _ in 0..made.len() {
            self.extra_live.pop();
        }
        self.release_flats(vec![x])?;
        if plain {
            return Ok(items[0].into());
        }
        self.arrays_tuple(&items, c.result)
    }
}
