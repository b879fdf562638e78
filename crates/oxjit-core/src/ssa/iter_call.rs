//! `iter(x)`: the iterator a `for` loop over `x` would make (`Inst::GetIter`), as a value that
//! `next()` steps and a later `for` loop continues (an iterator's own iterator is itself, see
//! `types::iter_type`). The two-argument form `iter(f, sentinel)` (CPython's
//! `callable_iterator`) is the iterable of a `for` statement: the loop calls `f()` before each
//! pass and stops (running its `else`) at the first result equal to `sentinel`. Elsewhere it is
//! refused at compile time.
//! Also `list()` and `dict()` without arguments: the empty display (`[]`, `{}`), whose item
//! types come from their uses, as Numba infers them; and `dict(pairs)` of pairs that cannot be
//! a dict (`zip(...)`, `enumerate(...)`, a display, a comprehension): `{k: v for k, v in
//! pairs}`.

use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::Result;
use crate::ir::{CmpOp, Const, Inst, Terminator, Value};
use crate::syntax::ast;

impl Builder {
    /// `iter(x)` with one positional argument, where `iter` is the builtin; `None` leaves any
    /// other call to the ordinary path.
    pub(super) fn lower_iter(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        if self.is_builtin_iter(call, 2) {
            return Err(crate::diagnostics::Diagnostic::unsupported(
                "iter(callable, sentinel) is supported as the iterable of a 'for' statement \
                 only (not as a value, nor in a comprehension)",
                call.range(),
            ));
        }
        if !self.is_builtin_iter(call, 1) {
            return Ok(None);
        }
        let x = self.lower_expr(&call.arguments.args[0])?;
        Ok(Some(self.emit(Inst::GetIter(x), call.range())))
    }

    /// Whether `call` is the builtin `iter` with `n` positional arguments and nothing else.
    fn is_builtin_iter(&self, call: &ast::ExprCall, n: usize) -> bool {
        let ast::Expr::Name(func) = &*call.func else {
            return false;
        };
        let name = func.id.as_str();
        let args = &call.arguments.args;
        name == "iter"
            && !self.env.shadowed.contains(name)
            && !self.locals.contains(name)
            && !self.cells.contains_key(name)
            && call.arguments.keywords.is_empty()
            && args.len() == n
            && !args.iter().any(|a| matches!(a, ast::Expr::Starred(_)))
    }

    /// `for x in iter(f, sentinel): body else: orelse` as `while True: x = f(); if x ==
    /// sentinel: orelse; break; body` (`f` and `sentinel` evaluated once, first). False where
    /// the loop is over something else.
    pub(super) fn lower_for_over_callable(&mut self, f: &ast::StmtFor) -> Result<bool> {
        let ast::Expr::Call(call) = &*f.iter else {
            return Ok(false);
        };
        if !self.is_builtin_iter(call, 2) {
            return Ok(false);
        }
        let args = &call.arguments.args;
        let callable = self.lower_expr(&args[0])?;
        let sentinel = self.lower_expr(&args[1])?;
        let header = self.new_block();
        let body = self.new_block();
        let orelse = self.new_block();
        let exit = self.new_block();
        self.jump(header, f.range);
        self.switch_to(header);
        let range = call.range();
        let call_inst = Inst::Call {
            func: callable,
            args: vec![],
            kwargs: vec![],
        };
        let item = self.emit(call_inst, range);
        let done = self.emit(Inst::Compare(CmpOp::Eq, item, sentinel), range);
        let done = self.emit(Inst::Truth(done), range);
        self.terminate(
            Terminator::Branch {
                cond: done,
                then_block: orelse,
                else_block: body,
            },
            range,
        );
        self.seal(body);
        self.seal(orelse);
        self.switch_to(body);
        self.assign_target(&f.target, item)?;
        let at = self.current;
        self.loop_body(at, header, exit, &f.body, f.range)?;
        self.seal(header);
        self.switch_to(orelse);
        self.lower_body(&f.orelse)?;
        self.jump(exit, f.range);
        self.seal(exit);
        self.switch_to(exit);
        Ok(true)
    }

    /// `list()` / `dict()` without arguments, where the name is the builtin: `[]` / `{}`.
    pub(super) fn lower_empty_container(&mut self, call: &ast::ExprCall) -> Option<Value> {
        let ast::Expr::Name(func) = &*call.func else {
            return None;
        };
        let name = func.id.as_str();
        if !matches!(name, "list" | "dict")
            || !self.is_builtin_name(name)
            || !call.arguments.args.is_empty()
            || !call.arguments.keywords.is_empty()
        {
            return None;
        }
        let inst = if name == "list" {
            Inst::BuildList(Vec::new())
        } else {
            Inst::BuildDict
        };
        Some(self.emit(inst, call.range()))
    }

    /// `dict(pairs)` where `dict` is the builtin and `pairs` is, as written, an iterable of
    /// pairs that is no mapping (a dict argument would be iterated by its keys): the
    /// comprehension `{.k: .v for (.k, .v) in pairs}`. `None` leaves any other call alone.
    pub(super) fn lower_dict_of_pairs(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Name(func) = &*call.func else {
            return Ok(None);
        };
        let [pairs] = &call.arguments.args[..] else {
            return Ok(None);
        };
        let never_a_mapping = match pairs {
            ast::Expr::List(_)
            | ast::Expr::Tuple(_)
            | ast::Expr::ListComp(_)
            | ast::Expr::Generator(_) => true,
            ast::Expr::Call(c) => matches!(&*c.func, ast::Expr::Name(n)
                if matches!(n.id.as_str(), "zip" | "enumerate") && self.is_builtin_name(&n.id)),
            _ => false,
        };
        if func.id.as_str() != "dict"
            || !self.is_builtin_name("dict")
            || !call.arguments.keywords.is_empty()
            || !never_a_mapping
        {
            return Ok(None);
        }
        let range = call.range();
        let name = |id: &str, ctx| {
            ast::Expr::Name(ast::ExprName {
                node_index: Default::default(),
                range,
                id: id.into(),
                ctx,
            })
        };
        let target = ast::Expr::Tuple(ast::ExprTuple {
            node_index: Default::default(),
            range,
            elts: vec![
                name(".k", ast::ExprContext::Store),
                name(".v", ast::ExprContext::Store),
            ],
            ctx: ast::ExprContext::Store,
            parenthesized: true,
        });
        let comp = ast::ExprDictComp {
            node_index: Default::default(),
            range,
            key: Some(Box::new(name(".k", ast::ExprContext::Load))),
            value: Box::new(name(".v", ast::ExprContext::Load)),
            generators: vec![ast::Comprehension {
                range,
                node_index: Default::default(),
                target,
                iter: pairs.clone(),
                ifs: vec![],
                is_async: false,
            }],
        };
        self.lower_dict_comp(&comp).map(Some)
    }

    /// `getattr(obj, "name")` where `getattr` is the builtin and the name a string literal:
    /// `obj.name` (Numba's literal-string `getattr`). `None` leaves any other call alone.
    pub(super) fn lower_getattr(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Name(func) = &*call.func else {
            return Ok(None);
        };
        let [obj, ast::Expr::StringLiteral(name)] = &call.arguments.args[..] else {
            return Ok(None);
        };
        if func.id.as_str() != "getattr"
            || !self.is_builtin_name("getattr")
            || !call.arguments.keywords.is_empty()
        {
            return Ok(None);
        }
        let attr = ast::Expr::Attribute(ast::ExprAttribute {
            node_index: Default::default(),
            range: call.range(),
            value: Box::new(obj.clone()),
            attr: ast::Identifier::new(name.value.to_str(), name.range),
            ctx: ast::ExprContext::Load,
        });
        self.lower_expr(&attr).map(Some)
    }

    /// `slice(stop)`, `slice(start, stop)`, `slice(start, stop, step)` where `slice` is the
    /// builtin: the slice `start:stop:step` (`None` for the parts left out), as CPython builds
    /// it. `None` leaves any other call alone (`slice(*args)`: an unknown number of parts).
    pub(super) fn lower_slice_call(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Name(func) = &*call.func else {
            return Ok(None);
        };
        let args = &call.arguments.args;
        if func.id.as_str() != "slice"
            || !self.is_builtin_name("slice")
            || !call.arguments.keywords.is_empty()
            || !(1..=3).contains(&args.len())
            || args.iter().any(|a| matches!(a, ast::Expr::Starred(_)))
        {
            return Ok(None);
        }
        let mut parts = Vec::new();
        for a in args.iter() {
            parts.push(self.lower_expr(a)?);
        }
        Ok(Some(self.build_slice_of(&parts, call.range())))
    }

    /// Whether `call` calls the builtin `slice`.
    pub(super) fn calls_builtin_slice(&self, call: &ast::ExprCall) -> bool {
        matches!(&*call.func, ast::Expr::Name(n) if n.id.as_str() == "slice")
            && self.is_builtin_name("slice")
    }

    /// The slice `slice(*parts)` makes (one to three parts).
    pub(super) fn build_slice_of(&mut self, parts: &[Value], range: TextRange) -> Value {
        let none = |s: &mut Self| s.constant(Const::None, range);
        let (start, stop, step) = match parts[..] {
            [stop] => (none(self), stop, none(self)),
            [start, stop] => (start, stop, none(self)),
            [start, stop, step] => (start, stop, step),
            _ => unreachable!("one to three parts"),
        };
        self.emit(Inst::BuildSlice(start, stop, step), range)
    }

    /// Whether `name` is the builtin of that name here (no local, cell or global hides it).
    pub(super) fn is_builtin_name(&self, name: &str) -> bool {
        !self.env.shadowed.contains(name)
            && !self.locals.contains(name)
            && !self.cells.contains_key(name)
    }
}
