//! Building the outlined functions of a `prange` loop: the body (a copy of the loop's blocks
//! over `range(lo, hi, step)`, its reductions started from their identities, returning their
//! partial results) and the function that combines two tuples of partial results.

use std::collections::HashMap;

use ruff_text_size::TextRange;

use super::reduction::{Combine, Kind, Reduction};
use super::{add, next_key, PrangeLoop};
use crate::analysis::nonneg::NonNegative;
use crate::callee::ArrayFn;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{
    rewrite_operands, BinOp, Block, Const, ExprNode, ExprOp, Function, Inst, Terminator, Value,
};
use crate::registry::signature::{ArgSource, Decoded, Resolved};
use crate::registry::Builtin;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// The loop's outlined functions and the values of the function the body reads.
pub(super) struct Outlined {
    pub key: u64,
    pub body: TypedFunction,
    pub combine: Option<TypedFunction>,
    /// The values passed to the body after the reductions' initial values, in order.
    pub live_ins: Vec<Value>,
}

/// The first parameters of a body: its iterations' bounds and step.
const BOUNDS: u32 = 3;

pub(super) fn outline(
    parent: &TypedFunction,
    lp: &PrangeLoop,
    reductions: &[Reduction],
) -> Result<Outlined> {
    let key = next_key();
    let mut b = BodyBuilder::new(parent, lp, reductions);
    b.entry()?;
    b.copy_loop()?;
    b.exit();
    let live_ins = b.live_ins.clone();
    let body = b.finish();
    check(&body)?;
    let combine = if reductions.is_empty() {
        None
    } else {
        let c = combine_function(parent, reductions);
        check(&c)?;
        Some(c)
    };
    Ok(Outlined {
        key,
        body,
        combine,
        live_ins,
    })
}

fn check(f: &TypedFunction) -> Result<()> {
    crate::passes::verify_typed(f, true).map_err(|m| {
        Diagnostic::internal(format!("parfor made invalid IR for {}: {m}", f.func.name))
    })
}

fn empty_typed(
    parent: &TypedFunction,
    name: String,
    arg_types: Vec<Type>,
    ret: Type,
) -> TypedFunction {
    TypedFunction {
        func: Function::new(name, Vec::new()),
        arg_types,
        types: Vec::new(),
        return_type: ret,
        consts: Vec::new(),
        calls: HashMap::new(),
        array_like: HashMap::new(),
        lapack: None,
        ctypes_of: HashMap::new(),
        nonneg_args: Vec::new(),
        parallel: parent.parallel,
        source: parent.source.clone(),
    }
}

fn tuple_of(reductions: &[Reduction]) -> Type {
    Type::tuple(reductions.iter().map(|r| r.ty.clone()).collect())
}

struct BodyBuilder<'a> {
    parent: &'a TypedFunction,
    lp: &'a PrangeLoop,
    reductions: &'a [Reduction],
    out: TypedFunction,
    entry: Block,
    /// Parent value -> body value.
    map: HashMap<Value, Value>,
    blocks: HashMap<Block, Block>,
    /// The parent's values passed in as parameters, in order.
    live_ins: Vec<Value>,
    /// Where each reduction starts in a chunk (in the entry block).
    starts: Vec<Value>,
    at: TextRange,
}

impl<'a> BodyBuilder<'a> {
    fn new(parent: &'a TypedFunction, lp: &'a PrangeLoop, reductions: &'a [Reduction]) -> Self {
        let mut arg_types = vec![Type::I64; BOUNDS as usize];
        arg_types.extend(reductions.iter().map(|r| r.ty.clone()));
        let ret = if reductions.is_empty() {
            Type::NoneType
        } else {
            tuple_of(reductions)
        };
        let name = format!("{}.prange", parent.func.name);
        let mut out = empty_typed(parent, name, arg_types, ret);
        out.func.params = ["lo", "hi", "step"].iter().map(|p| (*p).into()).collect();
        out.func
            .params
            .extend(reductions.iter().map(|r| r.name.as_str().into()));
        let entry = out.func.add_block();
        BodyBuilder {
            parent,
            lp,
            reductions,
            out,
            entry,
            map: HashMap::new(),
            blocks: HashMap::new(),
            live_ins: Vec::new(),
            starts: Vec::new(),
            at: parent.func.range(lp.range),
        }
    }

    fn push(&mut self, block: Block, inst: Inst, ty: Type) -> Value {
        add(&mut self.out, block, inst, ty, self.at)
    }

    fn constant(&mut self, c: Const, ty: Type) -> Value {
        let v = self.push(self.entry, Inst::Const(c.clone()), ty);
        self.out.consts[v.index()] = Some(c);
        v
    }

    /// The integer `k` as a value of type `t` (a reduction's identity).
    fn typed_int(&mut self, k: i64, t: &Type) -> Value {
        let (c, natural) = match t {
            Type::Bool => (Const::Bool(k != 0), Type::Bool),
            Type::Float(_) | Type::Complex(_) => (Const::Float(k as f64), Type::F64),
            _ => (Const::Int(k), Type::I64),
        };
        let v = self.constant(c, natural.clone());
        if natural == *t {
            v
        } else {
            self.push(self.entry, Inst::Cast(v, t.clone()), t.clone())
        }
    }

    /// A chunk's private array for an array reduction: `np.zeros_like(init)` (`+`) or
    /// `np.ones_like(init)` (`*`), of the reduction's type.
    fn private_array(&mut self, identity: i64, init: Value, ty: &Type) -> Result<Value> {
        let id = match identity {
            0 => Builtin::Array(ArrayFn::ZerosLike),
            1 => Builtin::Array(ArrayFn::OnesLike),
            _ => {
                return Err(Diagnostic::internal(
                    "an array reduction without a fill value",
                ))
            }
        };
        let made = crate::registry::type_call(
            id,
            &crate::registry::CallArgs {
                types: &[ty.clone(), Type::NoneType],
                consts: &[None, Some(Const::None)],
                method: false,
            },
        )
        .map_err(|_| Diagnostic::internal("np.zeros_like of a reduction's array"))?;
        let f = self.push(
            self.entry,
            Inst::Global(id.name().into()),
            Type::Builtin(id),
        );
        let call = self.push(
            self.entry,
            Inst::Call {
                func: f,
                args: vec![init],
                kwargs: Vec::new(),
            },
            made.clone(),
        );
        self.out.calls.insert(
            call,
            CallTarget::Builtin(Resolved {
                id,
                args: vec![ArgSource::Positional(0), ArgSource::Default(Const::None)],
                receiver: None,
                decoded: Decoded::default(),
            }),
        );
        Ok(if made == *ty {
            call
        } else {
            self.push(self.entry, Inst::Cast(call, ty.clone()), ty.clone())
        })
    }

    /// The entry block: the parameters, the range and its iterator, each reduction's start.
    fn entry(&mut self) -> Result<()> {
        let bounds: Vec<Value> = (0..BOUNDS)
            .map(|k| self.push(self.entry, Inst::Arg(k), Type::I64))
            .collect();
        let inits: Vec<Value> = (0..self.reductions.len())
            .map(|k| {
                let t = self.reductions[k].ty.clone();
                self.push(self.entry, Inst::Arg(BOUNDS + k as u32), t)
            })
            .collect();
        for (k, r) in self.reductions.iter().enumerate() {
            let start = match r.combine.identity() {
                Some(id) if r.private_array() => self.private_array(id, inits[k], &r.ty)?,
                Some(id) => self.typed_int(id, &r.ty),
                None => inits[k],
            };
            if r.kind == Kind::Indirect {
                // The body updates its private copy of the array.
                self.map.insert(r.phi, start);
            }
            self.starts.push(start);
        }
        let Inst::Call {
            func: callee,
            args: range_args,
            ..
        } = self.parent.func.inst(self.lp.range).clone()
        else {
            return Err(Diagnostic::internal("prange is not a call"));
        };
        // `range(lo, hi)` where the step is 1, `range(lo, hi, step)` with the parent's constant
        // step or the step parameter: `analysis::nonneg` then knows the index as in the parent.
        let step = range_args.get(2).copied();
        let mut args = vec![bounds[0], bounds[1]];
        match step {
            Some(s) if self.parent.constant(s).is_some() => {
                let s = self.operand(s);
                args.push(s);
            }
            Some(_) => args.push(bounds[2]),
            None => {}
        }
        let nonneg_start = match range_args.as_slice() {
            [_] => true,
            [start, ..] => NonNegative::default().check(self.parent, *start),
            [] => false,
        };
        let positive_step = match step {
            None => true,
            Some(s) => matches!(self.parent.constant(s), Some(Const::Int(k)) if *k > 0),
        };
        if nonneg_start && positive_step {
            self.out.nonneg_args = vec![0, 1];
        }
        let f = self.operand(callee);
        let n = args.len();
        let range = self.push(
            self.entry,
            Inst::Call {
                func: f,
                args,
                kwargs: Vec::new(),
            },
            Type::Range,
        );
        self.out.calls.insert(
            range,
            CallTarget::Builtin(Resolved {
                id: Builtin::Range,
                args: (0..n).map(ArgSource::Positional).collect(),
                receiver: None,
                decoded: Decoded::default(),
            }),
        );
        let iter_t = self.parent.ty(self.lp.iter).clone();
        let iter = self.push(self.entry, Inst::GetIter(range), iter_t);
        self.map.insert(self.lp.iter, iter);
        Ok(())
    }

    /// The body's value for the parent's `x`: its copy in the loop, or, for a value of the
    /// function outside the loop, a copy of its definition (a constant or a compile-time value:
    /// a module, a function) or a new parameter.
    fn operand(&mut self, x: Value) -> Value {
        if let Some(v) = self.map.get(&x) {
            return *v;
        }
        let t = self.parent.ty(x).clone();
        let compile_time = self.parent.constant(x).is_some() || !t.is_runtime();
        let inst = self.parent.func.inst(x).clone();
        let v = if compile_time && !matches!(inst, Inst::Arg(_) | Inst::Phi(_)) {
            let mut copy = inst;
            let operands = copy.operands();
            let mapped: HashMap<Value, Value> =
                operands.into_iter().map(|o| (o, self.operand(o))).collect();
            rewrite_operands(&mut copy, |o| mapped[&o]);
            let v = self.push(self.entry, copy, t);
            self.out.consts[v.index()] = self.parent.constant(x).cloned();
            self.copy_call(x, v);
            v
        } else {
            let k = BOUNDS + (self.reductions.len() + self.live_ins.len()) as u32;
            self.live_ins.push(x);
            self.out.arg_types.push(t.clone());
            let name = self.parent.func.values[x.index()].name.clone();
            self.out
                .func
                .params
                .push(name.unwrap_or_else(|| format!("v{}", x.0).into()));
            self.push(self.entry, Inst::Arg(k), t)
        };
        self.out.func.values[v.index()].name = self.parent.func.values[x.index()].name.clone();
        self.map.insert(x, v);
        v
    }

    /// The resolved call of the parent's `x` for its copy `v` (with its receiver mapped).
    fn copy_call(&mut self, x: Value, v: Value) {
        let Some(target) = self.parent.calls.get(&x).cloned() else {
            return;
        };
        let target = match target {
            CallTarget::Builtin(mut r) => {
                r.receiver = r.receiver.map(|o| self.operand(o));
                CallTarget::Builtin(r)
            }
            other => other,
        };
        self.out.calls.insert(v, target);
    }

    /// Copies the loop's blocks: values first (so that phis can name later ones), then the
    /// instructions with their operands mapped.
    fn copy_loop(&mut self) -> Result<()> {
        let func = &self.parent.func;
        for &b in &self.lp.blocks {
            let nb = self.out.func.add_block();
            self.blocks.insert(b, nb);
        }
        for &b in &self.lp.blocks {
            let nb = self.blocks[&b];
            for &v in &func.block(b).insts {
                let nv = self.push(nb, Inst::Undef("".into()), self.parent.ty(v).clone());
                let data = &func.values[v.index()];
                self.out.func.values[nv.index()].range = data.range;
                self.out.func.values[nv.index()].name = data.name.clone();
                self.out.consts[nv.index()] = self.parent.constant(v).cloned();
                self.map.insert(v, nv);
            }
        }
        for &b in &self.lp.blocks {
            for &v in &func.block(b).insts {
                let inst = self.copied_inst(b, v);
                let nv = self.map[&v];
                self.out.func.values[nv.index()].inst = inst;
                self.copy_call(v, nv);
                if let Some(target) = self.parent.ctypes_of.get(&v) {
                    let t = self.operand(*target);
                    self.out.ctypes_of.insert(nv, t);
                }
                if let Some((lv, what)) = &self.parent.lapack {
                    if *lv == v {
                        self.out.lapack = Some((nv, what.clone()));
                    }
                }
            }
            let term = self.copied_term(b)?;
            let nb = self.blocks[&b];
            let range = func.block(b).term_range;
            self.out.func.set_term(nb, term, range);
        }
        let header = self.blocks[&self.lp.header];
        self.out
            .func
            .set_term(self.entry, Terminator::Jump(header), self.at);
        Ok(())
    }

    fn copied_inst(&mut self, b: Block, v: Value) -> Inst {
        let mut inst = self.parent.func.inst(v).clone();
        if let Inst::Phi(incoming) = &mut inst {
            let mut out = Vec::new();
            for (pred, x) in incoming.iter() {
                if b == self.lp.header && *pred == self.lp.preheader {
                    let start = match self.reductions.iter().position(|r| r.phi == v) {
                        Some(k) => self.starts[k],
                        // A private variable: its value from before the loop is never read.
                        None => {
                            let t = self.parent.ty(v).clone();
                            let name = self.parent.func.values[v.index()].name.clone();
                            self.push(
                                self.entry,
                                Inst::Undef(name.unwrap_or_else(|| "".into())),
                                t,
                            )
                        }
                    };
                    out.push((self.entry, start));
                } else {
                    let x = self.operand(*x);
                    out.push((self.blocks[pred], x));
                }
            }
            return Inst::Phi(out);
        }
        let operands = inst.operands();
        let mapped: HashMap<Value, Value> =
            operands.into_iter().map(|o| (o, self.operand(o))).collect();
        rewrite_operands(&mut inst, |o| mapped[&o]);
        inst
    }

    fn copied_term(&mut self, b: Block) -> Result<Terminator> {
        let exit = self.lp.exit;
        let term = self.parent.func.block(b).term.clone();
        Ok(match term {
            Terminator::Jump(t) => Terminator::Jump(self.blocks[&t]),
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } => {
                let target = |s: Block, me: &mut Self| -> Block {
                    if s == exit {
                        // Made by `exit()`, the block after the header's blocks.
                        Block(me.blocks.len() as u32 + 1)
                    } else {
                        me.blocks[&s]
                    }
                };
                Terminator::Branch {
                    cond: self.operand(cond),
                    then_block: target(then_block, self),
                    else_block: target(else_block, self),
                }
            }
            Terminator::Raise(v) => Terminator::Raise(self.operand(v)),
            Terminator::Unreachable => Terminator::Unreachable,
            Terminator::RaiseTo(v, h) => Terminator::RaiseTo(self.operand(v), self.blocks[&h]),
            Terminator::Guard { next, handler } => Terminator::Guard {
                next: self.blocks[&next],
                handler: self.blocks[&handler],
            },
            Terminator::Return(_) | Terminator::Unfinished => {
                return Err(Diagnostic::internal("a prange loop block that returns"))
            }
        })
    }

    /// The block the loop leaves to: returns the reductions' partial results.
    fn exit(&mut self) {
        let exit = self.out.func.add_block();
        debug_assert_eq!(exit.index(), self.blocks.len() + 1);
        let result = if self.reductions.is_empty() {
            let v = self.push(exit, Inst::Const(Const::None), Type::NoneType);
            self.out.consts[v.index()] = Some(Const::None);
            v
        } else {
            let items: Vec<Value> = self.reductions.iter().map(|r| self.map[&r.phi]).collect();
            let t = tuple_of(self.reductions);
            self.push(exit, Inst::BuildTuple(items), t)
        };
        self.out
            .func
            .set_term(exit, Terminator::Return(result), self.at);
    }

    fn finish(self) -> TypedFunction {
        self.out
    }
}

/// `combine(acc, partial)`: each reduction's accumulated value combined with a chunk's partial
/// result, in that order (so `min`/`max` keep the first of equal values, as Python's do).
fn combine_function(parent: &TypedFunction, reductions: &[Reduction]) -> TypedFunction {
    let t = tuple_of(reductions);
    let name = format!("{}.prange.combine", parent.func.name);
    let mut out = empty_typed(parent, name, vec![t.clone(), t.clone()], t.clone());
    out.func.params = vec!["acc".into(), "partial".into()];
    let b = out.func.add_block();
    let at = parent.func.range(reductions[0].phi);
    let acc = add(&mut out, b, Inst::Arg(0), t.clone(), at);
    let part = add(&mut out, b, Inst::Arg(1), t.clone(), at);
    let n = reductions.len() as u32;
    let mut items = Vec::new();
    for (k, r) in reductions.iter().enumerate() {
        let a = add(
            &mut out,
            b,
            Inst::UnpackItem(acc, k as u32, n),
            r.ty.clone(),
            at,
        );
        let p = add(
            &mut out,
            b,
            Inst::UnpackItem(part, k as u32, n),
            r.ty.clone(),
            at,
        );
        if r.private_array() {
            // `acc += partial` (into the initial array) or `acc + partial` (a new array).
            let op = match r.combine {
                Combine::Mul => BinOp::Mul,
                _ => BinOp::Add,
            };
            let Type::Array(arr) = &r.ty else {
                unreachable!("an array reduction")
            };
            let expr = ExprNode::Op(
                ExprOp::Bin(op),
                vec![ExprNode::Input(0), ExprNode::Input(1)],
                arr.dtype.clone(),
            );
            let inst = Inst::ArrayExpr {
                expr: std::sync::Arc::new(expr),
                inputs: vec![a, p],
                out: r.inplace().then_some(a),
            };
            items.push(add(&mut out, b, inst, r.ty.clone(), at));
            continue;
        }
        let (inst, result) = match r.combine {
            Combine::Min | Combine::Max => {
                let id = if r.combine == Combine::Min {
                    Builtin::Min
                } else {
                    Builtin::Max
                };
                let f = add(
                    &mut out,
                    b,
                    Inst::Global(id.name().into()),
                    Type::Builtin(id),
                    at,
                );
                let call = add(
                    &mut out,
                    b,
                    Inst::Call {
                        func: f,
                        args: vec![a, p],
                        kwargs: Vec::new(),
                    },
                    r.ty.clone(),
                    at,
                );
                out.calls.insert(
                    call,
                    CallTarget::Builtin(Resolved {
                        id,
                        args: vec![ArgSource::Positional(0), ArgSource::Positional(1)],
                        receiver: None,
                        decoded: Decoded::default(),
                    }),
                );
                items.push(call);
                continue;
            }
            Combine::Add => (BinOp::Add, crate::numeric::arith_result(&r.ty, &r.ty)),
            Combine::Mul => (BinOp::Mul, crate::numeric::arith_result(&r.ty, &r.ty)),
            Combine::BitOr => (
                BinOp::BitOr,
                crate::numeric::bitwise_result(&r.ty, &r.ty, false),
            ),
            Combine::BitAnd => (
                BinOp::BitAnd,
                crate::numeric::bitwise_result(&r.ty, &r.ty, false),
            ),
            Combine::BitXor => (
                BinOp::BitXor,
                crate::numeric::bitwise_result(&r.ty, &r.ty, false),
            ),
        };
        let result = result.unwrap_or_else(|| r.ty.clone());
        let v = add(&mut out, b, Inst::BinOp(inst, a, p), result.clone(), at);
        let v = if result == r.ty {
            v
        } else {
            add(&mut out, b, Inst::Cast(v, r.ty.clone()), r.ty.clone(), at)
        };
        items.push(v);
    }
    let tuple = add(&mut out, b, Inst::BuildTuple(items), t, at);
    out.func.set_term(b, Terminator::Return(tuple), at);
    out
}
