//! The solver: the type of every value, component by component of the dependency graph (in the
//! order `scc.rs` gives), with a fixpoint inside each; the rules of the simple instructions are
//! here, those of calls, attributes and items in `rules/`.

use std::collections::HashMap;

use super::scc::tarjan;
use super::{suggest, ArrayLikeArg, CallTarget, GlobalValue, TypeEnv};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Block, Const, Function, Inst, Value};
use crate::registry::operators as ops;
use crate::types::{self, unify, Type};

/// The most rounds of the fixpoint inside one component before giving up.
const MAX_ROUNDS: usize = 64;

/// The most times the solver starts again with new item types of empty lists.
const MAX_RESTARTS: usize = 32;

pub(crate) struct Inferer<'a> {
    pub(crate) func: &'a Function,
    pub(crate) arg_types: &'a [Type],
    pub(crate) env: &'a mut dyn TypeEnv,
    pub types: Vec<Option<Type>>,
    pub consts: Vec<Option<Const>>,
    pub calls: HashMap<Value, CallTarget>,
    /// The calls whose lists or tuples become arrays first (`rules/array_like.rs`).
    pub array_like: HashMap<Value, Vec<ArrayLikeArg>>,
    /// The values that run NumPy's BLAS/LAPACK, with what they are (for the error when the
    /// library cannot be found).
    pub lapack: std::collections::BTreeMap<Value, String>,
    /// The array of each `a.ctypes` value.
    pub ctypes_of: HashMap<Value, Value>,
    pub provisional: bool,
    pub(crate) reachable: Vec<bool>,
    pub(crate) order: Vec<Block>,
    /// The item types of empty displays learned from their uses (`rules/lists.rs`).
    pub(crate) item_vars: HashMap<u32, Type>,
    /// Whether this round learned a new item type (then the solver starts again).
    pub(crate) vars_changed: bool,
    /// `isinstance(x, list)` of a list (dict) is answered as for a Python list (dict), a guard
    /// raising for an `oxjit.typed` one (`infer`: where the other side does not type).
    pub(crate) speculate: bool,
    /// Whether an `isinstance` of a list or dict was left to run time (`speculate` may help).
    pub(crate) container_tests: bool,
    /// The calls of functions that never return (`noreturn.rs`).
    pub(crate) noreturn: Vec<Value>,
}

impl<'a> Inferer<'a> {
    pub fn new(func: &'a Function, arg_types: &'a [Type], env: &'a mut dyn TypeEnv) -> Inferer<'a> {
        let order = func.reverse_postorder();
        let mut reachable = vec![false; func.blocks.len()];
        for b in &order {
            reachable[b.index()] = true;
        }
        let n = func.values.len();
        Inferer {
            func,
            arg_types,
            env,
            types: vec![None; n],
            consts: vec![None; n],
            calls: HashMap::new(),
            array_like: HashMap::new(),
            lapack: Default::default(),
            ctypes_of: HashMap::new(),
            provisional: false,
            reachable,
            order,
            item_vars: HashMap::new(),
            vars_changed: false,
            speculate: false,
            container_tests: false,
            noreturn: Vec::new(),
        }
    }

    pub(crate) fn operands(&self, v: Value) -> Vec<Value> {
        match self.func.inst(v) {
            Inst::Phi(incoming) => incoming
                .iter()
                .filter(|(b, _)| self.reachable[b.index()])
                .map(|(_, v)| *v)
                .collect(),
            // A cell's type comes from the values stored into it.
            Inst::CellNew => self.cell_stores(v),
            // `e.args` is typed from the exceptions raised to `e`'s handler.
            Inst::GetAttr(e, name) if &**name == "args" => {
                let mut ops = vec![*e];
                ops.extend(self.raised_to(*e));
                ops
            }
            // A `yield` expression whose value is used is typed from the items the generator
            // yields (what `send()` passes in has their type): all its `yield`s.
            Inst::Yield(x) if self.func.is_used(v) => {
                let mut ops = vec![*x];
                ops.extend(super::generator::yielded_values(self.func));
                ops
            }
            inst => inst.operands(),
        }
    }

    /// Solves the whole graph; again from the start while it learns the item types of empty
    /// lists (`rules/lists.rs`). Each round types first what the branches' conditions depend
    /// on, so that a condition that turns out constant is known when the rest fails to type
    /// (see `decided.rs`), then everything.
    pub fn run(&mut self) -> Result<()> {
        for _ in 0..MAX_RESTARTS {
            self.vars_changed = false;
            let n = self.func.values.len();
            self.types = vec![None; n];
            self.consts = vec![None; n];
            self.calls.clear();
            self.array_like.clear();
            self.lapack.clear();
            self.ctypes_of.clear();
            let solved = self.solve_once();
            if !self.vars_changed && !self.default_argument_items() {
                return solved;
            }
        }
        Ok(())
    }

    fn solve_once(&mut self) -> Result<()> {
        let values: Vec<Value> = self
            .order
            .iter()
            .flat_map(|b| self.func.block(*b).insts.clone())
            .collect();
        let conditions = self.condition_closure();
        // Everything is typed even where a condition fails (its error first): the rest may
        // bind the items of an empty container the failing condition reads.
        let first = self.solve(&conditions);
        let rest = self.solve(&values);
        first.and(rest)
    }

    /// The branch conditions and every value they depend on.
    fn condition_closure(&self) -> Vec<Value> {
        let mut seen = std::collections::HashSet::new();
        let mut work: Vec<Value> = self
            .order
            .iter()
            .filter_map(|b| match self.func.block(*b).term {
                crate::ir::Terminator::Branch { cond, .. } => Some(cond),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        while let Some(v) = work.pop() {
            if seen.insert(v) {
                out.push(v);
                work.extend(self.operands(v));
            }
        }
        out
    }

    /// Types `values` in dependency order, each cycle to a fixpoint.
    /// `a op b`; an empty list compared with a list takes the other's items (`[] < [[1]]`).
    fn compare_type(&mut self, v: Value, op: crate::ir::CmpOp, a: Value, b: Value) -> Result<Type> {
        // `==` and `!=` compare a value that may be `None` as it is; elsewhere an optional
        // operand is its value (`None` raises at run time).
        let equality = matches!(op, crate::ir::CmpOp::Eq | crate::ir::CmpOp::Ne);
        let (mut ta, mut tb) = (self.raw_ty(a), self.raw_ty(b));
        if !types::optional::equality_with_none(equality, &ta, &tb) {
            (ta, tb) = (self.ty(a), self.ty(b));
        }
        if matches!((&ta, &tb), (Type::List(_), Type::List(_))) {
            self.bind_items(&ta, &tb);
            (ta, tb) = (self.resolve(&ta), self.resolve(&tb));
        }
        let t = ops::compare(op, &ta, &tb).map_err(|e| self.call_err(v, e))?;
        // `type(x) is int`: a constant, so that the branch it rules out is not typed.
        if let Some(same) = crate::registry::introspect::same_class(&ta, &tb) {
            use crate::ir::CmpOp::{Eq, Is};
            self.consts[v.index()] = Some(crate::ir::Const::Bool(same == matches!(op, Eq | Is)));
        } else if crate::registry::operators::decided_unequal(op, &ta, &tb) {
            use crate::ir::CmpOp::{Eq, Is};
            let unequal = !matches!(op, Eq | Is);
            self.consts[v.index()] = Some(crate::ir::Const::Bool(unequal));
        }
        Ok(t)
    }

    /// Types `values` in dependency order. A value that fails to type does not stop the
    /// others: a statement that depends on nothing typed later (`d[k] = v` in a comprehension's
    /// loop, ordered after the `sum(d.values())` that follows the loop) may still bind an empty
    /// container's items, after which typing starts again; the first error is returned.
    fn solve(&mut self, values: &[Value]) -> Result<()> {
        let mut first_error = None;
        for scc in tarjan(values, |v| self.operands(v)) {
            'rounds: for _ in 0..MAX_ROUNDS {
                let mut changed = false;
                for &v in &scc {
                    let t = match self.type_of(v) {
                        Ok(t) => t,
                        Err(e) => {
                            first_error.get_or_insert(e);
                            break 'rounds;
                        }
                    };
                    if t.is_some() && t != self.types[v.index()] {
                        self.types[v.index()] = t;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// The first value (in block order) without a type.
    pub fn first_unknown(&self) -> Option<Value> {
        self.order
            .iter()
            .flat_map(|b| self.func.block(*b).insts.iter())
            .copied()
            .find(|v| {
                self.types[v.index()].is_none()
                    && !(matches!(self.func.inst(*v), Inst::Undef(_)) && self.only_used_by_phis(*v))
            })
    }

    fn only_used_by_phis(&self, v: Value) -> bool {
        self.order
            .iter()
            .flat_map(|b| self.func.block(*b).insts.iter())
            .all(|u| match self.func.inst(*u) {
                Inst::Phi(_) => true,
                inst => !inst.operands().contains(&v),
            })
            && self
                .order
                .iter()
                .all(|b| self.func.block(*b).term.operand() != Some(v))
    }

    pub(crate) fn known(&self, v: Value) -> Option<&Type> {
        self.types[v.index()].as_ref()
    }

    pub(crate) fn err(&self, v: Value, message: String) -> Diagnostic {
        Diagnostic::typing(message, self.func.range(v))
    }

    /// The diagnostic of a call's typing error, of its kind (an `UnsupportedError` for what
    /// oxjit does not support, a `TypingError` for a program that cannot type).
    pub(crate) fn call_err(&self, v: Value, e: crate::registry::CallError) -> Diagnostic {
        match e.kind {
            crate::registry::CallErrorKind::Unsupported => {
                Diagnostic::unsupported(e.message, self.func.range(v))
            }
            crate::registry::CallErrorKind::Typing => self.err(v, e.message),
            crate::registry::CallErrorKind::Axis => Diagnostic::new(
                crate::diagnostics::ErrorKind::Axis,
                e.message,
                self.func.range(v),
            ),
        }
    }

    /// The type of `v` given what is known of its operands; `None` if not known yet.
    fn type_of(&mut self, v: Value) -> Result<Option<Type>> {
        let inst = self.func.inst(v).clone();
        let ty = match inst {
            // An empty list argument's items: a variable of this value, bound by the uses.
            Inst::Arg(i) => self.resolve(&crate::types::own_argument_vars(
                &self.arg_types[i as usize],
                v.0,
            )),
            Inst::Const(c) => self.constant(v, c),
            Inst::Undef(_) => return Ok(None),
            Inst::Global(name) => self.global(v, &name)?,
            Inst::Import(module, name) => self.imported(v, &module, name.as_deref())?,
            Inst::Phi(_) => {
                let mut acc: Option<Type> = None;
                for op in self.operands(v) {
                    if let Some(t) = self.known(op) {
                        acc = Some(match acc {
                            None => t.clone(),
                            Some(prev) => unify(&prev, t).ok_or_else(|| {
                                let name = self.func.values[v.index()].name.as_deref().map(|n| format!(" for '{n}'")).unwrap_or_default();
                                self.err(op, format!("cannot unify {prev} and {t}{name}: a variable must keep one type where branches meet"))
                            })?,
                        });
                    }
                }
                if let Some(merged) = &acc {
                    for op in self.operands(v) {
                        if let Some(t) = self.known(op).cloned() {
                            self.bind_items(merged, &t);
                        }
                    }
                }
                return Ok(acc);
            }
            Inst::Cast(_, t) => t,
            Inst::CatchException => Type::CaughtException,
            Inst::CellNew => return self.cell_new(v),
            _ => {
                let ops = inst.operands();
                if ops.iter().any(|o| self.known(*o).is_none()) {
                    return Ok(None);
                }
                // An item of a list whose item type is not known yet: known in a later round.
                if ops
                    .iter()
                    .any(|o| matches!(self.known(*o), Some(Type::Undetermined(_))))
                {
                    return Ok(None);
                }
                return self.type_of_operation(v, &inst);
            }
        };
        Ok(Some(ty))
    }

    pub(crate) fn constant(&mut self, v: Value, c: Const) -> Type {
        let t = const_type(&c);
        self.consts[v.index()] = Some(c);
        t
    }

    pub(crate) fn global(&mut self, v: Value, name: &str) -> Result<Type> {
        let found = self.env.global(name);
        if let GlobalValue::Missing = found {
            let name = name.strip_suffix(".__wrapped__").unwrap_or(name);
            let hint = suggest::did_you_mean(name, &self.env.global_names());
            return Err(self.err(v, format!("name '{name}' is not defined{hint}")));
        }
        // `with cm(...)` asks for the generator function of a contextmanager (`ssa/with_cm.rs`):
        // the host says why another value is not one.
        if let (Some(cm), GlobalValue::Unsupported(it)) =
            (name.strip_suffix(".__wrapped__"), &found)
        {
            return Err(Diagnostic::unsupported(
                format!(
                    "the 'with' statement takes objmode(...) or a call of a \
                     contextlib.contextmanager generator function, and '{cm}' is {it}"
                ),
                self.func.range(v),
            ));
        }
        self.global_value(v, &format!("global '{name}'"), found)
    }

    /// `import module` (`name` None) or `from module import name` inside the function.
    fn imported(&mut self, v: Value, module: &str, name: Option<&str>) -> Result<Type> {
        let (found, what) = match name {
            None => (self.env.import_module(module), format!("module '{module}'")),
            Some(n) => (
                self.env.module_attribute(module, n),
                format!("'{n}' from module '{module}'"),
            ),
        };
        if let GlobalValue::Missing = found {
            return Err(self.err(v, format!("cannot import {what}")));
        }
        self.global_value(v, &what, found)
    }

    /// The type of a value found at compile time (`what` names it in messages).
    pub(crate) fn global_value(
        &mut self,
        v: Value,
        what: &str,
        found: GlobalValue,
    ) -> Result<Type> {
        Ok(match found {
            GlobalValue::Const(c) => self.constant(v, c),
            GlobalValue::Module(m) => Type::Module(m),
            GlobalValue::Builtin(b) => Type::Builtin(b),
            GlobalValue::ExceptionClass(c) => Type::ExceptionClass(c),
            GlobalValue::NamedTupleClass(c) => Type::NamedTupleClass(c),
            GlobalValue::JitClass(c) => Type::JitClass(c),
            GlobalValue::UserFunction(f) => Type::UserFunction(f),
            GlobalValue::PyModule(m) => Type::PyModule(m),
            GlobalValue::TypeRef(t) => Type::TypeRef(t.into()),
            GlobalValue::Tuple(items) => {
                let mut types = Vec::with_capacity(items.len());
                for item in items {
                    types.push(self.global_value(v, what, item)?);
                }
                Type::tuple(types)
            }
            GlobalValue::Unsupported(it) => {
                // `it` is a noun phrase (the host's `GlobalValue::Unsupported`): one sentence.
                return Err(self.err(
                    v,
                    format!("{what} cannot be used in compiled code: it is {it}"),
                ));
            }
            GlobalValue::Missing => return Err(Diagnostic::internal("a missing global")),
        })
    }

    /// The type of an operand as it is (an optional as an optional).
    pub(crate) fn raw_ty(&self, v: Value) -> Type {
        self.types[v.index()]
            .clone()
            .expect("operand typed before use")
    }

    /// The type of an operand; an optional value is used as its value (checked at run time).
    pub(crate) fn ty(&self, v: Value) -> Type {
        match self.types[v.index()]
            .clone()
            .expect("operand typed before use")
        {
            Type::Optional(t) => (*t).clone(),
            t => t,
        }
    }

    /// Only `next(x)` (`ssa/generator.rs`) steps something other than a loop's iterator.
    /// The type of the iterator's items.
    fn check_iterator(&self, v: Value, it: Value) -> Result<Type> {
        let t = self.ty(it);
        types::kind_of(&t).next_type(&t).ok_or_else(|| {
            self.err(
                v,
                format!("next() of a value of type {t}, which is no iterator (next() takes an iterator: iter(x) or a generator)"),
            )
        })
    }

    fn type_of_operation(&mut self, v: Value, inst: &Inst) -> Result<Option<Type>> {
        if let Some(r) = self.jitclass_dunder(v, inst) {
            return r;
        }
        let ty = match inst {
            Inst::BinOp(op, a, b) | Inst::InplaceBinOp(op, a, b)
                if matches!(self.ty(*a), Type::List(_)) =>
            {
                self.list_binop(v, *op, *a, *b)?
            }
            Inst::BinOp(op, a, b) => {
                let exp_const = self.consts[b.index()].clone();
                ops::binop(*op, &self.ty(*a), &self.ty(*b), exp_const.as_ref())
                    .map_err(|m| self.err(v, m))?
            }
            Inst::InplaceBinOp(op, a, b) => match self.ty(*a) {
                Type::Array(target) => {
                    crate::registry::elementwise::inplace(*op, &target, &self.ty(*b))
                        .map_err(|m| self.err(v, m))?
                }
                ta => {
                    let exp_const = self.consts[b.index()].clone();
                    ops::binop(*op, &ta, &self.ty(*b), exp_const.as_ref())
                        .map_err(|m| self.err(v, m))?
                }
            },
            Inst::MatMul(a, b) => {
                let t =
                    crate::registry::linalg::product_type("np.matmul", &self.ty(*a), &self.ty(*b))
                        .map_err(|m| self.err(v, m))?;
                if crate::registry::linalg::inexact_result(&t) {
                    self.lapack.insert(v, "the '@' operator".to_string());
                }
                t
            }
            Inst::ArrayExpr { .. } => {
                return Err(Diagnostic::internal(
                    "array expressions are made after typing",
                ))
            }
            Inst::UnaryOp(op, a) => {
                let t = ops::unary(*op, &self.ty(*a)).map_err(|m| self.err(v, m))?;
                self.consts[v.index()] = fold_unary(*op, self.consts[a.index()].as_ref());
                t
            }
            Inst::Compare(op, a, b) => self.compare_type(v, *op, *a, *b)?,
            Inst::Truth(a) => self.truth_type(*a)?,
            // The refinement on a branch where `None` is ruled out: the optional's value.
            Inst::Narrow(a) => {
                self.consts[v.index()] = self.consts[a.index()].clone();
                self.ty(*a)
            }
            Inst::Call { func, args, kwargs } => return self.call(v, *func, args, kwargs),
            Inst::GetAttr(a, name) => self.attribute(v, *a, name)?,
            Inst::BuildTuple(items) => self.tuple_type(v, items),
            Inst::BuildList(items) => self.build_list(v, items)?,
            Inst::BuildDict => self.build_dict(v),
            Inst::GetItem(a, i) => self.get_item(v, *a, *i)?,
            Inst::BuildSlice(a, b, c) => {
                for part in [a, b, c] {
                    let t = self.ty(*part);
                    if !(t.is_integer_like() || t == Type::NoneType) {
                        return Err(self.err(
                            *part,
                            format!("slice indices must be integers or None, not {t}"),
                        ));
                    }
                }
                Type::Slice
            }
            Inst::SetItem(a, i, x) => self.any_set_item(v, *a, *i, *x)?,
            Inst::SetAttr(a, name, x) => self.set_attribute(v, *a, name, *x)?,
            Inst::UnpackItem(a, i, n) => match self.ty(*a) {
                Type::Tuple(items) if items.len() == *n as usize => items[*i as usize].clone(),
                Type::Tuple(items) => {
                    let what = if items.len() > *n as usize {
                        "too many values to unpack"
                    } else {
                        "not enough values to unpack"
                    };
                    return Err(self.err(
                        v,
                        format!(
                            "{what} (expected {n}, got {}) from {}",
                            items.len(),
                            self.ty(*a)
                        ),
                    ));
                }
                // An array unpacks along its first axis (its length checked at run time).
                Type::Array(a) if a.ndim == 0 => {
                    return Err(self.err(v, "iteration over a 0-d array".to_string()))
                }
                Type::Array(a) => types::row_type(&a)
                    .map_or_else(|| a.dtype.clone(), |row| Type::Array(row.into())),
                t => return Err(self.err(v, format!("cannot unpack a value of type {t}"))),
            },
            Inst::GetIter(a) => types::iter_type(&self.ty(*a)).map_err(|m| self.err(v, m))?,
            Inst::IterValid(it) => {
                self.check_iterator(v, *it)?;
                // A loop over an empty tuple (`*args` given nothing) never runs its body.
                if let Inst::GetIter(source) = self.func.inst(*it) {
                    if matches!(self.ty(*source), Type::Tuple(items) if items.is_empty()) {
                        self.consts[v.index()] = Some(Const::Bool(false));
                    }
                }
                Type::Bool
            }
            Inst::IterNext(it) => self.check_iterator(v, *it)?,
            Inst::ExceptionMatches(_, class) => self.except_clause(*class)?,
            Inst::ChainException { exc, cause, .. } => self.chained(v, *exc, *cause)?,
            Inst::MakeClosure { func, captures } => self.make_closure(v, *func, captures)?,
            Inst::CellLoad(c) => self.cell_load(v, *c)?,
            Inst::CellStore(c, x) => self.cell_store(v, *c, *x)?,
            // What a generator yields makes its type (`typeinfer::generator`); the value of a
            // `yield` expression is what `send()` passes in (`None` for `next()`).
            Inst::Yield(_) => match super::generator::sent_value_type(self.func, v, &self.types)? {
                Some(t) => t,
                None => return Ok(None),
            },
            Inst::KeepAlive(_) => Type::NoneType,
            Inst::ObjMode { block, inputs } => self.objmode_result(v, *block, inputs)?,
            Inst::Arg(_)
            | Inst::CatchException
            | Inst::CellNew
            | Inst::Const(_)
            | Inst::Global(_)
            | Inst::Import(..)
            | Inst::Phi(_)
            | Inst::Cast(..)
            | Inst::Undef(_) => {
                unreachable!("handled in type_of")
            }
        };
        Ok(Some(ty))
    }
}

impl Inferer<'_> {
    /// `bool(a)` for a condition: of numbers, strings, tuples, `None` and containers.
    fn truth_type(&self, a: Value) -> Result<Type> {
        let t = self.ty(a);
        if !types::has_truth(&t) {
            return Err(self.err(a, format!("cannot use a value of type {t} as a condition")));
        }
        Ok(Type::Bool)
    }

    /// `(a, b, ...)`: its items' types (and its value where they are constants).
    fn tuple_type(&mut self, v: Value, items: &[Value]) -> Type {
        let consts: Option<Vec<Const>> = items
            .iter()
            .map(|i| self.consts[i.index()].clone())
            .collect();
        self.consts[v.index()] = consts.map(Const::Tuple);
        // String constants in a tuple are strings (a value at run time), except the marker of
        // `...` in an index.
        let item = |t: Type| match t {
            Type::StrLiteral(_) if !types::is_ellipsis(&t) => Type::Str,
            t => t,
        };
        // An item that may be None stays optional in the tuple (`(best, i)` after a search).
        let raw = |i: &Value| {
            self.types[i.index()]
                .clone()
                .expect("operand typed before use")
        };
        let items: Vec<Type> = items.iter().map(|i| item(raw(i))).collect();
        // Different functions in a tuple are first-class functions of one type (so that the
        // tuple can be iterated over and indexed).
        if let Some(common) = types::common_function_type(&items) {
            return Type::tuple(vec![common; items.len()]);
        }
        Type::tuple(items)
    }

    /// The test of an `except` clause, which must name an exception class or a tuple of them.
    fn except_clause(&self, class: Value) -> Result<Type> {
        let t = self.ty(class);
        if !is_exception_classes(&t) {
            return Err(self.err(
                class,
                format!(
                    "catching classes that do not inherit from BaseException is not allowed \
                     (an 'except' clause names {t})"
                ),
            ));
        }
        Ok(Type::Bool)
    }
}

impl Inferer<'_> {
    /// A chained exception (`raise X from c`, or a raise inside an `except` clause) is an
    /// instance of the class raised. A caught exception raised again keeps its own context (as
    /// CPython's, which never makes an exception its own context); giving it a cause is refused.
    fn chained(&self, v: Value, exc: Value, cause: Option<Value>) -> Result<Type> {
        Ok(match self.ty(exc) {
            Type::ExceptionClass(c) | Type::Exception(c) => Type::Exception(c),
            Type::CaughtException if cause.is_some() => {
                return Err(self.err(
                    v,
                    "'raise e from c' where e is a caught exception is not supported in \
                     compiled code (raise a new exception: 'raise E(...) from e')"
                        .to_string(),
                ))
            }
            // Anything else is refused with the raise (`raises.rs`).
            t => t,
        })
    }
}

/// An exception class, or a tuple of them (what an `except` clause may name).
fn is_exception_classes(t: &Type) -> bool {
    match t {
        Type::ExceptionClass(_) => true,
        Type::Tuple(items) => items.iter().all(is_exception_classes),
        _ => false,
    }
}

/// The type of a constant.
pub fn const_type(c: &Const) -> Type {
    match c {
        Const::Int(_) => Type::I64,
        Const::Float(_) => Type::F64,
        Const::Complex(..) => Type::C128,
        Const::Bool(_) => Type::Bool,
        Const::None => Type::NoneType,
        Const::Str(s) => Type::StrLiteral(s.clone()),
        Const::Typed(t, _) => t.clone(),
        Const::Tuple(items) => Type::tuple(items.iter().map(const_type).collect()),
        Const::Array(a) => Type::Array(a.ty.clone()),
    }
}

fn fold_unary(op: crate::ir::UnaryOp, c: Option<&Const>) -> Option<Const> {
    use crate::ir::UnaryOp::*;
    match (op, c?) {
        (Neg, Const::Int(i)) => Some(Const::Int(i.wrapping_neg())),
        (Neg, Const::Float(x)) => Some(Const::Float(-x)),
        (Pos, c @ (Const::Int(_) | Const::Float(_))) => Some(c.clone()),
        _ => None,
    }
}
