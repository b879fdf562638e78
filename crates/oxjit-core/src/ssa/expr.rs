//! Expressions. `and`/`or`, conditional expressions and chained comparisons introduce blocks and
//! phis; everything else is one instruction over its operands' values.

use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{BinOp, CmpOp, Const, Inst, Terminator, UnaryOp, Value};
use crate::syntax::ast;

pub(super) fn binop(op: ast::Operator, range: TextRange) -> Result<BinOp> {
    use ast::Operator as O;
    Ok(match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::Div => BinOp::Div,
        O::FloorDiv => BinOp::FloorDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitAnd => BinOp::BitAnd,
        O::BitOr => BinOp::BitOr,
        O::BitXor => BinOp::BitXor,
        O::MatMult => {
            return Err(Diagnostic::unsupported(
                "in-place matrix multiplication ('@=') is not supported yet",
                range,
            ))
        }
    })
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpOp::Eq,
        C::NotEq => CmpOp::Ne,
        C::Lt => CmpOp::Lt,
        C::LtE => CmpOp::Le,
        C::Gt => CmpOp::Gt,
        C::GtE => CmpOp::Ge,
        C::Is => CmpOp::Is,
        C::IsNot => CmpOp::IsNot,
        C::In | C::NotIn => unreachable!("'in' is a call of __contains__ (compare_chain)"),
    }
}

impl Builder {
    /// A call's argument. A list display there (`np.array([1, 2, 3])`, `np.concatenate([a,
    /// b])`) is a fixed sequence of values: it becomes a tuple, nested lists included (lists as
    /// values in their own right are not supported yet).
    pub(super) fn lower_argument(&mut self, e: &ast::Expr) -> Result<Value> {
        match e {
            ast::Expr::List(l) => {
                let mut items = Vec::new();
                for x in l.elts.iter() {
                    if let ast::Expr::Starred(s) = x {
                        return Err(Diagnostic::unsupported(
                            "'*' unpacking in a list is not supported",
                            s.range,
                        ));
                    }
                    items.push(self.lower_argument(x)?);
                }
                Ok(self.emit(Inst::BuildTuple(items), l.range))
            }
            ast::Expr::Tuple(t) if t.elts.iter().any(|x| matches!(x, ast::Expr::List(_))) => {
                let mut items = Vec::new();
                for x in t.elts.iter() {
                    items.push(self.lower_argument(x)?);
                }
                Ok(self.emit(Inst::BuildTuple(items), t.range))
            }
            e => self.lower_expr(e),
        }
    }

    /// Whether `func` is a function of a module (`np.array`, `math.fsum`): its list displays
    /// are fixed sequences (tuples), as NumPy's functions take them; elsewhere a list display
    /// is a list.
    fn is_module_call(&self, func: &ast::Expr) -> bool {
        let mut e = func;
        let mut attribute = false;
        while let ast::Expr::Attribute(a) = e {
            e = &a.value;
            attribute = true;
        }
        matches!(e, ast::Expr::Name(n) if attribute && !self.locals.contains(n.id.as_str()))
    }

    /// Calls that become code of their own rather than a call: reductions over generator
    /// expressions (`ssa/genexpr.rs`), `sorted`/`sort` with `key=` (`ssa/sortkey.rs`) and
    /// `next(generator)` (`ssa/generator.rs`).
    fn lower_rewritten_call(&mut self, c: &ast::ExprCall) -> Result<Option<Value>> {
        // Each takes its arguments as written; `f(*t)` is an ordinary call (`star_call.rs`).
        if c.arguments.args.iter().any(|a| a.is_starred_expr()) {
            return Ok(None);
        }
        if let Some(v) = self.lower_reduction(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_unroll_value(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_tuple_genexpr(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_keyed_sort(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_iter(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_empty_container(c) {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_dict_of_pairs(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_getattr(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_slice_call(c)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.lower_format_keywords(c)? {
            return Ok(Some(v));
        }
        self.lower_next(c)
    }

    /// A name: a local variable's value, or a global's.
    pub(crate) fn lower_expr(&mut self, expr: &ast::Expr) -> Result<Value> {
        use ast::Expr as E;
        let range = expr.range();
        Ok(match expr {
            E::NumberLiteral(n) => self.constant(number(&n.value, range)?, range),
            E::BooleanLiteral(b) => self.constant(Const::Bool(b.value), range),
            E::NoneLiteral(_) => self.constant(Const::None, range),
            E::StringLiteral(s) => self.constant(Const::Str(Arc::from(s.value.to_str())), range),
            E::Name(n) => self.lower_name(n.id.as_str(), range)?,
            E::BinOp(b) => {
                let lhs = self.lower_expr(&b.left)?;
                let rhs = self.lower_expr(&b.right)?;
                if b.op == ast::Operator::MatMult {
                    return Ok(self.emit(Inst::MatMul(lhs, rhs), range));
                }
                self.emit(Inst::BinOp(binop(b.op, range)?, lhs, rhs), range)
            }
            E::UnaryOp(u) => {
                if let Some(c) = negative_int_literal(u, range)? {
                    return Ok(self.constant(c, range));
                }
                let operand = self.lower_expr(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                };
                self.emit(Inst::UnaryOp(op, operand), range)
            }
            E::BoolOp(b) => self.lower_bool_op(b)?,
            E::FString(f) => self.lower_fstring(f)?,
            E::Yield(y) => self.lower_yield(y)?,
            E::YieldFrom(y) => self.lower_yield_from(y, true)?,
            E::If(e) => {
                let cond = self.lower_condition(&e.test)?;
                self.branch_merge(
                    cond,
                    range,
                    |s| {
                        s.narrow_branch(&e.test, true);
                        s.lower_expr(&e.body)
                    },
                    |s| {
                        s.narrow_branch(&e.test, false);
                        s.lower_expr(&e.orelse)
                    },
                )?
            }
            E::Compare(c) => self.lower_compare(c)?,
            E::Call(c) => {
                if let Some(v) = self.lower_rewritten_call(c)? {
                    return Ok(v);
                }
                let starred = c.arguments.args.iter().any(|a| matches!(a, E::Starred(_)));
                let func = if starred && self.calls_builtin_slice(c) {
                    // `slice(*t)` becomes a slice, not a call (`star_call.rs`).
                    self.constant(Const::None, c.func.range())
                } else {
                    self.lower_expr(&c.func)?
                };
                let module_call = self.is_module_call(&c.func);
                if starred {
                    // `f(*t)`: the tuple's items as arguments (`star_call.rs`).
                    return self.lower_star_call(c, func, module_call);
                }
                let mut args = Vec::new();
                for a in c.arguments.args.iter() {
                    args.push(match module_call {
                        true => self.lower_argument(a)?,
                        false => self.lower_expr(a)?,
                    });
                }
                let kwargs = self.lower_call_keywords(c, module_call)?;
                self.emit(Inst::Call { func, args, kwargs }, range)
            }
            E::Attribute(a) => {
                let value = self.lower_expr(&a.value)?;
                self.emit(Inst::GetAttr(value, Arc::from(a.attr.id.as_str())), range)
            }
            E::Subscript(s) => {
                let value = self.lower_expr(&s.value)?;
                let index = self.lower_index(&s.slice)?;
                self.emit(Inst::GetItem(value, index), range)
            }
            E::Tuple(t) if t.elts.iter().any(|e| matches!(e, E::Starred(_))) => {
                // `(*a, x, *b)` is `() + a + (x,) + b`, as Numba builds it: of tuples (the
                // empty tuple first makes `(*t,)` a tuple; a list there is a typing error).
                let mut acc = self.emit(Inst::BuildTuple(Vec::new()), range);
                let mut run = Vec::new();
                for e in t.elts.iter() {
                    if let E::Starred(s) = e {
                        let part = self.lower_expr(&s.value)?;
                        if !run.is_empty() {
                            let items =
                                self.emit(Inst::BuildTuple(std::mem::take(&mut run)), range);
                            acc = self.emit(Inst::BinOp(BinOp::Add, acc, items), range);
                        }
                        acc = self.emit(Inst::BinOp(BinOp::Add, acc, part), s.range);
                    } else {
                        run.push(self.lower_expr(e)?);
                    }
                }
                if !run.is_empty() {
                    let items = self.emit(Inst::BuildTuple(run), range);
                    acc = self.emit(Inst::BinOp(BinOp::Add, acc, items), range);
                }
                acc
            }
            E::Tuple(t) => {
                let items = t
                    .elts
                    .iter()
                    .map(|e| self.lower_expr(e))
                    .collect::<Result<Vec<_>>>()?;
                self.emit(Inst::BuildTuple(items), range)
            }
            E::Named(n) => {
                let value = self.lower_expr(&n.value)?;
                let E::Name(target) = &*n.target else {
                    return Err(Diagnostic::unsupported(
                        "this ':=' target is not supported",
                        n.target.range(),
                    ));
                };
                self.assign(target.id.as_str(), value);
                value
            }
            E::Lambda(l) => self.lower_lambda(l)?,
            E::Generator(g) => self.lower_genexpr_value(g)?,
            _ if is_container(expr) => self.lower_container(expr)?,
            other => return Err(unsupported_expr(other)),
        })
    }

    /// A name: a generator expression's own variable, a cell, a local, or a global.
    pub(super) fn lower_name(&mut self, name: &str, range: TextRange) -> Result<Value> {
        // A comprehension's target is bound under a hidden name (`comprehension.rs`).
        let name = &*self.comp_renamed(name);
        if let Some(inner) = self.renamed(name) {
            return Ok(self.read_variable(&inner, self.current, range));
        }
        if let Some(&cell) = self.cells.get(name) {
            return Ok(self.emit(Inst::CellLoad(cell), range));
        }
        if self.locals.contains(name) {
            let v = self.read_local(name, range);
            // A generator expression held by a variable, used as a value: the generator now.
            // The variable holds the generator from here on (a later `for` or `next` goes on
            // with it).
            if let Some((g, first)) = self.pending_gens.get(&v).cloned() {
                let generator = self.genexpr_of_source(&g, &first)?;
                self.assign(name, generator);
                return Ok(generator);
            }
            Ok(v)
        } else {
            Ok(self.emit(Inst::Global(Arc::from(name)), range))
        }
    }

    /// The index of a subscript (slices are not supported yet).
    pub(crate) fn lower_index(&mut self, index: &ast::Expr) -> Result<Value> {
        let special =
            |e: &ast::Expr| matches!(e, ast::Expr::Slice(_) | ast::Expr::EllipsisLiteral(_));
        match index {
            ast::Expr::Slice(sl) => self.lower_slice(sl),
            ast::Expr::EllipsisLiteral(e) => {
                Ok(self.constant(Const::Str(Arc::from(crate::types::ELLIPSIS)), e.range))
            }
            ast::Expr::Tuple(t) if t.elts.iter().any(special) => {
                let mut items = Vec::new();
                for e in t.elts.iter() {
                    items.push(match e {
                        ast::Expr::Slice(sl) => self.lower_slice(sl)?,
                        ast::Expr::EllipsisLiteral(x) => {
                            self.constant(Const::Str(Arc::from(crate::types::ELLIPSIS)), x.range)
                        }
                        other => self.lower_expr(other)?,
                    });
                }
                Ok(self.emit(Inst::BuildTuple(items), t.range))
            }
            _ => self.lower_expr(index),
        }
    }

    /// `start:stop:step`, with `None` for the parts left out.
    fn lower_slice(&mut self, sl: &ast::ExprSlice) -> Result<Value> {
        let part = |s: &mut Self, e: &Option<Box<ast::Expr>>| match e {
            Some(e) => s.lower_expr(e),
            None => Ok(s.constant(Const::None, sl.range)),
        };
        let start = part(self, &sl.lower)?;
        let stop = part(self, &sl.upper)?;
        let step = part(self, &sl.step)?;
        Ok(self.emit(Inst::BuildSlice(start, stop, step), sl.range))
    }

    /// Emits `cond ? then : else` as two blocks and a phi of their values.
    pub(super) fn branch_merge(
        &mut self,
        cond: Value,
        range: TextRange,
        then_fn: impl FnOnce(&mut Self) -> Result<Value>,
        else_fn: impl FnOnce(&mut Self) -> Result<Value>,
    ) -> Result<Value> {
        let then_block = self.new_block();
        let else_block = self.new_block();
        let merge = self.new_block();
        self.terminate(
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            },
            range,
        );
        self.seal(then_block);
        self.seal(else_block);
        self.switch_to(then_block);
        let a = then_fn(self)?;
        let a_end = self.current;
        self.jump(merge, range);
        self.switch_to(else_block);
        let b = else_fn(self)?;
        let b_end = self.current;
        self.jump(merge, range);
        self.seal(merge);
        self.switch_to(merge);
        Ok(self.phi(vec![(a_end, a), (b_end, b)], range))
    }

    fn phi(&mut self, incoming: Vec<(crate::ir::Block, Value)>, range: TextRange) -> Value {
        let v = self.func.make_value(Inst::Phi(incoming), range);
        let insts = &mut self.func.blocks[self.current.index()].insts;
        let pos = insts
            .iter()
            .take_while(|v| matches!(self.func.values[v.index()].inst, Inst::Phi(_)))
            .count();
        insts.insert(pos, v);
        v
    }

    /// `a and b` is `b if a else a`, `a or b` is `a if a else b`, each operand evaluated once.
    fn lower_bool_op(&mut self, b: &ast::ExprBoolOp) -> Result<Value> {
        let mut acc = self.lower_expr(&b.values[0])?;
        for (k, operand) in b.values.iter().enumerate().skip(1) {
            let left = acc;
            let cond = self.emit(Inst::Truth(left), b.range);
            // An operand is evaluated where those before it were all true (`and`) or all
            // false (`or`): what they rule out is narrowed there.
            let then = |s: &mut Self| {
                s.narrow_bool_op(b.op, &b.values[..k]);
                s.lower_expr(operand)
            };
            acc = match b.op {
                ast::BoolOp::And => self.branch_merge(cond, b.range, then, |_| Ok(left))?,
                ast::BoolOp::Or => self.branch_merge(cond, b.range, |_| Ok(left), then)?,
            };
        }
        Ok(acc)
    }

    /// `a < b < c` is `(a < b) and (b < c)` with `b` evaluated once (the Numba IR spec's `Let`).
    fn lower_compare(&mut self, c: &ast::ExprCompare) -> Result<Value> {
        let mut left = self.lower_expr(&c.left)?;
        let pairs: Vec<_> = c.ops.iter().zip(c.comparators.iter()).collect();
        self.compare_chain(&mut left, c.left.start(), &pairs, c.range)
    }

    /// The right operand of `in`/`not in` where it is a display that need not be built, as
    /// the tuple of its items and the method that asks it (CPython's AST optimizer makes such
    /// a list display a tuple and a set display of constants a frozenset): a list display's
    /// membership is its tuple's; a set display (`c in {"a", "e"}`, `x in {a, b, c}`) has the
    /// membership of the tuple of its items (numbers, strings and tuples of those that are
    /// equal hash alike), asked by `__contains_hashable__`, which requires the items and `x`
    /// hashable as building the set and looking `x` up do.
    fn lower_membership_display(
        &mut self,
        e: &ast::Expr,
        in_op: bool,
    ) -> Result<Option<(Value, &'static str)>> {
        let (items, contains) = match e {
            ast::Expr::List(l) if in_op && !l.elts.iter().any(ast::Expr::is_starred_expr) => {
                (&l.elts, "__contains__")
            }
            ast::Expr::Set(s) if in_op && !s.elts.iter().any(ast::Expr::is_starred_expr) => {
                (&s.elts, "__contains_hashable__")
            }
            _ => return Ok(None),
        };
        let mut values = Vec::new();
        for x in items.iter() {
            values.push(self.lower_expr(x)?);
        }
        Ok(Some((
            self.emit(Inst::BuildTuple(values), e.range()),
            contains,
        )))
    }

    fn compare_chain(
        &mut self,
        left: &mut Value,
        left_start: ruff_text_size::TextSize,
        pairs: &[(&ast::CmpOp, &ast::Expr)],
        range: TextRange,
    ) -> Result<Value> {
        let (op, right_expr) = pairs[0];
        // The display rewritten is no left operand of a next comparison (`x in [1] == [1]`).
        let in_op = matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) && pairs.len() == 1;
        let (right, contains) = match self.lower_membership_display(right_expr, in_op)? {
            Some(found) => found,
            None => (self.lower_expr(right_expr)?, "__contains__"),
        };
        let at = TextRange::new(left_start, right_expr.end());
        let result = match op {
            // `x in c`: the container's `__contains__` (lists').
            ast::CmpOp::In | ast::CmpOp::NotIn => {
                let found = self.call_method(right, contains, *left, at);
                match op {
                    ast::CmpOp::NotIn => self.emit(Inst::UnaryOp(UnaryOp::Not, found), at),
                    _ => found,
                }
            }
            op => self.emit(Inst::Compare(cmpop(*op), *left, right), at),
        };
        if pairs.len() == 1 {
            return Ok(result);
        }
        let cond = self.emit(Inst::Truth(result), range);
        let mut next_left = right;
        let next_start = right_expr.start();
        self.branch_merge(
            cond,
            range,
            |s| s.compare_chain(&mut next_left, next_start, &pairs[1..], range),
            |_| Ok(result),
        )
    }
}

/// `-<int literal>` as one constant, as CPython folds it: `-9223372036854775808` is the int64
/// minimum (not the negation of a uint64 literal); below it, no 64-bit type holds the value.
fn negative_int_literal(u: &ast::ExprUnaryOp, range: TextRange) -> Result<Option<Const>> {
    let (ast::UnaryOp::USub, ast::Expr::NumberLiteral(n)) = (u.op, &*u.operand) else {
        return Ok(None);
    };
    let ast::Number::Int(i) = &n.value else {
        return Ok(None);
    };
    if i.as_i64().is_some() {
        return Ok(None);
    }
    match i.as_u64() {
        Some(v) if v == 1 << 63 => Ok(Some(Const::Int(i64::MIN))),
        _ => Err(Diagnostic::unsupported(
            "this integer literal does not fit in 64 bits (integer literals are int64, or uint64 from 2**63 to 2**64 - 1)",
            range,
        )),
    }
}

fn number(n: &ast::Number, range: TextRange) -> Result<Const> {
    Ok(match n {
        // As Numba types literals: int64, else uint64 (from 2**63 to 2**64 - 1).
        ast::Number::Int(i) => match (i.as_i64(), i.as_u64()) {
            (Some(v), _) => Const::Int(v),
            (None, Some(u)) => Const::Typed(crate::types::Type::int(64, false), Box::new(Const::Int(u as i64))),
            (None, None) => {
                return Err(Diagnostic::unsupported(
                    "this integer literal does not fit in 64 bits (integer literals are int64, or uint64 from 2**63 to 2**64 - 1)",
                    range,
                ))
            }
        },
        ast::Number::Float(x) => Const::Float(*x),
        ast::Number::Complex { real, imag } => Const::Complex(*real, *imag),
    })
}

/// A list, dict or set display or comprehension (`comprehension.rs`).
fn is_container(e: &ast::Expr) -> bool {
    use ast::Expr as E;
    matches!(
        e,
        E::List(_) | E::ListComp(_) | E::Dict(_) | E::DictComp(_) | E::Set(_) | E::SetComp(_)
    )
}

fn unsupported_expr(expr: &ast::Expr) -> Diagnostic {
    use ast::Expr as E;
    let what = match expr {
        E::Lambda(_) => "a lambda inside a compiled function",
        E::Dict(_) => "a dict display",
        E::Set(_) => "a set display",
        E::List(_) => "a list display",
        E::ListComp(_) => "a list comprehension",
        E::SetComp(_) => "a set comprehension",
        E::DictComp(_) => "a dict comprehension",
        E::Await(_) => "'await'",
        E::Yield(_) | E::YieldFrom(_) => "'yield' (generators)",
        E::TString(_) => "a t-string",
        E::BytesLiteral(_) => "a bytes literal",
        E::EllipsisLiteral(_) => "'...'",
        E::Starred(_) => "a starred expression",
        E::Slice(_) => "a slice",
        _ => "this expression",
    };
    Diagnostic::unsupported(format!("{what} is not supported yet"), expr.range())
}
