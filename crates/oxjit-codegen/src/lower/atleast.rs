//! `np.atleast_1d`, `np.atleast_2d`, `np.atleast_3d`: the array itself or a view of it with
//! NumPy's axes of length 1; of several arrays, the tuple of each one's (NumPy 2's `*arys`).

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::{size_align, ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.atleast_1d(a)` (`2d`, `3d`): `a` or a view of it; of several arrays, the tuple of
    /// each one's (NumPy's `*arys`).
    pub(super) fn lower_atleast(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = c.result else {
            return self.at_least(&c.args[0], result_array(c)?);
        };
        let mut fields = Vec::new();
        for (arg, item) in c.args.iter().zip(items.iter()) {
            let Type::Array(rt) = item else {
                return Err(Diagnostic::internal("atleast_nd() of several makes arrays"));
            };
            fields.push(self.at_least(arg, (**rt).clone())?);
        }
        self.struct_of(c.result, fields, "atleast")
    }

    /// One array of `np.atleast_nd`: itself (a new reference) or a view with `rt`'s dimensions.
    fn at_least(&mut self, arg: &Arg<'ctx>, rt: ArrayTy) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(arg);
        if st.ndim == rt.ndim {
            self.incref(arg.v, &arg.t)?;
            return Ok(arg.v);
        }
        let mut shape = self.shape_values(src, &st)?;
        let mut strides = self.array_strides(src, &st)?;
        let (one, zero) = (self.i64(1), self.i64(0));
        match (st.ndim, rt.ndim) {
            (1, 3) => {
                shape = vec![one, shape[0], one];
                strides = vec![zero, strides[0], zero];
            }
            (2, 3) => {
                shape.push(one);
                strides.push(zero);
            }
            (1, 2) => {
                shape.insert(0, one);
                strides.insert(0, zero);
            }
            _ => {
                let itemsize = self.i64(size_align(&st.dtype).0 as i64);
                shape = vec![one; usize::from(rt.ndim)];
                strides = vec![itemsize; usize::from(rt.ndim)];
            }
        }
        let data = crate::models::array::ArrayValue(src).data(&self.b)?;
        let view = self.view_of(src, &rt, data, &shape, &strides)?;
        self.incref(view.into(), &Type::Array(rt.into()))?;
        Ok(view.into())
    }
}
