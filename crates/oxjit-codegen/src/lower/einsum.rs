//! `np.einsum` (core's `registry/einsum.rs` plans it): NumPy's run-time checks (the diagonals'
//! lengths, the broadcasting of every iteration axis, with its messages), each operand in the
//! result's element type (converted into a new C array where it is not), then the runtime's
//! sum of products (`oxjit_rt_einsum`) into a zeroed C array, given one byte stride per
//! iteration axis per operand. A result without axes is read back as a number.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::einsum::{plan, EinsumPlan};
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::linalg::dtype_code;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// One input operand, laid out for the runtime.
struct Laid<'ctx> {
    /// The address of its first item.
    data: IntValue<'ctx>,
    shape: Vec<IntValue<'ctx>>,
    strides: Vec<IntValue<'ctx>>,
}

/// `(a,b)`, `(a,)`, `()`: NumPy's `convert_shape_to_string` of items already written, where
/// leading `None`s (new axes) are left out and the others print `newaxis`.
fn shape_text(items: &[Option<String>]) -> String {
    let first = items.iter().position(Option::is_some);
    let Some(first) = first else {
        return "()".into();
    };
    let parts: Vec<String> = items[first..]
        .iter()
        .map(|i| i.clone().unwrap_or_else(|| "newaxis".into()))
        .collect();
    if items.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(","))
    }
}

/// The template of NumPy's broadcasting error, `{k}` the `k`th combined length of all the
/// operands in order (the iterator's "original->remapped" shapes).
fn broadcast_template(p: &EinsumPlan) -> String {
    let mut msg = String::from(
        "operands could not be broadcast together with remapped shapes [original->remapped]: ",
    );
    let mut k = 0;
    for op in &p.operands {
        let own: Vec<Option<String>> = (0..op.combined.len())
            .map(|c| Some(format!("{{{}}}", k + c)))
            .collect();
        let remapped: Vec<Option<String>> = (0..p.n_iter)
            .map(|t| {
                op.combined
                    .iter()
                    .position(|&d| op.axes[d] == t)
                    .map(|c| format!("{{{}}}", k + c))
            })
            .collect();
        msg += &format!("{}->{} ", shape_text(&own), shape_text(&remapped));
        k += op.combined.len();
    }
    msg
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.einsum(subscripts, *operands, ...)`.
    pub(super) fn lower_einsum(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let types: Vec<Type> = c.args.iter().map(|a| a.t.clone()).collect();
        let consts: Vec<_> = c.args.iter().map(|a| a.c.clone()).collect();
        let p = plan(&types, &consts).map_err(|e| Diagnostic::internal(e.message))?;
        let ops = &c.args[1..1 + p.operands.len()];
        // The checks come first, before any temporary array exists.
        let mut shapes = Vec::with_capacity(ops.len());
        for a in ops {
            shapes.push(match &a.t {
                Type::Array(_) => {
                    let (arr, at) = self.array_arg(a);
                    self.shape_values(arr, &at)?
                }
                _ => Vec::new(),
            });
        }
        let sizes = self.einsum_checks(&p, &shapes)?;
        let mut laid = Vec::with_capacity(ops.len());
        let mut owned = Vec::new();
        for (a, shape) in ops.iter().zip(shapes) {
            laid.push(self.einsum_operand(a, &p.dtype, shape, &mut owned)?);
        }
        let out_t = ArrayTy {
            dtype: p.dtype.clone(),
            ndim: p.n_out.max(1) as u8,
            layout: Layout::C,
            readonly: false,
        };
        let out_shape = if p.n_out == 0 {
            vec![self.i64(1)]
        } else {
            sizes[..p.n_out].to_vec()
        };
        let out = self.new_array(&out_t, &out_shape, true)?;
        self.einsum_run(&p, &sizes, &laid, (out, &out_t))?;
        for (arr, at) in owned {
            self.decref(arr.into(), &Type::Array(at.into()))?;
        }
        if p.n_out > 0 {
            return Ok(out.into());
        }
        let v = self.array_load(out, &out_t, &[self.i64(0)])?;
        self.decref(out.into(), &Type::Array(out_t.into()))?;
        Ok(v)
    }

    /// NumPy's checks: equal lengths along each diagonal, then every iteration axis's length
    /// (each operand's 1 or the same); the lengths of the iteration axes.
    fn einsum_checks(
        &mut self,
        p: &EinsumPlan,
        shapes: &[Vec<IntValue<'ctx>>],
    ) -> R<Vec<IntValue<'ctx>>> {
        for (k, (op, shape)) in p.operands.iter().zip(shapes).enumerate() {
            for d in &op.diagonals {
                let (x, y) = (shape[d.first], shape[d.other]);
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::EQ, x, y, "diag")
                    .ir()?;
                let who = if d.single {
                    "single operand".to_string()
                } else {
                    format!("operand {k}")
                };
                let msg = format!(
                    "dimensions in {who} for collapsing index '{}' don't match ({{0}} != {{1}})",
                    d.label
                );
                self.check_formatted(ok, "ValueError", &msg, &[x, y])?;
            }
        }
        let one = self.i64(1);
        let mut sizes = vec![one; p.n_iter];
        for (op, shape) in p.operands.iter().zip(shapes) {
            for &d in &op.combined {
                let t = op.axes[d];
                let big = self
                    .b
                    .build_int_compare(IntPredicate::NE, shape[d], one, "big")
                    .ir()?;
                sizes[t] = self
                    .b
                    .build_select(big, shape[d], sizes[t], "size")
                    .ir()?
                    .into_int_value();
            }
        }
        let mut ok = self.cx().bool_type().const_all_ones();
        let mut dims = Vec::new();
        for (op, shape) in p.operands.iter().zip(shapes) {
            for &d in &op.combined {
                let t = op.axes[d];
                let is_one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, shape[d], one, "one")
                    .ir()?;
                let same = self
                    .b
                    .build_int_compare(IntPredicate::EQ, shape[d], sizes[t], "same")
                    .ir()?;
                let fits = self.b.build_or(is_one, same, "fits").ir()?;
                ok = self.b.build_and(ok, fits, "ok").ir()?;
                dims.push(shape[d]);
            }
        }
        self.check_formatted(ok, "ValueError", &broadcast_template(p), &dims)?;
        Ok(sizes)
    }

    /// One operand in the result's element type: the array itself, a converted C copy (kept
    /// in `owned` to be given back), or a number stored in a stack slot.
    fn einsum_operand(
        &mut self,
        a: &super::bound::Arg<'ctx>,
        dtype: &Type,
        shape: Vec<IntValue<'ctx>>,
        owned: &mut Vec<(inkwell::values::StructValue<'ctx>, ArrayTy)>,
    ) -> R<Laid<'ctx>> {
        let i64t = self.cx().i64_type();
        if !matches!(a.t, Type::Array(_)) {
            let v = self.cast(a.v, &a.t, dtype)?;
            let slot = self.alloca(self.llvm_type(dtype), "einsum_scalar")?;
            self.b.build_store(slot, v).ir()?;
            let data = self.b.build_ptr_to_int(slot, i64t, "data").ir()?;
            return Ok(Laid {
                data,
                shape,
                strides: Vec::new(),
            });
        }
        let (mut arr, mut at) = self.array_arg(a);
        if &at.dtype != dtype {
            let ct = ArrayTy {
                dtype: dtype.clone(),
                layout: Layout::C,
                readonly: false,
                ndim: at.ndim,
            };
            arr = self.copy_of(arr, &at, &ct)?;
            at = ct;
            owned.push((arr, at.clone()));
        }
        let strides = ArrayValue(arr).strides(&self.b, &at)?;
        let ptr = ArrayValue(arr).data(&self.b)?;
        let data = self.b.build_ptr_to_int(ptr, i64t, "data").ir()?;
        Ok(Laid {
            data,
            shape,
            strides,
        })
    }

    /// The runtime's loops over the iteration axes: each operand's stride along an axis is
    /// the sum over its axes of that label (a diagonal), 0 where it broadcasts (length 1).
    fn einsum_run(
        &mut self,
        p: &EinsumPlan,
        sizes: &[IntValue<'ctx>],
        laid: &[Laid<'ctx>],
        out: (inkwell::values::StructValue<'ctx>, &ArrayTy),
    ) -> R<()> {
        let zero = self.i64(0);
        let one = self.i64(1);
        let mut strides = Vec::with_capacity((laid.len() + 1) * p.n_iter);
        for (op, l) in p.operands.iter().zip(laid) {
            let mut row = vec![zero; p.n_iter];
            for (d, &t) in op.axes.iter().enumerate() {
                row[t] = self.b.build_int_add(row[t], l.strides[d], "st").ir()?;
            }
            for &d in &op.combined {
                let t = op.axes[d];
                let is_one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, l.shape[d], one, "one")
                    .ir()?;
                row[t] = self
                    .b
                    .build_select(is_one, zero, row[t], "st")
                    .ir()?
                    .into_int_value();
            }
            strides.extend(row);
        }
        let (arr, at) = out;
        let out_strides = ArrayValue(arr).strides(&self.b, at)?;
        // The output's own axes, then 0 along the summed ones.
        strides.extend(out_strides.iter().take(p.n_out).copied());
        strides.extend(std::iter::repeat_n(zero, p.n_iter - p.n_out));
        let i64t = self.cx().i64_type();
        let mut data: Vec<IntValue<'ctx>> = laid.iter().map(|l| l.data).collect();
        let out_ptr = ArrayValue(arr).data(&self.b)?;
        data.push(self.b.build_ptr_to_int(out_ptr, i64t, "out").ir()?);
        let sizes_buf = self.i64_buffer(sizes, "einsum_sizes")?;
        let data_buf = self.i64_buffer(&data, "einsum_data")?;
        let strides_buf = self.i64_buffer(&strides, "einsum_strides")?;
        let args = [
            self.i64(dtype_code(&p.dtype)).into(),
            self.i64(laid.len() as i64).into(),
            self.i64(p.n_iter as i64).into(),
            sizes_buf.into(),
            data_buf.into(),
            strides_buf.into(),
        ];
        self.call_runtime(RuntimeFn::Einsum, &args)?;
        Ok(())
    }
}
