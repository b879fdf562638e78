//! `oxjit.cuda`'s device functions in a kernel (the NVPTX target only): thread indices from the
//! PTX special registers, `cuda.grid`/`gridsize`, shared arrays (addrspace 3 globals) and local
//! arrays (allocas), and atomics (LLVM `atomicrmw`/`cmpxchg`). Barriers and warp intrinsics are
//! in `cuda_sync.rs`. On the CPU target each of them is a clear error: they exist on a GPU only.

use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue};
use inkwell::{AddressSpace, AtomicOrdering, AtomicRMWBinOp};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Const;
use oxjit_core::registry::cuda::{constant_shape, is_dynamic};
use oxjit_core::registry::{AtomicOp, Builtin, CudaFn, CudaNs, Dim3};
use oxjit_core::types::{size_align, ModuleKind, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};

/// CUDA's shared and constant memory address spaces.
const SHARED: u16 = 3;
const CONSTANT: u16 = 4;

/// The items of a frozen global array in C order, as bytes.
fn c_order_bytes(src: &oxjit_core::ir::ArrayConst, itemsize: usize) -> Vec<u8> {
    let count: i64 = src.shape.iter().product();
    let mut out = Vec::with_capacity(count.max(0) as usize * itemsize);
    let mut index = vec![0i64; src.shape.len()];
    for _ in 0..count.max(0) {
        let offset: i64 = index.iter().zip(&src.strides).map(|(i, s)| i * s).sum();
        // SAFETY: the host keeps a frozen global array alive (and unchanged) for the whole
        // process; `offset` addresses one item within its shape and strides.
        let item = unsafe {
            std::slice::from_raw_parts((src.data as isize + offset as isize) as *const u8, itemsize)
        };
        out.extend_from_slice(item);
        for k in (0..index.len()).rev() {
            index[k] += 1;
            if index[k] < src.shape[k] {
                break;
            }
            index[k] = 0;
        }
    }
    out
}

/// The implementation of every `Builtin::Cuda` (registered in `impls.rs`).
pub(super) fn call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Cuda(f) = c.id else {
        return Err(Diagnostic::internal("cuda::call for another family"));
    };
    g.require_cuda(&f.qualified_name())?;
    match f {
        CudaFn::Grid | CudaFn::Gridsize => g.grid(f == CudaFn::Grid, c.result),
        CudaFn::SharedArray | CudaFn::LocalArray => g.cuda_array(f, c),
        CudaFn::ConstArrayLike => g.const_array(c),
        CudaFn::Atomic(op) => g.atomic(Some(op), c),
        CudaFn::AtomicCas => g.atomic(None, c),
        _ => g.cuda_sync(f, c),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// An error unless the code is for a CUDA device.
    pub(super) fn require_cuda(&self, what: &str) -> R<()> {
        if self.target().is_cuda() {
            return Ok(());
        }
        Err(Diagnostic::unsupported(
            format!("{what} exists in CUDA kernels only (@cuda.jit), not in CPU code"),
            self.typed.func.range(self.current),
        ))
    }

    /// A call of the NVVM intrinsic (or libdevice function) `name`, declared on first use.
    pub(super) fn nvvm(
        &self,
        name: &str,
        ret: Option<BasicTypeEnum<'ctx>>,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let params: Vec<BasicMetadataTypeEnum<'ctx>> =
            args.iter().map(|a| a.get_type().into()).collect();
        let f = self.m.module.get_function(name).unwrap_or_else(|| {
            let ty = match ret {
                Some(t) => t.fn_type(&params, false),
                None => self.cx().void_type().fn_type(&params, false),
            };
            self.m
                .module
                .add_function(name, ty, Some(Linkage::External))
        });
        let args: Vec<BasicMetadataValueEnum<'ctx>> = args.iter().map(|a| (*a).into()).collect();
        Ok(self
            .b
            .build_call(f, &args, "nvvm")
            .ir()?
            .try_as_basic_value()
            .basic())
    }

    /// A 32-bit special register (`tid.x`, `laneid`...).
    fn sreg(&self, name: &str) -> R<IntValue<'ctx>> {
        let i32t = self.cx().i32_type().into();
        let v = self.nvvm(&format!("llvm.nvvm.read.ptx.sreg.{name}"), Some(i32t), &[])?;
        Ok(v.expect("i32").into_int_value())
    }

    /// `cuda.threadIdx.x` and friends, `cuda.laneid`, `cuda.warpsize`; `None` for other
    /// attributes.
    pub(super) fn cuda_attribute(
        &mut self,
        recv: &Type,
        name: &str,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let reg = match (recv, name) {
            (Type::Module(ModuleKind::CudaDim(d)), axis) => format!("{}.{axis}", d.sreg()),
            (Type::Module(ModuleKind::Cuda(CudaNs::Cuda)), "laneid") => "laneid".to_string(),
            (Type::Module(ModuleKind::Cuda(CudaNs::Cuda)), "warpsize") => {
                return Ok(Some(self.cx().i64_type().const_int(32, false).into()));
            }
            _ => return Ok(None),
        };
        self.require_cuda(&format!("cuda.{name}"))?;
        Ok(Some(self.sreg(&reg)?.into()))
    }

    /// `cuda.grid(n)` (block index * block size + thread index) or `cuda.gridsize(n)` (grid
    /// size * block size), in int64, one per dimension.
    fn grid(&mut self, position: bool, result: &Type) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let n = match result {
            Type::Tuple(items) => items.len(),
            _ => 1,
        };
        let mut values = Vec::with_capacity(n);
        for axis in ["x", "y", "z"].iter().take(n) {
            let wide = |g: &Self, d: Dim3| -> R<IntValue<'ctx>> {
                let r = g.sreg(&format!("{}.{axis}", d.sreg()))?;
                g.b.build_int_z_extend(r, i64t, "sreg").ir()
            };
            let (outer, inner) = if position {
                (Dim3::BlockIdx, Dim3::ThreadIdx)
            } else {
                (Dim3::GridDim, Dim3::BlockDim)
            };
            let dim = wide(self, Dim3::BlockDim)?;
            let v = if position {
                let prod = self.b.build_int_mul(wide(self, outer)?, dim, "g").ir()?;
                self.b.build_int_add(prod, wide(self, inner)?, "g").ir()?
            } else {
                self.b.build_int_mul(wide(self, outer)?, dim, "g").ir()?
            };
            values.push(v);
        }
        if n == 1 {
            return Ok(values[0].into());
        }
        self.struct_of(result, values, "grid")
    }

    /// `cuda.shared.array(shape, dtype)` (a module global in shared memory, one per call site)
    /// or `cuda.local.array(shape, dtype)` (stack memory of the thread), as a C-ordered array.
    fn cuda_array(&mut self, f: CudaFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(a) = c.result else {
            return Err(Diagnostic::internal("cuda array of a non-array type"));
        };
        if f == CudaFn::SharedArray && is_dynamic(c.args[0].c.as_ref()) {
            return self.dynamic_shared(a);
        }
        let dims = constant_shape(c.args[0].c.as_ref())
            .ok_or_else(|| Diagnostic::internal("cuda array without a constant shape"))?;
        let count: i64 = dims.iter().product();
        let elem = self.llvm_type(&a.dtype);
        let storage = elem.array_type(count as u32);
        let i64t = self.cx().i64_type();
        let generic = self.cx().ptr_type(AddressSpace::default());
        let data = if f == CudaFn::SharedArray {
            let g =
                self.m
                    .module
                    .add_global(storage, Some(AddressSpace::from(SHARED)), "oxjit.shared");
            g.set_linkage(Linkage::Internal);
            g.set_initializer(&storage.get_undef());
            g.set_alignment(size_align(&a.dtype).1.max(16) as u32);
            self.b
                .build_address_space_cast(g.as_pointer_value(), generic, "shared")
                .ir()?
        } else {
            self.alloca(storage.into(), "local")?
        };
        let itemsize = size_align(&a.dtype).0 as u64;
        let shape: Vec<IntValue> = dims
            .iter()
            .map(|&d| i64t.const_int(d as u64, false))
            .collect();
        let mut strides = vec![i64t.const_int(itemsize, false); dims.len()];
        let mut step = itemsize;
        for k in (0..dims.len()).rev() {
            strides[k] = i64t.const_int(step, false);
            step *= dims[k] as u64;
        }
        let null = generic.const_null().into();
        Ok(self
            .build_array(a, null, data.into(), &shape, &strides)?
            .into())
    }

    /// `cuda.shared.array(0, dtype)`: the launch's dynamic shared memory (an external shared
    /// array every such call aliases, as in CUDA), as many items as its size holds (read from
    /// `%dynamic_smem_size`).
    fn dynamic_shared(&mut self, a: &oxjit_core::types::ArrayTy) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        let name = "oxjit_dynamic_shared";
        let g = self.m.module.get_global(name).unwrap_or_else(|| {
            let g = self.m.module.add_global(
                cx.i8_type().array_type(0),
                Some(AddressSpace::from(SHARED)),
                name,
            );
            g.set_linkage(Linkage::External);
            g.set_alignment(16);
            g
        });
        let generic = cx.ptr_type(AddressSpace::default());
        let data = self
            .b
            .build_address_space_cast(g.as_pointer_value(), generic, "dynshared")
            .ir()?;
        let i32t = cx.i32_type();
        let asm = cx.create_inline_asm(
            i32t.fn_type(&[], false),
            "mov.u32 $0, %dynamic_smem_size;".to_string(),
            "=r".to_string(),
            false,
            false,
            None,
            false,
        );
        let bytes = self
            .b
            .build_indirect_call(i32t.fn_type(&[], false), asm, &[], "smem")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i32")
            .into_int_value();
        let i64t = cx.i64_type();
        let bytes = self.b.build_int_z_extend(bytes, i64t, "smem").ir()?;
        let itemsize = i64t.const_int(size_align(&a.dtype).0 as u64, false);
        let count = self.b.build_int_unsigned_div(bytes, itemsize, "n").ir()?;
        let null = generic.const_null().into();
        Ok(self
            .build_array(a, null, data.into(), &[count], &[itemsize])?
            .into())
    }

    /// `cuda.const.array_like(global_array)`: the array's items, copied now (they are frozen
    /// when the kernel compiles, as every global array is), as a C-ordered array in the
    /// device's constant memory.
    fn const_array(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (Some(Const::Array(src)), Type::Array(a)) = (c.args[0].c.as_ref(), c.result) else {
            return Err(Diagnostic::internal(
                "cuda.const.array_like of a non-constant",
            ));
        };
        let itemsize = size_align(&a.dtype).0;
        let bytes = c_order_bytes(src, itemsize);
        let i8t = self.cx().i8_type();
        let init = i8t.const_array(
            &bytes
                .iter()
                .map(|b| i8t.const_int(u64::from(*b), false))
                .collect::<Vec<_>>(),
        );
        let g = self.m.module.add_global(
            init.get_type(),
            Some(AddressSpace::from(CONSTANT)),
            "oxjit.const",
        );
        g.set_linkage(Linkage::Internal);
        g.set_constant(true);
        g.set_initializer(&init);
        g.set_alignment(16);
        let generic = self.cx().ptr_type(AddressSpace::default());
        let data = self
            .b
            .build_address_space_cast(g.as_pointer_value(), generic, "const")
            .ir()?;
        let i64t = self.cx().i64_type();
        let shape: Vec<IntValue> = src
            .shape
            .iter()
            .map(|&d| i64t.const_int(d as u64, false))
            .collect();
        let mut strides = Vec::with_capacity(shape.len());
        let mut step = itemsize as u64;
        for &d in src.shape.iter().rev() {
            strides.push(i64t.const_int(step, false));
            step *= d.max(1) as u64;
        }
        strides.reverse();
        let null = generic.const_null().into();
        Ok(self
            .build_array(a, null, data.into(), &shape, &strides)?
            .into())
    }

    /// `cuda.atomic.<op>(ary, idx, val)` (`op` None: `cas(ary, idx, old, val)`): the old value.
    fn atomic(&mut self, op: Option<AtomicOp>, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(a) = &c.args[0].t else {
            return Err(Diagnostic::internal("atomic on a non-array"));
        };
        let arr = c.args[0].v.into_struct_value();
        let index = c.args[1]
            .src
            .ok_or_else(|| Diagnostic::internal("atomic index without a value"))?;
        let raw = self.index_values(index)?;
        let indices = self.wrap_indices(arr, index, &raw)?;
        let ptr = self.element_ptr(arr, a, &indices)?;
        let dtype = a.dtype.clone();
        let value = self.cast(c.args[2].v, &c.args[2].t, &dtype)?;
        let order = AtomicOrdering::Monotonic;
        let Some(op) = op else {
            let new = self.cast(c.args[3].v, &c.args[3].t, &dtype)?;
            let pair = self.b.build_cmpxchg(ptr, value, new, order, order).ir()?;
            return self.b.build_extract_value(pair, 0, "old").ir();
        };
        let float = matches!(dtype, Type::Float(_));
        let signed = matches!(dtype, Type::Int(i) if i.signed);
        let rmw = match op {
            AtomicOp::Add if float => AtomicRMWBinOp::FAdd,
            AtomicOp::Add => AtomicRMWBinOp::Add,
            AtomicOp::Sub if float => AtomicRMWBinOp::FSub,
            AtomicOp::Sub => AtomicRMWBinOp::Sub,
            AtomicOp::Max if float => AtomicRMWBinOp::FMax,
            AtomicOp::Max if signed => AtomicRMWBinOp::Max,
            AtomicOp::Max => AtomicRMWBinOp::UMax,
            AtomicOp::Min if float => AtomicRMWBinOp::FMin,
            AtomicOp::Min if signed => AtomicRMWBinOp::Min,
            AtomicOp::Min => AtomicRMWBinOp::UMin,
            AtomicOp::Exch => AtomicRMWBinOp::Xchg,
            AtomicOp::And => AtomicRMWBinOp::And,
            AtomicOp::Or => AtomicRMWBinOp::Or,
            AtomicOp::Xor => AtomicRMWBinOp::Xor,
        };
        self.atomic_rmw(rmw, ptr, value, order)
    }

    fn atomic_rmw(
        &self,
        op: AtomicRMWBinOp,
        ptr: inkwell::values::PointerValue<'ctx>,
        value: BasicValueEnum<'ctx>,
        order: AtomicOrdering,
    ) -> R<BasicValueEnum<'ctx>> {
        // inkwell's build_atomicrmw takes integers only; floats go through the C API.
        use inkwell::llvm_sys::core::LLVMBuildAtomicRMW;
        use inkwell::values::AsValueRef;
        // SAFETY: the builder is positioned in a function; `ptr` points to an item of `value`'s
        // type; the operation and ordering are valid for it (typing checked the dtype).
        let v = unsafe {
            LLVMBuildAtomicRMW(
                self.b.as_mut_ptr(),
                op.into(),
                ptr.as_value_ref(),
                value.as_value_ref(),
                order.into(),
                0,
            )
        };
        // SAFETY: `v` is the instruction just built, a value of `value`'s type.
        Ok(unsafe { BasicValueEnum::new(v) })
    }
}
