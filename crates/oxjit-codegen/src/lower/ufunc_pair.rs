//! `np.frexp(x)` and `np.modf(x)` (core's `registry::ufunc_pair` types them): the C library's
//! `frexp`/`modf` in float64 through the runtime (`oxjit_rt_frexp`, `oxjit_rt_modf`, as for
//! `math.frexp`), whose results for a narrower float are exact in its type (a mantissa, an
//! integral part), so they equal NumPy's `frexpf`/`modff`; on arrays, two new arrays filled
//! in one pass.

use inkwell::values::{BasicValueEnum, IntValue};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::{ArrayFn, Builtin};
use oxjit_core::types::{ArrayTy, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_ufunc_pair(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let frexp = c.id == Builtin::Array(ArrayFn::Frexp);
        let Type::Tuple(results) = c.result else {
            return Err(Diagnostic::internal("frexp/modf make a tuple"));
        };
        let (first_t, second_t) = (results[0].clone(), results[1].clone());
        let st = self.llvm_type(c.result).into_struct_type();
        let x = &c.args[0];
        let Type::Array(at) = &x.t else {
            let (a, b) = self.pair_item(frexp, x.v, &x.t, &first_t, &second_t)?;
            let agg = self
                .b
                .build_insert_value(st.get_undef(), a, 0, "pair")
                .ir()?;
            let agg = self.b.build_insert_value(agg, b, 1, "pair").ir()?;
            return Ok(agg.into_struct_value().into());
        };
        let (Type::Array(ft), Type::Array(et)) = (&first_t, &second_t) else {
            return Err(Diagnostic::internal("frexp/modf of an array make arrays"));
        };
        let (ft, et): (ArrayTy, ArrayTy) = ((**ft).clone(), (**et).clone());
        let arr = x.v.into_struct_value();
        let shape = self.shape_values(arr, at)?;
        let strides = self.array_strides(arr, at)?;
        let order = [(shape.clone(), strides)];
        let first = self.new_array_keep_order(&ft, &shape, &order)?;
        self.extra_live.push((first.into(), first_t.clone()));
        let second = self.new_array_keep_order(&et, &shape, &order);
        self.extra_live.pop();
        let second = second?;
        let dtype = at.dtype.clone();
        let (fd, ed) = (ft.dtype.clone(), et.dtype.clone());
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let v = s.array_load(arr, at, idx)?;
            let (a, b) = s.pair_item(frexp, v, &dtype, &fd, &ed)?;
            let p = s.element_ptr(first, &ft, idx)?;
            s.b.build_store(p, a).ir()?;
            let p = s.element_ptr(second, &et, idx)?;
            s.b.build_store(p, b).ir()?;
            Ok(())
        })?;
        let agg = self
            .b
            .build_insert_value(st.get_undef(), first, 0, "pair")
            .ir()?;
        let agg = self.b.build_insert_value(agg, second, 1, "pair").ir()?;
        Ok(agg.into_struct_value().into())
    }

    /// The two results of one item `v` of type `t`, in types `first_t` and `second_t`.
    fn pair_item(
        &mut self,
        frexp: bool,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        first_t: &Type,
        second_t: &Type,
    ) -> R<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)> {
        // Through the loop's float type first (an int64 rounds to float64 as NumPy casts it).
        let x = self.cast(v, t, first_t)?;
        let x = self.cast(x, first_t, &Type::F64)?;
        let (rt, slot_t): (RuntimeFn, Type) = if frexp {
            (RuntimeFn::Frexp, Type::I64)
        } else {
            (RuntimeFn::Modf, Type::F64)
        };
        let slot = self.alloca(self.llvm_type(&slot_t), "second")?;
        let func = self.runtime(rt);
        let a = self
            .b
            .build_call(func, &[x.into(), slot.into()], rt.name())
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("f64");
        let b = self
            .b
            .build_load(self.llvm_type(&slot_t), slot, "second")
            .ir()?;
        let a = self.cast(a, &Type::F64, first_t)?;
        let b = self.cast(b, &slot_t, second_t)?;
        Ok((a, b))
    }
}
