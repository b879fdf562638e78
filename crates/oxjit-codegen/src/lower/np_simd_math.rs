//! NumPy's own float32 `exp`/`log`/`sin`/`cos` (`oxjit_runtime::vmath::np_simd`): where
//! NumPy's SIMD loops round differently from the C library's `expf`/`logf`/`sinf`/`cosf`, such a
//! float32 ufunc calls the runtime's copy of NumPy's code, declared pure, with the eight-lane
//! variant attached (`_ZGV_LLVM_N8v_<scalar>(<vector>)`) for the loop vectoriser.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Linkage;
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
        let Some(vf) = np_simd::variant(name) else {
            return Ok(None);
        };
        let scalar = self.declare_pure_f32(vf);
        let call = self.b.build_call(scalar, &[x.into()], name).ir()?;
        let mapping = format!("_ZGV_LLVM_N{}v_{}({})", vf.lanes, vf.scalar, vf.vector);
        call.add_attribute(
            AttributeLoc::Function,
            self.cx()
                .create_string_attribute("vector-function-abi-variant", &mapping),
        );
        Ok(Some(
            call.try_as_basic_value()
                .basic()
                .expect("f32")
                .into_float_value(),
        ))
    }

    /// The scalar and vector functions of `vf` on floats, declared (pure, nounwind) on first
    /// use and kept in `llvm.compiler.used` for the vectoriser.
    fn declare_pure_f32(&self, vf: &VectorFn) -> FunctionValue<'ctx> {
        let module = &self.m.module;
        if let Some(f) = module.get_function(vf.scalar) {
            return f;
        }
        let cx = self.cx();
        let f32t = cx.f32_type();
        let vt = f32t.vec_type(vf.lanes);
        let scalar = module.add_function(
            vf.scalar,
            f32t.fn_type(&[f32t.into()], false),
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
