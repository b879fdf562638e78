//! Linear algebra: `a @ b`, `np.dot`, `np.outer`, `np.trace`, `np.linalg.*`. Each is one call of
//! the runtime's `linalg` module (NumPy's algorithms over NumPy's own BLAS/LAPACK), given its
//! arrays by address (spilled to the stack) with their element types; results come back in
//! stack slots, arrays as new references. Calls that can fail return a status: on failure the
//! runtime has filled the exception record, and the function gives back what it owns and returns.

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::{DType, RuntimeFn};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::registry::linalg::result_type;
use oxjit_core::registry::LinalgFn;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{IntTy, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};

/// The runtime's code for an element type.
pub(super) fn dtype_code(t: &Type) -> i64 {
    let d = match t {
        Type::Bool => DType::Bool,
        Type::Int(IntTy { bits: 8, signed }) => {
            if *signed {
                DType::I8
            } else {
                DType::U8
            }
        }
        Type::Int(IntTy { bits: 16, signed }) => {
            if *signed {
                DType::I16
            } else {
                DType::U16
            }
        }
        Type::Int(IntTy { bits: 32, signed }) => {
            if *signed {
                DType::I32
            } else {
                DType::U32
            }
        }
        Type::Int(IntTy { signed, .. }) => {
            if *signed {
                DType::I64
            } else {
                DType::U64
            }
        }
        Type::Float(32) => DType::F32,
        Type::Float(_) => DType::F64,
        Type::Complex(64) => DType::C64,
        _ => DType::C128,
    };
    d as i64
}

/// An array argument as the runtime takes it: its address, dimensions and element type.
pub(super) struct ArrayArg<'ctx> {
    pub(super) ptr: PointerValue<'ctx>,
    pub(super) ndim: i64,
    pub(super) dtype: Type,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `a @ b`.
    pub fn matmul(&mut self, a: Value, b: Value, result: &Type) -> R<BasicValueEnum<'ctx>> {
        let args = [
            Arg {
                v: self.val(a),
                t: self.ty(a).clone(),
                c: None,
                src: Some(a),
            },
            Arg {
                v: self.val(b),
                t: self.ty(b).clone(),
                c: None,
                src: Some(b),
            },
        ];
        self.product(&args, result, true)
    }

    pub fn linalg_fn(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match f {
            LinalgFn::Dot => self.product(args, result, false),
            LinalgFn::Matmul => self.product(args, result, true),
            LinalgFn::Outer => {
                let (a, b) = (self.spill_array(&args[0])?, self.spill_array(&args[1])?);
                let out = self.slot(result)?;
                let rt = element_type(result);
                let mut call = vec![BasicMetadataValueEnum::from(self.exc_ptr), out.into()];
                call.extend(self.array_params(&a));
                call.extend(self.array_params(&b));
                call.push(self.i64(dtype_code(&rt)).into());
                self.call_checked(RuntimeFn::LinalgOuter, &call)?;
                self.load(out, result)
            }
            LinalgFn::Trace => self.trace(args, result),
            LinalgFn::Norm
                if d.axis.is_some() || matches!(&args[0].t, Type::Array(a) if a.ndim > 2) =>
            {
                self.norm_nd(args, d, result)
            }
            LinalgFn::Norm => {
                let x = self.spill_array(&args[0])?;
                let kind = d
                    .ord
                    .ok_or_else(|| Diagnostic::internal("a norm without its decoded ord"))?;
                let out = self.slot(result)?;
                let mut call = vec![BasicMetadataValueEnum::from(self.exc_ptr), out.into()];
                call.extend(self.array_params(&x));
                call.push(self.i64(kind as i64).into());
                self.call_checked(RuntimeFn::LinalgNorm, &call)?;
                self.load(out, result)
            }
            LinalgFn::Solve | LinalgFn::Lstsq => self.two_matrices(f, args, result),
            LinalgFn::Inv | LinalgFn::Det | LinalgFn::Slogdet if matches!(&args[0].t, Type::Array(a) if a.ndim > 2) => {
                self.unary_stack(f, args, result)
            }
            LinalgFn::Inv | LinalgFn::Det => {
                let a = self.spill_array(&args[0])?;
                let out = self.slot(result)?;
                let r = element_type(result);
                let call = vec![
                    BasicMetadataValueEnum::from(self.exc_ptr),
                    out.into(),
                    a.ptr.into(),
                    self.i64(dtype_code(&a.dtype)).into(),
                    self.i64(dtype_code(&r)).into(),
                ];
                let name = if f == LinalgFn::Inv {
                    RuntimeFn::LinalgInv
                } else {
                    RuntimeFn::LinalgDet
                };
                self.call_checked(name, &call)?;
                self.load(out, result)
            }
            LinalgFn::Slogdet => {
                let a = self.spill_array(&args[0])?;
                let items = tuple_items(result);
                let sign = self.slot(&items[0])?;
                let log = self.slot(&items[1])?;
                let call = vec![
                    BasicMetadataValueEnum::from(self.exc_ptr),
                    sign.into(),
                    log.into(),
                    a.ptr.into(),
                    self.i64(dtype_code(&a.dtype)).into(),
                    self.i64(dtype_code(&items[0])).into(),
                ];
                self.call_checked(RuntimeFn::LinalgSlogdet, &call)?;
                self.tuple_of(&[sign, log], result)
            }
            _ if is_decomp_stack(f, args) => self.decomp_stack(f, args, d, result),
            LinalgFn::Eigh | LinalgFn::Eigvalsh => self.eigh(args, d, result),
            LinalgFn::Svd => self.svd(args, result),
            _ => self.linalg_more(f, args, d, result),
        }
    }

    /// `np.trace(a, offset)`, `a.trace()`.
    fn trace(&mut self, args: &[Arg<'ctx>], result: &Type) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let offset = self.cast(args[1].v, &args[1].t, &Type::I64)?;
        let out = self.slot(result)?;
        let call: Vec<BasicMetadataValueEnum<'ctx>> = vec![
            out.into(),
            a.ptr.into(),
            self.i64(dtype_code(&a.dtype)).into(),
            offset.into(),
            self.i64(dtype_code(result)).into(),
        ];
        let func = self.runtime(RuntimeFn::LinalgTrace);
        self.b.build_call(func, &call, "").ir()?;
        self.load(out, result)
    }

    /// `np.linalg.svd(a)`: the singular values, and `u`, `vh` when `compute_uv`.
    fn svd(&mut self, args: &[Arg<'ctx>], result: &Type) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let r = result_type(&[&a.dtype]);
        let full = self.cast(args[1].v, &args[1].t, &Type::I64)?;
        let compute_uv = matches!(result, Type::Tuple(_));
        let (u, s, vh) = match result {
            Type::Tuple(items) => (
                self.slot(&items[0])?,
                self.slot(&items[1])?,
                self.slot(&items[2])?,
            ),
            t => (self.null(), self.slot(t)?, self.null()),
        };
        let call = vec![
            BasicMetadataValueEnum::from(self.exc_ptr),
            u.into(),
            s.into(),
            vh.into(),
            a.ptr.into(),
            self.i64(dtype_code(&a.dtype)).into(),
            full.into(),
            self.i64(compute_uv as i64).into(),
            self.i64(dtype_code(&r)).into(),
        ];
        self.call_checked(RuntimeFn::LinalgSvd, &call)?;
        if compute_uv {
            self.tuple_of(&[u, s, vh], result)
        } else {
            self.load(s, result)
        }
    }

    /// `np.linalg.eigh(a)` and `eigvalsh(a)` (the `UPLO` decoded by typing).
    fn eigh(&mut self, args: &[Arg<'ctx>], d: &Decoded, result: &Type) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let side = d
            .uplo
            .ok_or_else(|| Diagnostic::internal("eigh without its decoded UPLO"))?;
        let r = result_type(&[&a.dtype]);
        let (w_t, v_t) = match result {
            Type::Tuple(items) => (items[0].clone(), Some(items[1].clone())),
            t => (t.clone(), None),
        };
        let w = self.slot(&w_t)?;
        let v = match &v_t {
            Some(t) => self.slot(t)?,
            None => self.null(),
        };
        let call = vec![
            BasicMetadataValueEnum::from(self.exc_ptr),
            w.into(),
            v.into(),
            a.ptr.into(),
            self.i64(dtype_code(&a.dtype)).into(),
            self.i64(side as i64).into(),
            self.i64(dtype_code(&r)).into(),
        ];
        self.call_checked(RuntimeFn::LinalgEigh, &call)?;
        match v_t {
            Some(_) => self.tuple_of(&[w, v], result),
            None => self.load(w, result),
        }
    }

    /// `np.dot(a, b)` (`matmul: false`) or `a @ b`.
    pub(super) fn product(
        &mut self,
        args: &[Arg<'ctx>],
        result: &Type,
        matmul: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let (a, b) = (self.spill_array(&args[0])?, self.spill_array(&args[1])?);
        let out = self.slot(result)?;
        let rt = element_type(result);
        let inexact = matches!(rt, Type::Float(32 | 64) | Type::Complex(64 | 128));
        if a.ndim == 1 && b.ndim == 1 && inexact && a.dtype == rt && b.dtype == rt {
            // Vector · vector of the result's type: the runtime's direct path.
            let call = [
                BasicMetadataValueEnum::from(self.exc_ptr),
                out.into(),
                a.ptr.into(),
                b.ptr.into(),
                self.i64(dtype_code(&rt)).into(),
                self.i64(matmul as i64).into(),
            ];
            self.call_checked(RuntimeFn::LinalgVdot, &call)?;
            return self.load(out, result);
        }
        let mut call = vec![BasicMetadataValueEnum::from(self.exc_ptr), out.into()];
        call.extend(self.array_params(&a));
        call.extend(self.array_params(&b));
        call.push(self.i64(dtype_code(&element_type(result))).into());
        if matmul && (a.ndim > 2 || b.ndim > 2) {
            self.call_checked(RuntimeFn::LinalgMatmulNd, &call)?;
            return self.load(out, result);
        }
        call.push(self.i64(matmul as i64).into());
        self.call_checked(RuntimeFn::LinalgDot, &call)?;
        self.load(out, result)
    }

    /// `solve(a, b)` and `lstsq(a, b, rcond)`.
    fn two_matrices(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (a, b) = (self.spill_array(&args[0])?, self.spill_array(&args[1])?);
        let r = result_type(&[&a.dtype, &b.dtype]);
        let exc = BasicMetadataValueEnum::from(self.exc_ptr);
        if f == LinalgFn::Solve {
            let out = self.slot(result)?;
            let call = vec![
                exc,
                out.into(),
                a.ptr.into(),
                self.i64(dtype_code(&a.dtype)).into(),
                b.ptr.into(),
                self.i64(b.ndim).into(),
                self.i64(dtype_code(&b.dtype)).into(),
                self.i64(dtype_code(&r)).into(),
            ];
            if a.ndim > 2 || b.ndim > 2 {
                return self.solve_stack(&a, &b, &r, result);
            }
            self.call_checked(RuntimeFn::LinalgSolve, &call)?;
            return self.load(out, result);
        }
        let items = tuple_items(result);
        let slots = items.iter().map(|t| self.slot(t)).collect::<R<Vec<_>>>()?;
        if a.ndim != 2 || b.ndim > 2 {
            // NumPy's `lstsq` takes no stacks: its `LinAlgError`, always raised.
            let nd = if a.ndim != 2 { a.ndim } else { b.ndim };
            self.call_checked(RuntimeFn::LinalgNot2d, &[exc, self.i64(nd).into()])?;
            return self.tuple_of(&slots, result);
        }
        let (rcond, given) = match &args[2].t {
            Type::NoneType => (self.cx().f64_type().const_zero().into(), 0),
            t => (self.cast(args[2].v, t, &Type::F64)?, 1),
        };
        let mut call: Vec<BasicMetadataValueEnum<'ctx>> = vec![exc];
        call.extend(slots.iter().map(|p| BasicMetadataValueEnum::from(*p)));
        call.extend::<[BasicMetadataValueEnum<'ctx>; 8]>([
            a.ptr.into(),
            self.i64(dtype_code(&a.dtype)).into(),
            b.ptr.into(),
            self.i64(b.ndim).into(),
            self.i64(dtype_code(&b.dtype)).into(),
            rcond.into(),
            self.i64(given).into(),
            self.i64(dtype_code(&r)).into(),
        ]);
        self.call_checked(RuntimeFn::LinalgLstsq, &call)?;
        self.tuple_of(&slots, result)
    }

    /// An array argument spilled to the stack.
    pub(super) fn spill_array(&mut self, a: &Arg<'ctx>) -> R<ArrayArg<'ctx>> {
        let Type::Array(at) = &a.t else {
            return Err(Diagnostic::internal(format!(
                "expected an array, got {}",
                a.t
            )));
        };
        let slot = self.alloca(self.llvm_type(&a.t), "linalg.arg")?;
        self.b.build_store(slot, a.v).ir()?;
        Ok(ArrayArg {
            ptr: slot,
            ndim: at.ndim as i64,
            dtype: at.dtype.clone(),
        })
    }

    /// `(address, ndim, dtype code)`.
    pub(super) fn array_params(&self, a: &ArrayArg<'ctx>) -> [BasicMetadataValueEnum<'ctx>; 3] {
        [
            a.ptr.into(),
            self.i64(a.ndim).into(),
            self.i64(dtype_code(&a.dtype)).into(),
        ]
    }

    /// A stack slot for a value of type `t`.
    pub(super) fn slot(&self, t: &Type) -> R<PointerValue<'ctx>> {
        self.alloca(self.llvm_type(t), "linalg.out")
    }

    pub(super) fn null(&self) -> PointerValue<'ctx> {
        self.cx().ptr_type(AddressSpace::default()).const_null()
    }

    pub(super) fn load(&self, slot: PointerValue<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        self.b
            .build_load(self.llvm_type(t), slot, "linalg.result")
            .ir()
    }

    /// The tuple of the values in `slots`.
    pub(super) fn tuple_of(
        &self,
        slots: &[PointerValue<'ctx>],
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let items = tuple_items(t);
        let fields = slots
            .iter()
            .zip(items.iter())
            .map(|(slot, item)| self.load(*slot, item))
            .collect::<R<Vec<_>>>()?;
        self.struct_of(t, fields, "linalg.tuple")
    }

    /// Calls a runtime function returning a status; where it is nonzero, the exception it
    /// recorded leaves this function (with what it owns given back).
    pub(super) fn call_checked(
        &mut self,
        f: RuntimeFn,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<()> {
        let func = self.runtime(f);
        let status = self
            .b
            .build_call(func, args, "linalg.status")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("a status")
            .into_int_value();
        self.propagate(status)
    }

    /// Returns from this function (releasing what it holds) unless `status` is 0.
    pub(super) fn propagate(&mut self, status: IntValue<'ctx>) -> R<()> {
        let cx = self.cx();
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, status, cx.i32_type().const_zero(), "ok")
            .ir()?;
        let fail = cx.append_basic_block(self.f, "linalg.raise");
        let cont = cx.append_basic_block(self.f, "linalg.ok");
        let br = self.b.build_conditional_branch(ok, cont, fail).ir()?;
        let weights = cx.metadata_node(&[
            cx.metadata_string("branch_weights").into(),
            cx.i32_type().const_int(1 << 20, false).into(),
            cx.i32_type().const_int(1, false).into(),
        ]);
        let _ = br.set_metadata(weights, cx.get_kind_id("prof"));
        self.b.position_at_end(fail);
        self.leave_raised()?;
        self.b.position_at_end(cont);
        Ok(())
    }
}

/// The element type of an array type (the type itself for a scalar).
pub(super) fn element_type(t: &Type) -> Type {
    match t {
        Type::Array(a) => a.dtype.clone(),
        t => t.clone(),
    }
}

pub(super) fn tuple_items(t: &Type) -> Vec<Type> {
    match t {
        Type::Tuple(items) => items.to_vec(),
        t => vec![t.clone()],
    }
}

/// Whether `f` of these arguments is a call on a stack that `FnGen::decomp_stack` (linalg_stacks.rs) lowers.
pub(super) fn is_decomp_stack(f: LinalgFn, args: &[Arg<'_>]) -> bool {
    let stacked = matches!(args.first().map(|a| &a.t), Some(Type::Array(a)) if a.ndim > 2);
    stacked
        && matches!(
            f,
            LinalgFn::Cholesky
                | LinalgFn::Qr
                | LinalgFn::Eig
                | LinalgFn::Eigvals
                | LinalgFn::Pinv
                | LinalgFn::Eigh
                | LinalgFn::Eigvalsh
                | LinalgFn::Svd
        )
}
