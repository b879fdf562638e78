//! libm calls the loop vectoriser may turn into four-lane calls (`oxjit_runtime::vmath`): the
//! call goes to the C library's own function under a name LLVM does not know, declared pure,
//! with LLVM's `vector-function-abi-variant` attribute naming the four-lane function (the
//! VFABI mapping `_ZGV_LLVM_N4v_<scalar>(<vector>)`, `N4vv` for `pow`'s two arguments) and,
//! for `pow`, a masked variant (`_ZGV_LLVM_M4vv_...`) for a call the loop makes only on some
//! items (cube.rs's rare `pow`): a function defined here that skips a vector whose mask is all
//! false and hands the others to the runtime's masked function. A call
//! outside a vectorised loop stays the C library's; a vectorised one computes the same bits,
//! four at a time.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Linkage;
use inkwell::values::{BasicMetadataValueEnum, BasicValue, FloatValue, FunctionValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_runtime::vmath::{self, VectorFn};

use super::{FnGen, Ir, R};
use crate::target::mark_pure;

/// The global LLVM keeps its listed declarations in (until the vectoriser has run).
const COMPILER_USED: &str = "llvm.compiler.used";

/// The module metadata that says a masked wrapper is defined: `optimize` inlines it after O3.
pub(crate) const MASKED_VECTOR_MARKER: &str = "oxjit.masked_vector";

/// The name of the masked variant of `vf` (defined in the module).
fn masked_name(vf: &VectorFn) -> String {
    format!("{}.masked", vf.vector)
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// libm's `name` of the doubles `args` through its vector variant's scalar alias, or `None`
    /// where there is none (no AVX2/FMA, the self-check failed, a GPU target).
    pub fn call_vectorizable_libm(
        &self,
        name: &str,
        args: &[FloatValue<'ctx>],
    ) -> R<Option<FloatValue<'ctx>>> {
        if self.target().is_cuda() {
            return Ok(None);
        }
        let Some(vf) = vmath::vector_variant(name) else {
            return Ok(None);
        };
        assert_eq!(
            args.len(),
            vf.args as usize,
            "{name} takes {} doubles",
            vf.args
        );
        let scalar = self.declare_vector_fn(vf)?;
        let call_args: Vec<BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        let call = self.b.build_call(scalar, &call_args, name).ir()?;
        let params = "v".repeat(vf.args as usize);
        let mut mapping = format!(
            "_ZGV_LLVM_N{}{params}_{}({})",
            vf.lanes, vf.scalar, vf.vector
        );
        if vf.masked.is_some() {
            mapping += &format!(
                ",_ZGV_LLVM_M{}{params}_{}({})",
                vf.lanes,
                vf.scalar,
                masked_name(vf)
            );
        }
        call.add_attribute(
            inkwell::attributes::AttributeLoc::Function,
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

    /// The scalar alias, the vector function and its masked variant of `vf`, declared (pure)
    /// on first use; the vector functions kept in `llvm.compiler.used` so that no pass drops
    /// them before the vectoriser looks for them.
    fn declare_vector_fn(&self, vf: &VectorFn) -> R<FunctionValue<'ctx>> {
        let module = &self.m.module;
        if let Some(f) = module.get_function(vf.scalar) {
            return Ok(f);
        }
        let cx = self.cx();
        let f64t = cx.f64_type();
        let vt = f64t.vec_type(vf.lanes);
        let n = vf.args as usize;
        let scalar = module.add_function(
            vf.scalar,
            f64t.fn_type(&vec![f64t.into(); n], false),
            Some(Linkage::External),
        );
        let vector = module.add_function(
            vf.vector,
            vt.fn_type(&vec![vt.into(); n], false),
            Some(Linkage::External),
        );
        for f in [scalar, vector] {
            mark_pure(cx, f);
        }
        if let Some(runtime) = vf.masked {
            let wrapper = self.define_masked(vf, runtime)?;
            mark_pure(cx, wrapper);
        }
        self.keep_vector_declarations();
        Ok(scalar)
    }

    /// `<lanes x double> vector.masked(<lanes x double>..., <lanes x i1> mask)`, the form
    /// the vectoriser calls: nothing where the mask is all false (its first argument, of
    /// which the vectoriser reads no lane), else the runtime's masked function `runtime`
    /// given the mask as the bits of an `i32`.
    fn define_masked(&self, vf: &VectorFn, runtime: &str) -> R<FunctionValue<'ctx>> {
        let cx = self.cx();
        let module = &self.m.module;
        let vt = cx.f64_type().vec_type(vf.lanes);
        let i32t = cx.i32_type();
        let mut runtime_params = vec![vt.into(); vf.args as usize];
        runtime_params.push(i32t.into());
        let runtime = module.add_function(
            runtime,
            vt.fn_type(&runtime_params, false),
            Some(Linkage::External),
        );
        mark_pure(cx, runtime);
        let mut params = vec![vt.into(); vf.args as usize];
        params.push(cx.bool_type().vec_type(vf.lanes).into());
        let f = module.add_function(
            &masked_name(vf),
            vt.fn_type(&params, false),
            Some(Linkage::Internal),
        );
        let b = cx.create_builder();
        let entry = cx.append_basic_block(f, "entry");
        let some = cx.append_basic_block(f, "some");
        let none = cx.append_basic_block(f, "none");
        b.position_at_end(entry);
        let mask = f.get_last_param().expect("mask").into_vector_value();
        let width = std::num::NonZeroU32::new(vf.lanes).expect("lanes");
        let bits_t = cx
            .custom_width_int_type(width)
            .expect("an integer of one bit a lane");
        let bits = b
            .build_bit_cast(mask, bits_t, "bits")
            .ir()?
            .into_int_value();
        let any = b
            .build_int_compare(IntPredicate::NE, bits, bits_t.const_zero(), "any")
            .ir()?;
        let br = b.build_conditional_branch(any, some, none).ir()?;
        // Most vectors have no lane to compute (cube.rs: about one in five has one); the call's
        // block goes out of the loop's straight line once inlined.
        let weights = cx.metadata_node(&[
            cx.metadata_string("branch_weights").into(),
            i32t.const_int(1, false).into(),
            i32t.const_int(4, false).into(),
        ]);
        let _ = br.set_metadata(weights, cx.get_kind_id("prof"));
        b.position_at_end(some);
        let mut args: Vec<BasicMetadataValueEnum> = f
            .get_param_iter()
            .take(vf.args as usize)
            .map(|p| p.into())
            .collect();
        args.push(b.build_int_z_extend(bits, i32t, "mask").ir()?.into());
        let r = b
            .build_call(runtime, &args, "r")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("vector");
        b.build_return(Some(&r)).ir()?;
        b.position_at_end(none);
        let first = f.get_first_param().expect("argument");
        b.build_return(Some(&first)).ir()?;
        // Inlined into the vectorised loop after O3 (`optimize`'s MASKED_INLINE).
        let inline = Attribute::get_named_enum_kind_id("alwaysinline");
        f.add_attribute(AttributeLoc::Function, cx.create_enum_attribute(inline, 0));
        if module.get_global_metadata_size(MASKED_VECTOR_MARKER) == 0 {
            let marker = cx.metadata_node(&[]);
            let _ = module.add_global_metadata(MASKED_VECTOR_MARKER, &marker);
        }
        Ok(f)
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
            .flat_map(|vf| [vf.vector.to_string(), masked_name(vf)])
            .chain(
                vmath::np_simd::NP_SIMD_F32_FNS
                    .iter()
                    .chain(vmath::np_simd::NP_SIMD_F64_FNS)
                    .map(|vf| vf.vector.to_string()),
            )
            // the wrapper of the masked variant, not the runtime's function it calls
            .filter_map(|name| module.get_function(&name))
            .map(|f| f.as_global_value().as_pointer_value())
            .collect();
        let init = ptr.const_array(&used);
        let global = module.add_global(init.get_type(), None, COMPILER_USED);
        global.set_linkage(Linkage::Appending);
        global.set_section(Some("llvm.metadata"));
        global.set_initializer(&init.as_basic_value_enum());
    }
}
