//! The type graph and its solution: SCCs of the value dependency graph, in topological order,
//! with a fixpoint inside each.

use std::collections::HashMap;
use std::sync::Arc;

use super::{ops, suggest, ArgSource, CallTarget, GlobalValue, TypeEnv};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Block, Const, Function, Inst, Value};
use crate::numeric::unify;
use crate::registry::signature::{self, Resolved};
use crate::registry::{self, builtins, Builtin, CallArgs, Registered};
use crate::types::{ModuleKind, Type};

/// The most rounds of the fixpoint inside one component before giving up.
const MAX_ROUNDS: usize = 64;

pub(super) struct Inferer<'a> {
    func: &'a Function,
    arg_types: &'a [Type],
    env: &'a mut dyn TypeEnv,
    pub types: Vec<Option<Type>>,
    pub consts: Vec<Option<Const>>,
    pub calls: HashMap<Value, CallTarget>,
    pub provisional: bool,
    reachable: Vec<bool>,
    order: Vec<Block>,
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
            provisional: false,
            reachable,
            order,
        }
    }

    fn operands(&self, v: Value) -> Vec<Value> {
        match self.func.inst(v) {
            Inst::Phi(incoming) => incoming
                .iter()
                .filter(|(b, _)| self.reachable[b.index()])
                .map(|(_, v)| *v)
                .collect(),
            inst => inst.operands(),
        }
    }

    /// Solves the whole graph.
    pub fn run(&mut self) -> Result<()> {
        let values: Vec<Value> = self
            .order
            .iter()
            .flat_map(|b| self.func.block(*b).insts.clone())
            .collect();
        for scc in tarjan(&values, |v| self.operands(v)) {
            for _ in 0..MAX_ROUNDS {
                let mut changed = false;
                for &v in &scc {
                    let t = self.type_of(v)?;
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
        Ok(())
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
            && self.order.iter().all(|b| match &self.func.block(*b).term {
                crate::ir::Terminator::Branch { cond, .. } => *cond != v,
                crate::ir::Terminator::Return(r) | crate::ir::Terminator::Raise(r) => *r != v,
                _ => true,
            })
    }

    fn known(&self, v: Value) -> Option<&Type> {
        self.types[v.index()].as_ref()
    }

    fn err(&self, v: Value, message: String) -> Diagnostic {
        Diagnostic::typing(message, self.func.range(v))
    }

    /// The type of `v` given what is known of its operands; `None` if not known yet.
    fn type_of(&mut self, v: Value) -> Result<Option<Type>> {
        let inst = self.func.inst(v).clone();
        let ty = match inst {
            Inst::Arg(i) => self.arg_types[i as usize].clone(),
            Inst::Const(c) => self.constant(v, c),
            Inst::Undef(_) => return Ok(None),
            Inst::Global(name) => self.global(v, &name)?,
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
                return Ok(acc);
            }
            Inst::Cast(_, t) => t,
            _ => {
                let ops = inst.operands();
                if ops.iter().any(|o| self.known(*o).is_none()) {
                    return Ok(None);
                }
                return self.type_of_operation(v, &inst);
            }
        };
        Ok(Some(ty))
    }

    fn constant(&mut self, v: Value, c: Const) -> Type {
        let t = const_type(&c);
        self.consts[v.index()] = Some(c);
        t
    }

    fn global(&mut self, v: Value, name: &str) -> Result<Type> {
        Ok(match self.env.global(name) {
            GlobalValue::Const(c) => self.constant(v, c),
            GlobalValue::Module(m) => Type::Module(m),
            GlobalValue::Builtin(b) => Type::Builtin(b),
            GlobalValue::ExceptionClass(c) => Type::ExceptionClass(c),
            GlobalValue::UserFunction(f) => Type::UserFunction(f),
            GlobalValue::PyModule(m) => Type::PyModule(m),
            GlobalValue::Unsupported(what) => {
                return Err(self.err(v, format!("cannot determine the oxjit type of global '{name}': it is {what}, which compiled code cannot use")))
            }
            GlobalValue::Missing => {
                let hint = suggest::did_you_mean(name, &self.env.global_names());
                return Err(self.err(v, format!("name '{name}' is not defined{hint}")));
            }
        })
    }

    /// The type of an operand; an optional value is used as its value (checked at run time).
    fn ty(&self, v: Value) -> Type {
        match self.types[v.index()]
            .clone()
            .expect("operand typed before use")
        {
            Type::Optional(t) => (*t).clone(),
            t => t,
        }
    }

    fn type_of_operation(&mut self, v: Value, inst: &Inst) -> Result<Option<Type>> {
        let ty = match inst {
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
                crate::registry::linalg::product_type("np.matmul", &self.ty(*a), &self.ty(*b))
                    .map_err(|m| self.err(v, m))?
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
            Inst::Compare(op, a, b) => {
                let (ta, tb) = (self.ty(*a), self.ty(*b));
                ops::compare(*op, &ta, &tb).map_err(|m| self.err(v, m))?
            }
            Inst::Truth(a) => {
                let t = self.ty(*a);
                if !(t.is_numeric() || matches!(t, Type::Tuple(_) | Type::NoneType)) {
                    return Err(
                        self.err(*a, format!("cannot use a value of type {t} as a condition"))
                    );
                }
                Type::Bool
            }
            Inst::Call { func, args, kwargs } => return self.call(v, *func, args, kwargs),
            Inst::GetAttr(a, name) => self.attribute(v, *a, name)?,
            Inst::BuildTuple(items) => {
                let consts: Option<Vec<Const>> = items
                    .iter()
                    .map(|i| self.consts[i.index()].clone())
                    .collect();
                self.consts[v.index()] = consts.map(Const::Tuple);
                Type::tuple(items.iter().map(|i| self.ty(*i)).collect())
            }
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
            Inst::SetItem(a, i, x) => {
                let (ta, ti, tx) = (self.ty(*a), self.ty(*i), self.ty(*x));
                match &ta {
                    // `a.flat[i] = x`
                    Type::Flat(arr, false) => {
                        if arr.readonly || !ti.is_integer_like() || !tx.is_numeric() {
                            return Err(self.err(
                                v,
                                format!("cannot assign {tx} to {ta}[{ti}] (a writable array, an integer index and a number)"),
                            ));
                        }
                        return Ok(Some(Type::NoneType));
                    }
                    Type::Array(arr) => {
                        if arr.readonly {
                            return Err(self.err(
                                v,
                                format!("cannot assign to an item of a read-only array ({ta})"),
                            ));
                        }
                        // `a[1:3] = 0.0` fills the view; `a[1:3] = b` copies `b` into it,
                        // broadcast as NumPy does.
                        match (self.array_index_result(v, arr, &ti)?, &tx) {
                            (Type::Array(view), Type::Array(src)) => {
                                if src.ndim > view.ndim {
                                    return Err(self.err(
                                        v,
                                        format!(
                                            "cannot assign a {}d array to a {}d view",
                                            src.ndim, view.ndim
                                        ),
                                    ));
                                }
                                if matches!(src.dtype, Type::Complex(_))
                                    && !matches!(arr.dtype, Type::Complex(_))
                                {
                                    return Err(self.err(
                                        v,
                                        format!(
                                            "cannot store complex values in an array of {}",
                                            arr.dtype
                                        ),
                                    ));
                                }
                                return Ok(Some(Type::NoneType));
                            }
                            // A 0-d array stores its item (NumPy broadcasts it).
                            (_, Type::Array(b)) if b.ndim == 0 => {
                                return Ok(Some(Type::NoneType));
                            }
                            (_, Type::Array(_)) => {
                                return Err(self.err(
                                    v,
                                    format!("cannot store an array in one element of {ta}"),
                                ));
                            }
                            _ => {}
                        }
                        if !tx.is_numeric() {
                            return Err(self.err(
                                v,
                                format!(
                                    "cannot store a value of type {tx} in an array of {}",
                                    arr.dtype
                                ),
                            ));
                        }
                        if matches!(tx, Type::Complex(_)) && !matches!(arr.dtype, Type::Complex(_))
                        {
                            return Err(self.err(
                                v,
                                format!(
                                    "cannot store a complex value in an array of {}",
                                    arr.dtype
                                ),
                            ));
                        }
                    }
                    Type::Tuple(_) => {
                        return Err(self.err(
                            v,
                            format!("tuples are immutable: cannot assign to an item of {ta}"),
                        ))
                    }
                    t => {
                        return Err(self.err(
                            v,
                            format!("a value of type {t} does not support item assignment"),
                        ))
                    }
                }
                Type::NoneType
            }
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
                t => return Err(self.err(v, format!("cannot unpack a value of type {t}"))),
            },
            Inst::GetIter(a) => iter_type(&self.ty(*a)).map_err(|(message, unsupported)| {
                if unsupported {
                    Diagnostic::unsupported(message, self.func.range(v))
                } else {
                    self.err(v, message)
                }
            })?,
            Inst::IterValid(_) => Type::Bool,
            Inst::IterNext(it) => next_type(&self.ty(*it)),
            Inst::Arg(_)
            | Inst::Const(_)
            | Inst::Global(_)
            | Inst::Phi(_)
            | Inst::Cast(..)
            | Inst::Undef(_) => {
                unreachable!("handled in type_of")
            }
        };
        Ok(Some(ty))
    }

    fn attribute(&mut self, v: Value, a: Value, name: &str) -> Result<Type> {
        let recv = self.ty(a);
        if let (Type::Module(ModuleKind::Numpy), "random") = (&recv, name) {
            return Ok(Type::Module(ModuleKind::NumpyRandom));
        }
        if let (Type::Module(ModuleKind::Numpy), "linalg") = (&recv, name) {
            return Ok(Type::Module(ModuleKind::NumpyLinalg));
        }
        if let Type::Module(m) = &recv {
            return match registry::lookup(*m, name) {
                Some(Registered::Function(b)) => Ok(Type::Builtin(b)),
                Some(Registered::Constant(c)) => Ok(self.constant(v, c)),
                None => match self.env.module_attribute(m.name(), name) {
                    // NumPy's constants (np.pi, np.inf, ...) are read from the module.
                    GlobalValue::Const(c) if *m == ModuleKind::Numpy => Ok(self.constant(v, c)),
                    found => {
                        let exists = !matches!(found, GlobalValue::Missing);
                        let desc = format!("module '{}'", m.name());
                        Err(self
                            .missing_attribute(v, &desc, &[m.name().to_string()], name, exists)
                            .unwrap_or_else(|| {
                                Diagnostic::unsupported(
                                    format!("'{}.{name}' is not supported yet", m.name()),
                                    self.func.range(v),
                                )
                            }))
                    }
                },
            };
        }
        if let Type::PyModule(m) = &recv {
            return match self.env.module_attribute(m, name) {
                GlobalValue::Const(c) => Ok(self.constant(v, c)),
                GlobalValue::Module(k) => Ok(Type::Module(k)),
                GlobalValue::PyModule(k) => Ok(Type::PyModule(k)),
                GlobalValue::Builtin(b) => Ok(Type::Builtin(b)),
                GlobalValue::ExceptionClass(c) => Ok(Type::ExceptionClass(c)),
                GlobalValue::UserFunction(f) => Ok(Type::UserFunction(f)),
                GlobalValue::Unsupported(what) => Err(self.err(
                    v,
                    format!("'{m}.{name}' is {what}, which compiled code cannot use"),
                )),
                GlobalValue::Missing => {
                    Err(self.err(v, format!("module '{m}' has no attribute '{name}'")))
                }
            };
        }
        if let Some(m) = crate::registry::reduce::array_method(&recv, name)
            .or_else(|| crate::registry::creation::array_method(&recv, name))
            .or_else(|| crate::registry::linalg::array_method(&recv, name))
            .or_else(|| crate::registry::numpy::array_method(&recv, name))
        {
            return Ok(Type::BoundMethod(m, Arc::new(recv)));
        }
        if let Type::Array(arr) = &recv {
            let arr = arr.clone();
            if let Some(t) = self.array_attribute(v, &arr, name) {
                return Ok(t);
            }
            let classes = suggest::python_classes(&recv);
            let desc = format!("'{recv}'");
            return Err(self
                .missing_attribute(v, &desc, &classes, name, false)
                .unwrap_or_else(|| {
                    Diagnostic::unsupported(
                        format!("the array attribute '{name}' is not supported yet"),
                        self.func.range(v),
                    )
                }));
        }
        if recv == Type::ArrayCtypes {
            return match name {
                "data" => Ok(Type::I64),
                _ => Err(self.err(v, format!("a.ctypes.{name} is not supported (only .data)"))),
            };
        }
        if let Some(t) = builtins::number_attribute(&recv, name) {
            return Ok(t);
        }
        if let Some(m) = builtins::method(&recv, name) {
            return Ok(Type::BoundMethod(m, Arc::new(recv)));
        }
        let classes = suggest::python_classes(&recv);
        let desc = format!("'{recv}'");
        Err(self
            .missing_attribute(v, &desc, &classes, name, false)
            .unwrap_or_else(|| match classes.is_empty() {
                true => self.err(
                    v,
                    format!("a value of type {recv} has no attribute '{name}'"),
                ),
                false => Diagnostic::unsupported(
                    format!("the attribute '{name}' of {recv} is not supported yet"),
                    self.func.range(v),
                ),
            }))
    }

    /// Where Python can be asked (`dir()` of `classes`, importable paths) and `name` is neither
    /// there nor `exists` otherwise: the error that `desc` has no attribute `name`, as Python's
    /// `AttributeError` would say it, with CPython's suggestion of the closest name. `None` where
    /// the attribute exists (the caller says it is not supported yet) or Python cannot be asked.
    fn missing_attribute(
        &mut self,
        v: Value,
        desc: &str,
        classes: &[String],
        name: &str,
        exists: bool,
    ) -> Option<Diagnostic> {
        if exists || classes.is_empty() {
            return None;
        }
        let mut names = Vec::new();
        for class in classes {
            names.extend(self.env.attribute_names(class)?);
        }
        if names.iter().any(|n| n == name) {
            return None;
        }
        names.sort();
        names.dedup();
        let hint = suggest::did_you_mean(name, &[names]);
        Some(self.err(v, format!("{desc} has no attribute '{name}'{hint}")))
    }

    fn get_item(&mut self, v: Value, a: Value, i: Value) -> Result<Type> {
        let (ta, ti) = (self.ty(a), self.ty(i));
        if let Type::Flat(arr, false) = &ta {
            if !ti.is_integer_like() {
                return Err(self.err(v, format!("a.flat[] takes one integer here, not {ti}")));
            }
            return Ok(arr.dtype.clone());
        }
        if let Type::Array(arr) = &ta {
            return self.array_index_result(v, arr, &ti);
        }
        let Type::Tuple(items) = &ta else {
            return Err(self.err(v, format!("a value of type {ta} cannot be indexed")));
        };
        if !ti.is_integer_like() {
            return Err(self.err(v, format!("tuple indices must be integers, not {ti}")));
        }
        let index_const = match self.consts[i.index()] {
            Some(Const::Int(k)) => Some(k),
            Some(Const::Bool(b)) => Some(b as i64),
            _ => None,
        };
        if let Some(k) = index_const {
            let n = items.len() as i64;
            let idx = if k < 0 { k + n } else { k };
            if idx < 0 || idx >= n {
                return Err(self.err(v, format!("tuple index {k} out of range for {ta}")));
            }
            return Ok(items[idx as usize].clone());
        }
        match ta.uniform_item() {
            Some(item) => Ok(item.clone()),
            None => Err(self.err(
                v,
                format!("a heterogeneous tuple {ta} can only be indexed by a constant"),
            )),
        }
    }

    /// An array is indexed by one integer per dimension (views by partial indexing and slices
    /// come later).
    /// The type of `arr[index]`: the element for one integer per dimension, else a view
    /// (integers drop a dimension, slices keep one, missing trailing indices mean `:`).
    fn array_index_result(
        &self,
        v: Value,
        arr: &crate::types::ArrayTy,
        index: &Type,
    ) -> Result<Type> {
        // Boolean masks and integer arrays select copies (NumPy's advanced indexing).
        if let Type::Array(ix) = index {
            let ok = match &ix.dtype {
                Type::Bool => ix.ndim == arr.ndim,
                Type::Int(_) => true,
                _ => false,
            };
            if !ok {
                return Err(self.err(
                    v,
                    format!(
                        "indexing {} with {index} is not supported (a boolean mask of the same dimensions, or integers into a 1d array)",
                        Type::Array(Arc::new(arr.clone()))
                    ),
                ));
            }
            // A mask selects items; integers select items of a 1-d array, rows of an n-d one.
            let ndim = if ix.dtype == Type::Bool {
                1
            } else {
                ix.ndim + arr.ndim - 1
            };
            return Ok(crate::registry::elementwise::array(arr.dtype.clone(), ndim));
        }
        let parts = crate::types::index_parts(index, arr.ndim).map_err(|m| self.err(v, m))?;
        use crate::types::IndexPart;
        let ints = parts.iter().filter(|p| **p == IndexPart::Int).count();
        let ndim = parts.len() - ints;
        // An item, unless the subscript holds `...` (then a 0-d view, as NumPy gives).
        let ellipsis = match index {
            Type::Tuple(items) => items.iter().any(crate::types::is_ellipsis),
            t => crate::types::is_ellipsis(t),
        };
        if ndim == 0 && !ellipsis {
            return Ok(arr.dtype.clone());
        }
        // A C array indexed by leading integers only stays C; anything else may be strided.
        let leading_ints = parts
            .iter()
            .all(|p| matches!(p, IndexPart::Int | IndexPart::All));
        let layout = match arr.layout {
            crate::types::Layout::C if leading_ints => crate::types::Layout::C,
            _ => crate::types::Layout::A,
        };
        Ok(Type::Array(Arc::new(crate::types::ArrayTy {
            dtype: arr.dtype.clone(),
            ndim: ndim as u8,
            layout,
            readonly: arr.readonly,
        })))
    }

    fn array_attribute(
        &mut self,
        v: Value,
        arr: &crate::types::ArrayTy,
        name: &str,
    ) -> Option<Type> {
        let nd = arr.ndim as usize;
        Some(match name {
            "shape" | "strides" => Type::tuple(vec![Type::I64; nd]),
            "ndim" => {
                self.consts[v.index()] = Some(Const::Int(nd as i64));
                Type::I64
            }
            "itemsize" => {
                self.consts[v.index()] =
                    Some(Const::Int(crate::types::size_align(&arr.dtype).0 as i64));
                Type::I64
            }
            "size" | "nbytes" => Type::I64,
            "dtype" => crate::registry::creation::dtype_value(&arr.dtype)?,
            "ctypes" => Type::ArrayCtypes,
            "flat" => Type::Flat(Arc::new(arr.clone()), false),
            // Views: the transpose, and the parts of a complex array.
            "T" => {
                let layout = match arr.layout {
                    crate::types::Layout::C if nd > 1 => crate::types::Layout::F,
                    crate::types::Layout::F => crate::types::Layout::C,
                    l => l,
                };
                Type::Array(Arc::new(crate::types::ArrayTy {
                    layout,
                    ..arr.clone()
                }))
            }
            "real" | "imag" => match arr.dtype {
                Type::Complex(bits) => Type::Array(Arc::new(crate::types::ArrayTy {
                    dtype: Type::Float(bits / 2),
                    layout: crate::types::Layout::A,
                    ..arr.clone()
                })),
                _ if name == "real" => Type::Array(Arc::new(arr.clone())),
                _ => return None,
            },
            _ => return None,
        })
    }

    fn call(
        &mut self,
        v: Value,
        func: Value,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let callee = self.ty(func);
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        match callee {
            Type::Builtin(b @ (Builtin::Numpy(_) | Builtin::Ufunc(_))) if matches!(kwargs, [(name, _)] if &**name == "out") => {
                self.ufunc_with_out(v, b, &arg_types, kwargs[0].1)
            }
            Type::Builtin(Builtin::Print) if !kwargs.is_empty() => {
                let keywords: Vec<(&str, Type)> =
                    kwargs.iter().map(|(k, a)| (&**k, self.ty(*a))).collect();
                let refs: Vec<(&str, &Type)> = keywords.iter().map(|(k, t)| (*k, t)).collect();
                builtins::print_keywords(&refs).map_err(|m| self.err(v, m))?;
                let consts = vec![None; arg_types.len()];
                let call = CallArgs {
                    types: &arg_types,
                    consts: &consts,
                };
                let t = registry::type_call(Builtin::Print, &call).map_err(|m| self.err(v, m))?;
                // `sep`/`end`/`flush` are read by name where `print` is lowered.
                self.calls
                    .insert(v, positional_call(Builtin::Print, args.len()));
                Ok(Some(t))
            }
            Type::Builtin(b) => self.builtin_call(v, b, None, args, kwargs),
            Type::BoundMethod(b, recv) => {
                // Typing records which value the method is called on.
                let Inst::GetAttr(receiver, _) = *self.func.inst(func) else {
                    return Err(Diagnostic::unsupported(
                        format!(
                            "calling the method {}() other than where it is looked up",
                            b.name()
                        ),
                        self.func.range(v),
                    ));
                };
                self.builtin_call(v, b, Some(((*recv).clone(), receiver)), args, kwargs)
            }
            Type::ExceptionClass(name) => {
                if !kwargs.is_empty() {
                    return Err(self.err(v, format!("{name}() takes no keyword arguments")));
                }
                for (a, t) in args.iter().zip(&arg_types) {
                    if self.consts[a.index()].is_none() && !t.is_numeric() {
                        return Err(Diagnostic::unsupported(
                            format!("exception arguments must be constants or numbers, got {t}"),
                            self.func.range(*a),
                        ));
                    }
                }
                self.calls.insert(v, CallTarget::Exception(name.clone()));
                Ok(Some(Type::Exception(name)))
            }
            Type::UserFunction(f) => {
                let names: Vec<Arc<str>> = kwargs.iter().map(|(k, _)| k.clone()).collect();
                let sources = self
                    .env
                    .bind_user_call(f, args.len(), &names)
                    .map_err(|m| self.err(v, m))?;
                let mut types = Vec::new();
                for s in &sources {
                    types.push(match s {
                        ArgSource::Positional(i) => arg_types[*i].clone(),
                        ArgSource::Keyword(i) => match self.known(kwargs[*i].1) {
                            Some(t) => t.clone(),
                            None => return Ok(None),
                        },
                        ArgSource::Default(c) => const_type(c),
                        ArgSource::Receiver => unreachable!("a user function has no receiver"),
                    });
                }
                let call_range = self.func.range(v);
                let answer = self.env.call_user(f, &types).map_err(|mut d| {
                    if d.range.is_none() && d.source.is_none() {
                        d.range = Some(call_range);
                        return d;
                    }
                    if let Some(loc) = Diagnostic::typing("", self.func.range(v)).range {
                        d.notes.push(format!(
                            "while typing the call at offset {}",
                            u32::from(loc.start())
                        ));
                    }
                    d
                })?;
                self.provisional |= answer.provisional || answer.return_type.is_none();
                self.calls.insert(
                    v,
                    CallTarget::User {
                        func: f,
                        args: sources,
                        arg_types: answer.params.unwrap_or(types),
                    },
                );
                Ok(answer.return_type)
            }
            t => Err(self.err(v, format!("a value of type {t} is not callable"))),
        }
    }

    /// `np.add(a, b, out=c)`: computed as without `out`, then written into `c` (NumPy's
    /// `same_kind` casting); the call's value is `c`.
    fn ufunc_with_out(
        &mut self,
        v: Value,
        b: Builtin,
        arg_types: &[Type],
        out: Value,
    ) -> Result<Option<Type>> {
        let computed = registry::type_call(
            b,
            &CallArgs {
                types: arg_types,
                consts: &vec![None; arg_types.len()],
            },
        )
        .map_err(|m| self.err(v, m))?;
        let out_t = self.ty(out);
        let (Type::Array(result), Type::Array(target)) = (&computed, &out_t) else {
            return Err(self.err(
                v,
                format!(
                    "{}(..., out=) needs array operands and an array out, not {out_t}",
                    b.qualified_name()
                ),
            ));
        };
        if target.readonly {
            return Err(self.err(v, "out= cannot be a read-only array".to_string()));
        }
        let kind = |t: &Type| match t {
            Type::Bool => 0,
            Type::Int(_) => 1,
            Type::Float(_) => 2,
            _ => 3,
        };
        if kind(&result.dtype) > kind(&target.dtype) {
            return Err(self.err(
                v,
                format!(
                    "Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                    b.name(),
                    result.dtype,
                    target.dtype
                ),
            ));
        }
        // `out=` is the fused expression's output (`fuse.rs`).
        self.calls.insert(v, positional_call(b, arg_types.len()));
        Ok(Some(out_t))
    }

    /// A call of a function or method the compiler implements: its arguments bound to the
    /// parameters ([`registry::signature`]), then typed by the callee's rule.
    fn builtin_call(
        &mut self,
        v: Value,
        f: Builtin,
        recv: Option<(Type, Value)>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let receiver = recv.as_ref().map(|(_, r)| *r);
        let recv = recv.map(|(t, _)| t);
        let names: Vec<Arc<str>> = kwargs.iter().map(|(k, _)| k.clone()).collect();
        let offset = recv.is_some() as usize;
        let sig = registry::signature(f, recv.is_some());
        let mut sources =
            signature::bind(&sig, args.len() + offset, &names).map_err(|m| self.err(v, m))?;
        if recv.is_some() {
            sources = signature::with_receiver(sources);
        }
        let mut types = Vec::new();
        let mut consts = Vec::new();
        for s in &sources {
            let (t, c) = match s {
                ArgSource::Receiver => (recv.clone().expect("a method's receiver"), None),
                ArgSource::Positional(i) => {
                    let a = args[*i];
                    (self.ty(a), self.consts[a.index()].clone())
                }
                ArgSource::Keyword(i) => {
                    let a = kwargs[*i].1;
                    (self.ty(a), self.consts[a.index()].clone())
                }
                ArgSource::Default(c) => (const_type(c), Some(c.clone())),
            };
            types.push(t);
            consts.push(c);
        }
        let bound = CallArgs {
            types: &types,
            consts: &consts,
        };
        let t = registry::type_call(f, &bound).map_err(|m| self.err(v, m))?;
        if f == Builtin::Len {
            if let Type::Tuple(items) = &types[0] {
                self.consts[v.index()] = Some(Const::Int(items.len() as i64));
            }
        }
        let decoded = registry::decode(f, &bound, &t);
        self.calls.insert(
            v,
            CallTarget::Builtin(Resolved {
                id: f,
                args: sources,
                receiver,
                decoded,
            }),
        );
        Ok(Some(t))
    }
}

/// A call of `f` with `n` positional arguments and nothing decoded.
fn positional_call(f: Builtin, n: usize) -> CallTarget {
    CallTarget::Builtin(Resolved {
        id: f,
        args: (0..n).map(ArgSource::Positional).collect(),
        receiver: None,
        decoded: Default::default(),
    })
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

/// Tarjan's algorithm: the strongly connected components of the graph `nodes` → `edges(node)`,
/// each emitted after every component it depends on.
fn tarjan(nodes: &[Value], edges: impl Fn(Value) -> Vec<Value>) -> Vec<Vec<Value>> {
    struct State {
        index: HashMap<Value, usize>,
        low: HashMap<Value, usize>,
        on_stack: HashMap<Value, bool>,
        stack: Vec<Value>,
        next: usize,
        out: Vec<Vec<Value>>,
    }
    let in_graph: std::collections::HashSet<Value> = nodes.iter().copied().collect();
    let mut st = State {
        index: HashMap::new(),
        low: HashMap::new(),
        on_stack: HashMap::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    // Iterative DFS to stay safe on long functions.
    for &root in nodes {
        if st.index.contains_key(&root) {
            continue;
        }
        let mut work: Vec<(Value, Vec<Value>, usize)> = Vec::new();
        let succ = |v: Value| {
            edges(v)
                .into_iter()
                .filter(|w| in_graph.contains(w))
                .collect::<Vec<_>>()
        };
        st.index.insert(root, st.next);
        st.low.insert(root, st.next);
        st.next += 1;
        st.stack.push(root);
        st.on_stack.insert(root, true);
        work.push((root, succ(root), 0));
        while let Some((v, succs, i)) = work.pop() {
            if i < succs.len() {
                let w = succs[i];
                work.push((v, succs.clone(), i + 1));
                if !st.index.contains_key(&w) {
                    st.index.insert(w, st.next);
                    st.low.insert(w, st.next);
                    st.next += 1;
                    st.stack.push(w);
                    st.on_stack.insert(w, true);
                    work.push((w, succ(w), 0));
                } else if st.on_stack.get(&w).copied().unwrap_or(false) {
                    let lw = st.index[&w];
                    let lv = st.low[&v];
                    st.low.insert(v, lv.min(lw));
                }
            } else {
                if st.low[&v] == st.index[&v] {
                    let mut comp = Vec::new();
                    loop {
                        let w = st.stack.pop().expect("tarjan stack");
                        st.on_stack.insert(w, false);
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comp.sort();
                    st.out.push(comp);
                }
                if let Some((parent, _, _)) = work.last() {
                    let lp = st.low[parent];
                    let lv = st.low[&v];
                    st.low.insert(*parent, lp.min(lv));
                }
            }
        }
    }
    st.out
}

/// The iterator type of an iterable; the error says whether the construct is unsupported (as
/// opposed to ill-typed).
pub fn iter_type(t: &Type) -> std::result::Result<Type, (String, bool)> {
    Ok(match t {
        Type::Range => Type::RangeIter,
        Type::NdIndex(n) => Type::NdIndexIter(*n),
        Type::Flat(a, k) => Type::FlatIter(a.clone(), *k),
        Type::Array(arr) if arr.ndim == 0 => {
            // NumPy raises TypeError("iteration over a 0-d array") when it runs.
            return Err(("iteration over a 0-d array".to_string(), false));
        }
        Type::Array(arr) => Type::ArrayIter(arr.clone()),
        Type::Tuple(items) if items.is_empty() => Type::TupleIter(Arc::new(Type::NoneType)),
        Type::Tuple(_) => match t.uniform_item() {
            Some(item) => Type::TupleIter(Arc::new(item.clone())),
            None => {
                return Err((
                    format!("cannot iterate over the heterogeneous tuple {t}"),
                    false,
                ))
            }
        },
        Type::Enumerate(inner) => Type::EnumerateIter(Arc::new(iter_type(inner)?)),
        Type::Zip(inners) => Type::ZipIter(
            inners
                .iter()
                .map(iter_type)
                .collect::<std::result::Result<Vec<_>, _>>()?
                .into(),
        ),
        t => return Err((format!("cannot iterate over a value of type {t}"), false)),
    })
}

/// The type of `a[i]` for an n-d array (`None` for 1-d: an element): a view that stays C
/// contiguous for C arrays.
pub fn row_type(a: &crate::types::ArrayTy) -> Option<crate::types::ArrayTy> {
    (a.ndim > 1).then(|| crate::types::ArrayTy {
        ndim: a.ndim - 1,
        layout: match a.layout {
            crate::types::Layout::C => crate::types::Layout::C,
            _ => crate::types::Layout::A,
        },
        ..a.clone()
    })
}

/// Whether `for x in <t>` is supported.
pub fn is_iterable(t: &Type) -> bool {
    iter_type(t).is_ok()
}

/// The type of the items an iterator yields.
pub fn next_type(it: &Type) -> Type {
    match it {
        Type::RangeIter => Type::I64,
        Type::NdIndexIter(n) => Type::tuple(vec![Type::I64; *n as usize]),
        Type::FlatIter(a, _) => a.dtype.clone(),
        Type::TupleIter(item) => (**item).clone(),
        Type::ArrayIter(arr) => match row_type(arr) {
            Some(row) => Type::Array(Arc::new(row)),
            None => arr.dtype.clone(),
        },
        Type::EnumerateIter(inner) => Type::tuple(vec![Type::I64, next_type(inner)]),
        Type::ZipIter(inners) => Type::tuple(inners.iter().map(next_type).collect()),
        other => unreachable!("next() of {other}: GetIter only makes iterators"),
    }
}
