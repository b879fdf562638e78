//! The typing of lists: displays, `l[i] = x`, and the item type of an empty display (`[]`),
//! which Numba cannot type and oxjit takes from later uses.
//!
//! An empty display made at value `v` has the item type `Undetermined(v)` (a type variable).
//! A use that tells what the items are (`append`, `insert`, `extend`, `l[i] = x`, `+=`, or a
//! merge with a list of known items) binds the variable ([`Inferer::bind_items`]); where a
//! binding is new or wider (`[]`, then `append(1)`, then `append(2.5)`: float64), the solver
//! types the function again from the start with what it learned (`solve.rs`), so every use sees
//! the final item type. A value whose type still holds a variable at the end is an error at the
//! empty display ([`Inferer::undetermined_error`]).

use crate::callee::{Builtin, DictFn, ListFn, SetFn};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::optional::stores_optional;
use crate::types::{display_item, has_undetermined, stores_as, unify, Type};

impl Inferer<'_> {
    /// `[a, b, ...]`: a list of the items' unified type; `[]`: of the items its uses give it.
    pub(crate) fn build_list(&mut self, v: Value, items: &[Value]) -> Result<Type> {
        if items.is_empty() {
            let var = Type::Undetermined(v.0);
            return Ok(Type::List(self.resolve(&var).into()));
        }
        // An item that may be `None` is kept so: the list's items are optional.
        let types: Vec<Type> = items.iter().map(|i| self.raw_ty(*i)).collect();
        let item = display_item(&types).map_err(|m| self.err(v, m))?;
        for t in &types {
            self.bind_items(&item, t);
        }
        if !item.is_runtime() {
            return Err(Diagnostic::unsupported(
                format!("a list of items of type {item} is not supported"),
                self.func.range(v),
            ));
        }
        Ok(Type::List(item.into()))
    }

    /// `t` with every bound item type replaced by what it is bound to.
    pub(crate) fn resolve(&self, t: &Type) -> Type {
        self.resolve_depth(t, 0)
    }

    fn resolve_depth(&self, t: &Type, depth: usize) -> Type {
        if depth > 64 {
            return t.clone();
        }
        match t {
            Type::Undetermined(k) => match self.item_vars.get(k) {
                Some(b) => self.resolve_depth(b, depth + 1),
                None => t.clone(),
            },
            Type::List(item) => Type::List(self.resolve_depth(item, depth + 1).into()),
            Type::Dict(k, v) => Type::Dict(
                self.resolve_depth(k, depth + 1).into(),
                self.resolve_depth(v, depth + 1).into(),
            ),
            Type::Set(k) => Type::Set(self.resolve_depth(k, depth + 1).into()),
            Type::Tuple(items) => Type::Tuple(items.map(|x| self.resolve_depth(x, depth + 1))),
            t => t.clone(),
        }
    }

    /// Records what `actual` tells about the variables in `expected` (and the other way):
    /// where the two have an item type not known yet, it is the other's.
    pub(crate) fn bind_items(&mut self, expected: &Type, actual: &Type) {
        match (expected, actual) {
            (Type::Undetermined(k), t) | (t, Type::Undetermined(k)) => self.bind_var(*k, t),
            (Type::List(a), Type::List(b)) => self.bind_items(a, b),
            (Type::Set(a), Type::Set(b)) => self.bind_items(a, b),
            (Type::Dict(a, b), Type::Dict(c, d)) => {
                self.bind_items(a, c);
                self.bind_items(b, d);
            }
            (Type::Tuple(a), Type::Tuple(b)) if a.len() == b.len() => {
                for (x, y) in a.iter().zip(b.iter()) {
                    self.bind_items(x, y);
                }
            }
            _ => {}
        }
    }

    fn bind_var(&mut self, k: u32, t: &Type) {
        // Items are run-time values: a string constant is stored as a string.
        let t = crate::types::widen_literal(&self.resolve(t));
        if t == Type::Undetermined(k) || mentions(&t, k) {
            return;
        }
        let new = match self.item_vars.get(&k) {
            None => t,
            Some(old) if *old == t => return,
            Some(old) => match unify(old, &t) {
                Some(u) if &u != old => u,
                _ => return,
            },
        };
        if self.item_vars.get(&k) != Some(&new) {
            self.item_vars.insert(k, new);
            self.vars_changed = true;
        }
    }

    /// Binds the items of an empty list argument (`f([])`) that nothing in the function
    /// typed to `int64` (the function adds no item to it: any item type behaves the same);
    /// whether it bound one (then typing starts again).
    pub(crate) fn default_argument_items(&mut self) -> bool {
        let mut changed = false;
        for (k, data) in self.func.values.iter().enumerate() {
            let Inst::Arg(i) = data.inst else { continue };
            let var = k as u32;
            let arg = &self.arg_types[i as usize];
            if crate::types::has_empty_argument(arg) && !self.item_vars.contains_key(&var) {
                self.item_vars.insert(var, Type::I64);
                changed = true;
            }
        }
        changed
    }

    /// What a call of a list method tells about the list's items.
    pub(crate) fn list_call_bindings(&mut self, f: Builtin, types: &[Type]) {
        // `sep.join([])`: a list joined holds strings.
        if let (Builtin::Str(crate::callee::StrFn::Join), Some(Type::List(item))) =
            (f, types.get(1))
        {
            self.bind_items(item, &Type::Str);
            return;
        }
        if let (Builtin::Dict(m), Some(Type::Dict(key, value))) = (f, types.first()) {
            let (key, value) = ((**key).clone(), (**value).clone());
            match m {
                DictFn::SetDefault => {
                    self.bind_items(&key, &types[1]);
                    self.bind_items(&value, &types[2]);
                }
                DictFn::Update => self.bind_items(&types[0], &types[1]),
                // A default tells the values' type (`d.get(k, 0) + 1` before any `d[k] = ...`).
                DictFn::Get | DictFn::Pop => {
                    self.bind_items(&key, &types[1]);
                    if !matches!(types[2], Type::NoneType | Type::StrLiteral(_)) {
                        self.bind_items(&value, &types[2]);
                    }
                }
                DictFn::Contains | DictFn::DelItem => self.bind_items(&key, &types[1]),
                _ => {}
            }
            return;
        }
        if let (Builtin::Set(m), Some(Type::Set(item))) = (f, types.first()) {
            let item = (**item).clone();
            match m {
                SetFn::Add | SetFn::Discard | SetFn::Remove | SetFn::Contains => {
                    self.bind_items(&item, &types[1])
                }
                SetFn::Update => {
                    for other in &types[1..] {
                        if let Ok(it) = crate::types::iter_type(other) {
                            let from = crate::types::next_type(&it);
                            self.bind_items(&item, &from);
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        let Builtin::List(m) = f else { return };
        let Some(Type::List(item)) = types.first() else {
            return;
        };
        let item = (**item).clone();
        match m {
            ListFn::Append => self.bind_items(&item, &types[1]),
            ListFn::Insert => self.bind_items(&item, &types[2]),
            ListFn::Extend => {
                if let Ok(it) = crate::types::iter_type(&types[1]) {
                    let from = crate::types::next_type(&it);
                    self.bind_items(&item, &from);
                }
            }
            _ => {}
        }
    }

    /// `l[i] = x` and `l[a:b] = other`: `None`.
    pub(crate) fn set_list_item(
        &mut self,
        v: Value,
        list: &Type,
        i: &Type,
        x: &Type,
    ) -> Result<Type> {
        let Type::List(item) = list else {
            unreachable!("a list")
        };
        if *i == Type::Slice {
            let Type::List(from) = x else {
                return Err(Diagnostic::unsupported(
                    format!("assigning a {x} to a slice of a list is not supported (a list is)"),
                    self.func.range(v),
                ));
            };
            let from = (**from).clone();
            self.bind_items(item, &from);
            if !matches!(**item, Type::Undetermined(_)) && !stores_as(item, &from) {
                return Err(self.err(
                    v,
                    format!("cannot assign items of type {from} to a slice of a {list}"),
                ));
            }
            return Ok(Type::NoneType);
        }
        if !i.is_integer_like() {
            return Err(self.err(
                v,
                format!("list indices must be integers or slices, not {i}"),
            ));
        }
        self.bind_items(item, x);
        if !matches!(**item, Type::Undetermined(_)) && !stores_as(item, x) {
            return Err(self.err(
                v,
                format!(
                    "cannot store a value of type {x} in a {list}: the items of a list keep the type they have where it is made"
                ),
            ));
        }
        Ok(Type::NoneType)
    }

    /// The error for the first value whose type still holds an item type not known: at the
    /// empty display it comes from.
    pub(crate) fn undetermined_error(&self) -> Option<Diagnostic> {
        let t = self
            .order
            .iter()
            .flat_map(|b| self.func.block(*b).insts.iter())
            .filter_map(|v| self.types[v.index()].as_ref())
            .find(|t| has_undetermined(t))?;
        let k = first_var(t)?;
        let at = Value(crate::types::var_origin(k));
        let what = match self.func.inst(at) {
            crate::ir::Inst::BuildDict => "key and value types of the empty dict",
            crate::ir::Inst::Call { .. } => "item type of the empty set",
            crate::ir::Inst::Arg(_) => "item type of the empty list argument",
            _ => "item type of the empty list",
        };
        let name = self.func.values[at.index()]
            .name
            .as_deref()
            .map(|n| format!(" '{n}'"))
            .unwrap_or_default();
        Some(Diagnostic::typing(
            format!(
                "cannot infer the {what}{name}: nothing in the function adds an item to it \
                 (add an item, or start from a display with one)"
            ),
            self.func.range(at),
        ))
    }
}

/// Whether `t` holds the variable `k`.
fn mentions(t: &Type, k: u32) -> bool {
    match t {
        Type::Undetermined(j) => *j == k,
        Type::List(item) | Type::ListIter(item) | Type::Optional(item) => mentions(item, k),
        Type::Tuple(items) => items.iter().any(|x| mentions(x, k)),
        Type::Dict(a, b) | Type::DictView(a, b, _) | Type::DictIter(a, b, _) => {
            mentions(a, k) || mentions(b, k)
        }
        Type::Set(a) => mentions(a, k),
        _ => false,
    }
}

/// The first variable `t` holds.
fn first_var(t: &Type) -> Option<u32> {
    match t {
        Type::Undetermined(j) => Some(*j),
        Type::List(item) | Type::ListIter(item) | Type::Optional(item) => first_var(item),
        Type::Tuple(items) => items.iter().find_map(first_var),
        Type::Dict(a, b) | Type::DictView(a, b, _) | Type::DictIter(a, b, _) => {
            first_var(a).or_else(|| first_var(b))
        }
        Type::Set(a) => first_var(a),
        _ => None,
    }
}

impl Inferer<'_> {
    /// `{}`: a dict of the key and value types its uses give it.
    pub(crate) fn build_dict(&mut self, v: Value) -> Type {
        let k = self.resolve(&Type::Undetermined(crate::types::key_var(v.0)));
        let x = self.resolve(&Type::Undetermined(crate::types::value_var(v.0)));
        Type::Dict(k.into(), x.into())
    }

    /// `d[k] = x`: `None`.
    pub(crate) fn set_dict_item(
        &mut self,
        v: Value,
        dict: &Type,
        k: &Type,
        x: &Type,
    ) -> Result<Type> {
        let Type::Dict(key, value) = dict else {
            unreachable!("a dict")
        };
        if !crate::types::is_hashable(k) {
            return Err(self.err(
                v,
                format!(
                    "unhashable type: '{k}' (dict keys are numbers, strings and tuples of those)"
                ),
            ));
        }
        self.bind_items(key, k);
        self.bind_items(value, x);
        if !matches!(**key, Type::Undetermined(_)) && !crate::types::keys_match(key, k) {
            return Err(self.err(v, format!("cannot use a key of type {k} in a {dict}")));
        }
        // An int is stored in a dict of another int type converted, as Numba's typed dict
        // does (`d["a"] = 1` in a `Dict.empty(types.unicode_type, types.int32)`).
        let int_to_int = matches!((&**value, x), (Type::Int(_), Type::Int(_)));
        if !matches!(**value, Type::Undetermined(_)) && !stores_as(value, x) && !int_to_int {
            return Err(self.err(
                v,
                format!("cannot store a value of type {x} in a {dict}: the values of a dict keep the type they have where it is made"),
            ));
        }
        Ok(Type::NoneType)
    }
}

impl Inferer<'_> {
    /// `a[i] = x` of a list, a dict, or what `items.rs` types.
    pub(crate) fn any_set_item(&mut self, v: Value, a: Value, i: Value, x: Value) -> Result<Type> {
        // A key or item stored where those may be `None` is taken as it is.
        let stored = |this: &Self, item: &Type, x: Value| match stores_optional(item) {
            true => this.raw_ty(x),
            false => this.ty(x),
        };
        match self.ty(a) {
            Type::List(item) => {
                let x = stored(self, &item, x);
                self.set_list_item(v, &Type::List(item), &self.ty(i), &x)
            }
            Type::Dict(key, value) => {
                let (i, x) = (stored(self, &key, i), stored(self, &value, x));
                self.set_dict_item(v, &Type::Dict(key, value), &i, &x)
            }
            _ => self.set_item(v, a, i, x),
        }
    }

    /// `a + b`, `a * n`, `a += b` where `a` is a list (`b`'s items tell an empty `a`'s).
    pub(crate) fn list_binop(
        &mut self,
        v: Value,
        op: crate::ir::BinOp,
        a: Value,
        b: Value,
    ) -> Result<Type> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        self.bind_items(&ta, &tb);
        crate::registry::operators::binop(op, &ta, &tb, None).map_err(|m| self.err(v, m))
    }
}
