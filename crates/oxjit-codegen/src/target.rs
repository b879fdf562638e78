//! The seam between lowering and the machine it targets. Lowering says *what* it needs (a new
//! reference-counted block, an exception recorded for the caller, a math-library function) and
//! the target says *how*: `CpuTarget` calls the runtime crate's NRT allocator, fills the
//! runtime's `ExcInfo` record and calls the host's libm. A GPU target (NVPTX) would implement
//! the same trait with device allocation, its own exception record and libdevice, leaving
//! `FnGen` unchanged (Numba's `BaseContext` subclasses per target play this role).

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, FunctionType, StructType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue,
};
use inkwell::AddressSpace;
use oxjit_abi::exc_field;

use crate::error::{Ir, R};

/// Where a target emits code: the function being lowered's builder (positioned where the code
/// goes), its module and its exception record. It is all a target sees of lowering.
pub(crate) struct Emit<'a, 'ctx> {
    pub cx: &'ctx Context,
    pub module: &'a Module<'ctx>,
    pub b: &'a Builder<'ctx>,
    /// The function's exception record (its second parameter).
    pub exc_ptr: PointerValue<'ctx>,
}

impl<'ctx> Emit<'_, 'ctx> {
    /// The external function `name` of type `ty`, declared on first use.
    fn external(&self, name: &str, ty: FunctionType<'ctx>) -> FunctionValue<'ctx> {
        self.module
            .get_function(name)
            .unwrap_or_else(|| self.module.add_function(name, ty, Some(Linkage::External)))
    }
}

/// A string constant's address and length (the caller interns it in the module).
pub(crate) type Str<'ctx> = (PointerValue<'ctx>, usize);

/// The value argument of an exception being recorded.
#[derive(Clone, Copy)]
pub(crate) enum ExcArg<'v, 'ctx> {
    /// `class(msg)`.
    None,
    /// `class(value)`: the `ArgKind` code (1 int, 2 float, 3 bool) and the value (an `i64` or
    /// a `double`).
    Value(i64, BasicValueEnum<'ctx>),
    /// `class(msg)` where `msg` is a template whose `{0}`... are these integers.
    Ints(&'v [IntValue<'ctx>]),
}

/// What lowering asks of the machine it generates code for.
pub(crate) trait Target: Sync {
    /// Whether the code runs on a CUDA device (where `oxjit.cuda`'s functions exist).
    fn is_cuda(&self) -> bool {
        false
    }

    /// The LLVM type of the exception record a raising function fills for its caller.
    fn exception_record_type<'ctx>(&self, cx: &'ctx Context) -> StructType<'ctx>;

    /// Records `class(msg)` with its argument in the exception record of the function being
    /// lowered (the caller then sees status 1).
    fn record_exception<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        class: Str<'ctx>,
        msg: Str<'ctx>,
        arg: ExcArg<'_, 'ctx>,
    ) -> R<()>;

    /// A new reference-counted block of `nbytes` bytes (zeroed or not): its owner, null when
    /// the memory is not there.
    fn allocate<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        nbytes: IntValue<'ctx>,
        zeroed: bool,
    ) -> R<PointerValue<'ctx>>;

    /// The address of the data of a block `allocate` returned.
    fn block_data<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        block: PointerValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>>;

    /// The math library's `name` on doubles (`sin`, `atan2`...), which LLVM may treat as the
    /// function it knows (hoist, merge, vectorise).
    fn call_math<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>>;

    /// The math library's `name` on doubles, called as is: LLVM must not replace it by its own
    /// idea of the function (CPython's `math` module reports the library's exact results).
    fn call_math_exact<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>>;
}

/// Marks `f` a pure function of its arguments: it reads and writes no memory, returns, and
/// neither unwinds nor synchronises (libm's math functions, when `errno` is never read).
pub(crate) fn mark_pure<'ctx>(cx: &'ctx Context, f: FunctionValue<'ctx>) {
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

/// The host CPU, with the runtime crate linked into the process.
pub(crate) struct CpuTarget;

/// The one CPU target.
pub(crate) static CPU: CpuTarget = CpuTarget;

impl CpuTarget {
    /// The libm function `name` of as many doubles as `args`, declared on first use.
    fn libm_fn<'ctx>(
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> FunctionValue<'ctx> {
        let f64t = e.cx.f64_type();
        let params: Vec<BasicMetadataTypeEnum<'ctx>> = args.iter().map(|_| f64t.into()).collect();
        e.external(name, f64t.fn_type(&params, false))
    }

    fn store_field<'ctx>(
        e: &Emit<'_, 'ctx>,
        exc_t: StructType<'ctx>,
        index: u32,
        value: BasicValueEnum<'ctx>,
        name: &str,
    ) -> R<()> {
        let p = e.b.build_struct_gep(exc_t, e.exc_ptr, index, name).ir()?;
        e.b.build_store(p, value).ir()?;
        Ok(())
    }
}

impl Target for CpuTarget {
    /// `ExcInfo` of the runtime crate (`oxjit_abi::ExcInfo`): class name, its length, message,
    /// its length, arg kind, int arg, float arg, ints, stack limit, jump buffer.
    fn exception_record_type<'ctx>(&self, cx: &'ctx Context) -> StructType<'ctx> {
        let ptr = cx.ptr_type(AddressSpace::default());
        let i64t = cx.i64_type();
        cx.struct_type(
            &[
                ptr.into(),
                i64t.into(),
                ptr.into(),
                i64t.into(),
                i64t.into(),
                i64t.into(),
                cx.f64_type().into(),
                i64t.array_type(exc_field::INTS_LEN as u32).into(),
                i64t.into(),
                ptr.into(),
            ],
            false,
        )
    }

    fn record_exception<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        (class_ptr, class_len): Str<'ctx>,
        (msg_ptr, msg_len): Str<'ctx>,
        arg: ExcArg<'_, 'ctx>,
    ) -> R<()> {
        let exc_t = self.exception_record_type(e.cx);
        let i64t = e.cx.i64_type();
        let kind = match arg {
            ExcArg::None => 0,
            ExcArg::Value(kind, _) => kind,
            ExcArg::Ints(_) => oxjit_abi::ArgKind::Template as i64,
        };
        let fields: [(u32, BasicValueEnum<'ctx>); 5] = [
            (exc_field::CLASS_NAME, class_ptr.into()),
            (
                exc_field::CLASS_LEN,
                i64t.const_int(class_len as u64, false).into(),
            ),
            (exc_field::MSG, msg_ptr.into()),
            (
                exc_field::MSG_LEN,
                i64t.const_int(msg_len as u64, false).into(),
            ),
            (
                exc_field::ARG_KIND,
                i64t.const_int(kind as u64, false).into(),
            ),
        ];
        for (i, value) in fields {
            Self::store_field(e, exc_t, i, value, "exc.field")?;
        }
        match arg {
            ExcArg::None => {}
            ExcArg::Value(kind, value) => {
                let index = if kind == oxjit_abi::ArgKind::Float as i64 {
                    exc_field::ARG_FLOAT
                } else {
                    exc_field::ARG_INT
                };
                Self::store_field(e, exc_t, index, value, "exc.arg")?;
            }
            ExcArg::Ints(ints) => {
                for (k, v) in ints.iter().take(exc_field::INTS_LEN).enumerate() {
                    let at = [
                        i64t.const_zero(),
                        e.cx.i32_type().const_int(exc_field::INTS as u64, false),
                        i64t.const_int(k as u64, false),
                    ];
                    // SAFETY: `at` indexes the record's `ints` array within its length.
                    let p = unsafe { e.b.build_in_bounds_gep(exc_t, e.exc_ptr, &at, "exc.int") }
                        .ir()?;
                    e.b.build_store(p, *v).ir()?;
                }
            }
        }
        Ok(())
    }

    fn allocate<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        nbytes: IntValue<'ctx>,
        zeroed: bool,
    ) -> R<PointerValue<'ctx>> {
        let f = if zeroed {
            oxjit_abi::RuntimeFn::NrtAllocateZeroed
        } else {
            oxjit_abi::RuntimeFn::NrtAllocate
        };
        let ptr = e.cx.ptr_type(AddressSpace::default());
        let f = e.external(f.name(), ptr.fn_type(&[e.cx.i64_type().into()], false));
        Ok(e.b
            .build_call(f, &[nbytes.into()], "meminfo")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("meminfo")
            .into_pointer_value())
    }

    /// MemInfo { refcount, data, size }: the data pointer is the second field.
    fn block_data<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        block: PointerValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = e.cx.i64_type();
        let data = i64t.const_int(oxjit_abi::meminfo_field::DATA as u64, false);
        // SAFETY: a MemInfo's second word is its data pointer.
        let data_field = unsafe { e.b.build_gep(i64t, block, &[data], "datap") }.ir()?;
        let ptr = e.cx.ptr_type(AddressSpace::default());
        e.b.build_load(ptr, data_field, "data").ir()
    }

    /// The declaration says libm reads and writes no memory (oxjit never reads `errno`), so
    /// LLVM may hoist, merge (`sin`+`cos` into `sincos`) and vectorise the calls as it does for
    /// its own math intrinsics.
    fn call_math<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let f = Self::libm_fn(e, name, args);
        if f.get_enum_attribute(
            AttributeLoc::Function,
            Attribute::get_named_enum_kind_id("nounwind"),
        )
        .is_none()
        {
            mark_pure(e.cx, f);
        }
        let args: Vec<BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        Ok(e.b
            .build_call(f, &args, name)
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("f64"))
    }

    fn call_math_exact<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let f = Self::libm_fn(e, name, args);
        let call_args: Vec<BasicMetadataValueEnum<'ctx>> =
            args.iter().map(|a| (*a).into()).collect();
        let call = e.b.build_call(f, &call_args, name).ir()?;
        let nobuiltin =
            e.cx.create_enum_attribute(Attribute::get_named_enum_kind_id("nobuiltin"), 0);
        call.add_attribute(AttributeLoc::Function, nobuiltin);
        Ok(call.try_as_basic_value().basic().expect("f64"))
    }
}
