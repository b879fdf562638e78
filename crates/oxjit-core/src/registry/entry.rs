//! One entry of the table of callables (`table.rs`): a callable's id, the names it is found by
//! and the methods it is. A leaf: the families build their entries from it, the table lists them.

use super::signature::Signature;
use super::CallArgs;
use crate::callee::Builtin;
use crate::types::{ModuleKind, Type};

/// What a method is called on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// An array (`a.sum()`).
    Array,
    /// A number (`z.conjugate()`).
    Number,
    /// A string (`s.upper()`).
    Str,
    /// A list (`l.append(x)`).
    List,
    /// A dict (`d.get(k)`).
    Dict,
    /// A set (`s.add(x)`).
    Set,
    /// A tuple (`t.index(x)`).
    Tuple,
    /// A compiled generator (`g.close()`).
    Generator,
    /// An `np.random.Generator` (`rng.random()`).
    NpGenerator,
}

/// One callable: its id, its names and its method aliases.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: Builtin,
    /// The names it is found by, in their modules (`numpy.sort`; `numpy.amin` for `min`).
    pub names: Vec<(ModuleKind, &'static str)>,
    /// The methods it is (`ndarray.sort`).
    pub methods: Vec<(Receiver, &'static str)>,
}

impl Entry {
    /// An entry found as `module.name`.
    pub fn function(id: Builtin, module: ModuleKind, name: &'static str) -> Entry {
        Entry {
            id,
            names: vec![(module, name)],
            methods: vec![],
        }
    }

    /// An entry that is only a method.
    pub fn method(id: Builtin, receiver: Receiver, name: &'static str) -> Entry {
        Entry {
            id,
            names: vec![],
            methods: vec![(receiver, name)],
        }
    }

    /// The same entry, also found as `module.name`.
    pub fn alias(mut self, module: ModuleKind, name: &'static str) -> Entry {
        self.names.push((module, name));
        self
    }

    /// The same entry, also the method `name` of `receiver`.
    pub fn method_of(mut self, receiver: Receiver, name: &'static str) -> Entry {
        self.methods.push((receiver, name));
        self
    }

    /// Its parameters and the wording of its errors, called as a method or not.
    pub fn signature(&self, method: bool) -> Signature {
        super::signature(self.id, method)
    }

    /// Its typing rule: the result type of a call with these (bound) arguments.
    pub fn type_call(&self, args: &CallArgs) -> Result<Type, super::CallError> {
        super::type_call(self.id, args)
    }
}
