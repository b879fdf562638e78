//! `np.cov` and `np.corrcoef` (core's `registry/cov.rs` types them), computed in NumPy's steps:
//! the variables as rows of a new float64 matrix `X` (the rows of `y` after those of `m`), the
//! means of the rows (`X.mean(axis=1)`, NumPy's pairwise sums), `X -= avg[:, None]`, then
//! `dot(X, X.T) * (1 / fact)` with `fact = n - ddof` (0.0 where that is not positive: NumPy
//! warns "Degrees of freedom <= 0" and gives inf or nan; compiled code cannot warn, the values
//! are the same). The product is the runtime's `np.dot` (BLAS `syrk` of `X` and its
//! transpose, as NumPy's), not a loop: a loop was an order of magnitude slower.
//! `corrcoef` divides by the standard deviations (`c / s[:, None] / s[None, :]`) and clips to
//! [-1, 1] (NaN stays NaN); of one variable it is `c / c`, as NumPy's.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::registry::{ArrayFn, ReduceOp};
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::{Arg, CallCx};
use super::creation::array_fn;
use super::{FnGen, Ir, R};

/// One operand seen as NumPy's `X`: `rows` variables of `cols` observations each, read
/// transposed where `flip` holds (`rowvar=False` of a 2-d array with more than one row).
struct Source<'ctx> {
    arr: StructValue<'ctx>,
    at: ArrayTy,
    rows: IntValue<'ctx>,
    cols: IntValue<'ctx>,
    flip: IntValue<'ctx>,
}

fn matrix_ty(ndim: u8) -> ArrayTy {
    ArrayTy {
        dtype: Type::F64,
        ndim,
        layout: Layout::C,
        readonly: false,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.cov(m, y, rowvar, bias, ddof)` and `np.corrcoef(x, y, rowvar)`.
    pub(super) fn lower_cov(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let f = array_fn(c)?;
        let rowvar = c.args[2].v.into_int_value();
        let x = self.cov_source(&c.args[0], rowvar)?;
        let y = match c.args[1].t {
            Type::NoneType => None,
            _ => Some(self.cov_source(&c.args[1], rowvar)?),
        };
        let zero = self.i64(0);
        let x_empty = self
            .b
            .build_int_compare(IntPredicate::EQ, x.rows, zero, "x_empty")
            .ir()?;
        // NumPy returns a (0, 0) matrix for an `m` without variables before it reads `y`.
        let rows = match &y {
            None => x.rows,
            Some(y) => {
                let same = self
                    .b
                    .build_int_compare(IntPredicate::EQ, x.cols, y.cols, "same")
                    .ir()?;
                let ok = self.b.build_or(x_empty, same, "ok").ir()?;
                let msg = "all the input array dimensions except for the concatenation axis \
                           must match exactly, but along dimension 1, the array at index 0 \
                           has size {0} and the array at index 1 has size {1}";
                self.check_formatted(ok, "ValueError", msg, &[x.cols, y.cols])?;
                let both = self.b.build_int_add(x.rows, y.rows, "both").ir()?;
                self.b
                    .build_select(x_empty, zero, both, "rows")
                    .ir()?
                    .into_int_value()
            }
        };
        let two_d = matches!(&c.result, Type::Array(rt) if rt.ndim == 2);
        if two_d {
            // NumPy squeezes a 1x1 result to 0-d: a type known only at run time here.
            let not_one = self
                .b
                .build_int_compare(IntPredicate::NE, rows, self.i64(1), "not_one")
                .ir()?;
            let msg = "cov()/corrcoef() of a single variable given as 2-d arrays gives NumPy a \
                       0-d result; pass the variable as a 1-d array";
            self.check(not_one, "RuntimeError", msg)?;
        }
        let ddof = self.cov_ddof(f, c)?;
        let cm = self.cov_matrix(&x, y.as_ref(), rows, ddof)?;
        match f {
            ArrayFn::Cov if two_d => Ok(cm.into()),
            ArrayFn::Cov => {
                let v = self.array_load(cm, &matrix_ty(2), &[zero, zero])?;
                self.release_cov(cm)?;
                self.zero_d(v)
            }
            _ if two_d => {
                self.normalize(cm, rows)?;
                Ok(cm.into())
            }
            _ => {
                let v = self.array_load(cm, &matrix_ty(2), &[zero, zero])?;
                self.release_cov(cm)?;
                let v = v.into_float_value();
                Ok(self.b.build_float_div(v, v, "c_over_c").ir()?.into())
            }
        }
    }

    /// The rows and columns of NumPy's `X` for one operand.
    fn cov_source(&mut self, a: &Arg<'ctx>, rowvar: IntValue<'ctx>) -> R<Source<'ctx>> {
        let (arr, at) = self.array_arg(a);
        let shape = self.shape_values(arr, &at)?;
        let no = self.cx().bool_type().const_zero();
        if at.ndim == 1 {
            return Ok(Source {
                arr,
                at,
                rows: self.i64(1),
                cols: shape[0],
                flip: no,
            });
        }
        let not_one = self
            .b
            .build_int_compare(IntPredicate::NE, shape[0], self.i64(1), "not_one")
            .ir()?;
        let columns = self.b.build_not(rowvar, "columns").ir()?;
        let flip = self.b.build_and(columns, not_one, "flip").ir()?;
        let pick = |s: &Self, p: IntValue<'ctx>, q: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            Ok(s.b.build_select(flip, p, q, "dim").ir()?.into_int_value())
        };
        Ok(Source {
            rows: pick(self, shape[1], shape[0])?,
            cols: pick(self, shape[0], shape[1])?,
            arr,
            at,
            flip,
        })
    }

    /// `X[i, k]` of an operand, as a float64.
    fn source_load(
        &mut self,
        s: &Source<'ctx>,
        i: IntValue<'ctx>,
        k: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let idx = if s.at.ndim == 1 {
            vec![k]
        } else {
            let r = self.b.build_select(s.flip, k, i, "r").ir()?;
            let c = self.b.build_select(s.flip, i, k, "c").ir()?;
            vec![r.into_int_value(), c.into_int_value()]
        };
        let v = self.array_load(s.arr, &s.at, &idx)?;
        self.numpy_cast(v, &s.at.dtype, &Type::F64)
    }

    /// `ddof` as an i64: the argument, or NumPy's default (`0` with `bias`, else `1`).
    fn cov_ddof(&mut self, f: ArrayFn, c: &CallCx<'_, 'ctx>) -> R<IntValue<'ctx>> {
        if f == ArrayFn::Corrcoef {
            return Ok(self.i64(1));
        }
        match &c.args[4].t {
            Type::NoneType => {
                let bias = c.args[3].v.into_int_value();
                let d = self.b.build_select(bias, self.i64(0), self.i64(1), "ddof");
                Ok(d.ir()?.into_int_value())
            }
            t => Ok(self.cast(c.args[4].v, t, &Type::I64)?.into_int_value()),
        }
    }

    /// The covariance matrix (`rows` x `rows`, a new float64 C array) of the operands' rows.
    fn cov_matrix(
        &mut self,
        x: &Source<'ctx>,
        y: Option<&Source<'ctx>>,
        rows: IntValue<'ctx>,
        ddof: IntValue<'ctx>,
    ) -> R<StructValue<'ctx>> {
        let mt = matrix_ty(2);
        let cols = x.cols;
        let xm = self.new_array(&mt, &[rows, cols], false)?;
        let from_x = self.smin(rows, x.rows)?;
        self.for_each_index(
            &[from_x, cols],
            &mut |s: &mut Self, ik: &[IntValue<'ctx>]| {
                let v = s.source_load(x, ik[0], ik[1])?;
                let p = s.element_ptr(xm, &mt, ik)?;
                s.b.build_store(p, v).ir()?;
                Ok(())
            },
        )?;
        if let Some(y) = y {
            let from_y = self.b.build_int_sub(rows, from_x, "from_y").ir()?;
            self.for_each_index(
                &[from_y, cols],
                &mut |s: &mut Self, ik: &[IntValue<'ctx>]| {
                    let v = s.source_load(y, ik[0], ik[1])?;
                    let r = s.b.build_int_add(from_x, ik[0], "r").ir()?;
                    let p = s.element_ptr(xm, &mt, &[r, ik[1]])?;
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                },
            )?;
        }
        // avg = X.mean(axis=1), with NumPy's rounding of the sums; X -= avg[:, None].
        let xt = Type::Array(mt.clone().into());
        let x_arg = Arg {
            v: xm.into(),
            t: xt,
            c: None,
            src: None,
        };
        let along = Decoded {
            axis: Some(1),
            ..Decoded::default()
        };
        let vt = matrix_ty(1);
        let vec_t = Type::Array(vt.clone().into());
        let avg = self
            .reduce_call(ReduceOp::Mean, &[x_arg], &along, &vec_t)?
            .into_struct_value();
        self.for_each_index(&[rows, cols], &mut |s: &mut Self, ik: &[IntValue<'ctx>]| {
            let m = s.array_load(avg, &vt, &ik[..1])?.into_float_value();
            let p = s.element_ptr(xm, &mt, ik)?;
            let v = s.b.build_load(s.cx().f64_type(), p, "x").ir()?;
            let d = s.b.build_float_sub(v.into_float_value(), m, "dev").ir()?;
            s.b.build_store(p, d).ir()?;
            Ok(())
        })?;
        self.decref(avg.into(), &vec_t)?;
        // c = dot(X, X.T) * (1 / fact): NumPy's product (BLAS `syrk`, as NumPy's `np.dot` of a
        // matrix and its own transpose), scaled in place.
        let scale = self.cov_scale(cols, ddof)?;
        let tt = ArrayTy {
            layout: Layout::F,
            ..mt.clone()
        };
        let xmt = self.transposed(xm, &mt, &tt)?;
        let mat = Type::Array(mt.clone().into());
        let operands = [
            Arg {
                v: xm.into(),
                t: mat.clone(),
                c: None,
                src: None,
            },
            Arg {
                v: xmt.into(),
                t: Type::Array(tt.into()),
                c: None,
                src: None,
            },
        ];
        let out = self.product(&operands, &mat, false)?.into_struct_value();
        self.for_each_index(&[rows, rows], &mut |s: &mut Self, ij: &[IntValue<'ctx>]| {
            let p = s.element_ptr(out, &mt, ij)?;
            let v = s.b.build_load(s.cx().f64_type(), p, "c").ir()?;
            let v =
                s.b.build_float_mul(v.into_float_value(), scale, "cov")
                    .ir()?;
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        self.release_cov(xm)?;
        Ok(out)
    }

    /// NumPy's `true_divide(1, fact)`, `fact = n - ddof`, or 0.0 where that is not positive.
    fn cov_scale(&mut self, n: IntValue<'ctx>, ddof: IntValue<'ctx>) -> R<FloatValue<'ctx>> {
        let f64t = self.cx().f64_type();
        let fact = self.b.build_int_sub(n, ddof, "fact").ir()?;
        let pos = self
            .b
            .build_int_compare(IntPredicate::SGT, fact, self.i64(0), "pos")
            .ir()?;
        let ff = self.b.build_signed_int_to_float(fact, f64t, "ff").ir()?;
        let ff = self
            .b
            .build_select(pos, ff, f64t.const_zero(), "fact")
            .ir()?;
        let q = self
            .b
            .build_float_div(f64t.const_float(1.0), ff.into_float_value(), "scale");
        q.ir()
    }

    /// `corrcoef`'s steps on the covariance matrix, in place: `c / s[:, None] / s[None, :]`
    /// with `s` the square roots of its diagonal, then clipped to [-1, 1] (NaN kept).
    fn normalize(&mut self, cm: StructValue<'ctx>, rows: IntValue<'ctx>) -> R<()> {
        let (mt, vt) = (matrix_ty(2), matrix_ty(1));
        let f64t = self.cx().f64_type();
        let sd = self.new_array(&vt, &[rows], false)?;
        self.for_each_index(&[rows], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let v = s.array_load(cm, &mt, &[i[0], i[0]])?;
            let r = s.call_intrinsic("llvm.sqrt", &[f64t.into()], &[v.into()])?;
            let p = s.element_ptr(sd, &vt, i)?;
            s.b.build_store(p, r).ir()?;
            Ok(())
        })?;
        self.for_each_index(&[rows, rows], &mut |s: &mut Self, ij: &[IntValue<'ctx>]| {
            let si = s.array_load(sd, &vt, &ij[..1])?.into_float_value();
            let sj = s.array_load(sd, &vt, &ij[1..])?.into_float_value();
            let p = s.element_ptr(cm, &mt, ij)?;
            let v = s.b.build_load(f64t, p, "c").ir()?.into_float_value();
            let v = s.b.build_float_div(v, si, "ci").ir()?;
            let v = s.b.build_float_div(v, sj, "cij").ir()?;
            let v = s.clip_unit(v)?;
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        self.decref(sd.into(), &Type::Array(vt.into()))
    }

    /// `v` clipped to [-1, 1], NaN kept (NumPy's `clip` propagates NaN).
    fn clip_unit(&mut self, v: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        use inkwell::FloatPredicate::{OGT, OLT};
        let f64t = self.cx().f64_type();
        let (lo, hi) = (f64t.const_float(-1.0), f64t.const_float(1.0));
        let below = self.b.build_float_compare(OLT, v, lo, "below").ir()?;
        let v = self.b.build_select(below, lo, v, "lo").ir()?;
        let v = v.into_float_value();
        let above = self.b.build_float_compare(OGT, v, hi, "above").ir()?;
        let v = self.b.build_select(above, hi, v, "hi").ir()?;
        Ok(v.into_float_value())
    }

    /// A new 0-d float64 array holding `v`.
    fn zero_d(&mut self, v: BasicValueEnum<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let t0 = matrix_ty(0);
        let out = self.new_array(&t0, &[], false)?;
        let p = self.element_ptr(out, &t0, &[])?;
        self.b.build_store(p, v).ir()?;
        Ok(out.into())
    }

    /// Releases a temporary float64 matrix.
    fn release_cov(&mut self, m: StructValue<'ctx>) -> R<()> {
        self.decref(m.into(), &Type::Array(matrix_ty(2).into()))
    }
}
