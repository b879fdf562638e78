//! libm calls the loop vectoriser may turn into four-lane calls (`oxjit_runtime::vmath`): the
//! call goes to the C library's own function under a name LLVM does not know, declared pure,
//! with LLVM's `vector-function-abi-variant` attribute naming the four-lane function (the
//! VFABI mapping `_ZGV_LLVM_N4v_<scalar>(<vector>)`). A call outside a vectorised loop stays
//! the C library's; a vectorised one computes the same bits, four at a time.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Linkage;
use inkwell::values::{BasicValue, FloatValue, FunctionValue};
use inkwell::AddressSpace;
use oxjit_runtime::vmath::{self, VectorFn};

use super::{FnGen, Ir, R};

/// The global LLVM keeps its listed declarations in (until the vectoriser has run).
const COMPILER_USED: &str = "llvm.compiler.used";

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// libm's `name` of the double `x` through its vector variant's scalar alias, or `None`
    /// where there is none (no AVX2/FMA, the self-check failed, a GPU target).
    pub fn call_vectorizable_libm(
        &self,
        name: &str,
        x: FloatValue<'ctx>,
    ) -> R<Option<FloatValue<'ctx>>> {
        if self.target().is_cuda() {
            return Ok(None);
        }
        let Some(vf) = vmath::vector_variant(name) else {
            return Ok(None);
        };
        let scalar = self.declare_pure_f64(vf);
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
                .expect("f64")
                .into_float_value(),
        ))
    }

    /// The scalar alias and the vector function of `vf`, declared (pure, nounwind) on first
    /// use; the vector function kept in `llvm.compiler.used` so that no pass drops the unused
    /// declaration before the vectoriser looks for it.
    fn declare_pure_f64(&self, vf: &VectorFn) -> FunctionValue<'ctx> {
        let module = &self.m.module;
        if let Some(f) = module.get_function(vf.scalar) {
            return f;
        }
        let cx = self.cx();
        let f64t = cx.f64_type();
        let vt = f64t.vec_type(vf.lanes);
        let scalar = module.add_function(
            vf.scalar,
            f64t.fn_type(&[f64t.into()], false),
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

    /// `llvm.compiler.used` rebuilt to list every vector function declared in the module.
    pub(super) fn keep_vector_declarations(&self) {
        let module = &self.m.module;
        if let Some(old) = module.get_global(COMPILER_USED) {
            // SAFETY: the global is only ever referred to by LLVM itself, by name.
            unsafe { old.delete() };
        }
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let used: Vec<_> = vmath::VECTOR_FNS
            .iter()
            .chain(vmath::np_simd::NP_SIMD_F32_FNS)
            .filter_map(|vf| module.get_function(vf.vector))
            .map(|f| f.as_global_value().as_pointer_value())
            .collect();
        let init = ptr.const_array(&used);
        let global = module.add_global(init.get_type(), None, COMPILER_USED);
        global.set_linkage(Linkage::Appending);
        global.set_section(Some("llvm.metadata"));
        global.set_initializer(&init.as_basic_value_enum());
    }
}
