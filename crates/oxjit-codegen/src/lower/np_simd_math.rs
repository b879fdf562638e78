//! NumPy's own float32 `exp`/`log`/`sin`/`cos`/`tanh` and float64 `tanh`
//! (`oxjit_runtime::vmath::np_simd`): where NumPy's SIMD loops round differently from the C
//! library, the ufunc calls the runtime's copy of NumPy's code, declared pure, with the
//! eight-lane (float32) or four-lane (float64) variant attached
//! (`_ZGV_LLVM_N<lanes>v_<scalar>(<vector>)`) for the loop vectoriser.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Linkage;
use inkwell::types::FloatType;
use inkwell::values::{FloatValue, FunctionValue};
use oxjit_runtime::vmath::{np_simd, VectorFn};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// NumPy's float32 ufunc `name` of `x`, or `None` where NumPy's code is not in use (the
    /// self-check did not pass, no AVX2/FMA, a GPU target).
    pub fn call_np_simd_f32(&self, name: &str, x: FloatValue<'ctx>) -> R<Option<FloatValue<'ctx>>> {
        if self.target().is_cuda() {
            return Ok(None);
        }
        match np_simd::variant(name) {
            Some(vf) => self.call_np_simd(vf, x).map(Some),
            None => Ok(None),
        }
    }

    /// NumPy's float64 ufunc `name` of `x` (`np_simd::NP_SIMD_F64_FNS`), as
    /// [`Self::call_np_simd_f32`].
    pub fn call_np_simd_f64(&self, name: &str, x: FloatValue<'ctx>) -> R<Option<FloatValue<'ctx>>> {
        if self.target().is_cuda() {
            return Ok(None);
        }
        match np_simd::variant_f64(name) {
            Some(vf) => self.call_np_simd(vf, x).map(Some),
            None => Ok(None),
        }
    }

    /// The call of `vf`'s scalar function on `x`, its vector variant attached.
    fn call_np_simd(&self, vf: &VectorFn, x: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let scalar = self.declare_pure_float(vf, x.get_type());
        let call = self.b.build_call(scalar, &[x.into()], vf.libm).ir()?;
        let mapping = format!("_ZGV_LLVM_N{}v_{}({})", vf.lanes, vf.scalar, vf.vector);
        call.add_attribute(
            AttributeLoc::Function,
            self.cx()
                .create_string_attribute("vector-function-abi-variant", &mapping),
        );
        Ok(call
            .try_as_basic_value()
            .basic()
            .expect("float")
            .into_float_value())
    }

    /// The scalar and vector functions of `vf` on `ft`, declared (pure, nounwind) on first
    /// use and kept in `llvm.compiler.used` for the vectoriser.
    fn declare_pure_float(&self, vf: &VectorFn, ft: FloatType<'ctx>) -> FunctionValue<'ctx> {
        let module = &self.m.module;
        if let Some(f) = module.get_function(vf.scalar) {
            return f;
        }
        let cx = self.cx();
        let vt = ft.vec_type(vf.lanes);
        let scalar = module.add_function(
            vf.scalar,
            ft.fn_type(&[ft.into()], false),
            Some(Linkage::External),
        );
        let vector = module.add_function(
            vf.vector,
            vt.fn_type(&[vt.into()], false),
            Some(Linkage::External),
        );
        for f in [scalar, vector] {
            for (attr, value) in [
                ("nounwind", 0),
                ("willreturn", 0),
                ("nosync", 0),
                ("memory", 0),
            ] {
                let kind = Attribute::get_named_enum_kind_id(attr);
                f.add_attribute(
                    AttributeLoc::Function,
                    cx.create_enum_attribute(kind, value),
                );
            }
        }
        self.keep_vector_declarations();
        scalar
    }
}
