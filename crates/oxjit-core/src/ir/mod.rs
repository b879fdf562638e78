//! The SSA IR (the Numba IR specification's "Untyped IR in SSA form"): blocks of definitions and
//! one terminator each, phis at merges, for-loops as `GetIter`/`IterValid`/`IterNext`.
//!
//! Values and blocks are `u32` handles into arenas of the [`Function`], as in Cranelift. The typed
//! IR is this IR plus one [`Type`](crate::types::Type) per value (see `typeinfer`).

mod operands;
pub mod print;
mod verify;

pub use operands::rewrite_operands;
pub use verify::{verify, verify_conversions, verify_typed};

use std::sync::Arc;

use ruff_text_size::TextRange;

use crate::types::Type;

/// An SSA value: the result of one instruction.
pub use crate::callee::{BinOp, CmpOp, UnaryOp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(pub u32);

/// A basic block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(pub u32);

impl Value {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl Block {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A compile-time constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    Complex(f64, f64),
    Bool(bool),
    None,
    Str(Arc<str>),
    Tuple(Vec<Const>),
    /// A number of a type other than Python's (`int64`, `float64`, `complex128`, `bool`): a
    /// NumPy scalar global (`np.float32(0.1)`) or an integer literal from 2**63 (uint64). The
    /// inner constant holds the value (a uint64 as the `Int` of the same bits; a float32 as the
    /// `Float` of the same value). Code that folds `Int`/`Float` constants does not see through
    /// it, so it never mistakes the value's type.
    Typed(crate::types::Type, Box<Const>),
    /// A global NumPy array, frozen at compile time (read-only): its data address and geometry.
    /// The host keeps the array alive for as long as the code may run.
    Array(Arc<ArrayConst>),
}

/// A global array's data as compiled code sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayConst {
    pub ty: Arc<crate::types::ArrayTy>,
    pub data: usize,
    pub shape: Vec<i64>,
    pub strides: Vec<i64>,
    /// The address of the ndarray object (kept alive by the host), for arrays returned to Python.
    pub object: usize,
}

/// An instruction; each defines exactly one value.
#[derive(Clone, Debug, PartialEq)]
pub enum Inst {
    /// The function's `n`th parameter.
    Arg(u32),
    Const(Const),
    /// A global or free variable, resolved and frozen at compile time.
    Global(Arc<str>),
    /// `import module` (the module) or `from module import name` (its attribute `name`) inside
    /// the function, resolved at compile time as a global is.
    Import(Arc<str>, Option<Arc<str>>),
    BinOp(BinOp, Value, Value),
    UnaryOp(UnaryOp, Value),
    Compare(CmpOp, Value, Value),
    /// `bool(x)`, for conditions.
    Truth(Value),
    /// A variable's value where a test (`x is not None`, `x`) has ruled `None` out: typed as
    /// the value of an optional (the refinement of its type on that branch), and after typing
    /// the unwrapping `Cast` (which cannot fail there) or the value itself.
    Narrow(Value),
    Call {
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Arc<str>, Value)>,
    },
    GetAttr(Value, Arc<str>),
    BuildTuple(Vec<Value>),
    /// A list display `[a, b]` (empty: its item type comes from later uses).
    BuildList(Vec<Value>),
    /// An empty dict (`{}`; a display's items are set after it): its key and value types come
    /// from later uses.
    BuildDict,
    GetItem(Value, Value),
    GetIter(Value),
    /// Whether the iterator has another item.
    IterValid(Value),
    /// The iterator's next item (only after `IterValid` said yes).
    IterNext(Value),
    Phi(Vec<(Block, Value)>),
    /// A conversion inserted after typing (the Numba IR specification's `Promote`), at merges
    /// and returns.
    Cast(Value, Type),
    /// `start:stop:step` in a subscript; a missing part is a `None` constant.
    BuildSlice(Value, Value, Value),
    /// `target[index] = value` (arrays); defines a `none` value.
    SetItem(Value, Value, Value),
    /// `target.name = value` (a record's field); defines a `none` value.
    SetAttr(Value, Arc<str>, Value),
    /// Item `index` of a tuple unpacked into `count` targets (`a, b = t`).
    UnpackItem(Value, u32, u32),
    /// A local variable read before any assignment reaches it on some path.
    Undef(Arc<str>),
    /// `target op= value` (`a += b`): arrays are updated in place, other values rebind.
    InplaceBinOp(BinOp, Value, Value),
    /// `a @ b`: NumPy's matrix product of two arrays (not an element-wise operation).
    MatMul(Value, Value),
    /// A whole-array expression, fused after typing into one loop over its `inputs` (the Numba
    /// paper, §4.5.2); with `out`, the result is written into that array instead of a new one.
    ArrayExpr {
        expr: Arc<ExprNode>,
        inputs: Vec<Value>,
        out: Option<Value>,
    },
    /// The exception pending at the start of a `try` statement's handler, taken as a value (a
    /// copy of the exception record): `except ... as e` binds it, a bare `raise` raises it again.
    CatchException,
    /// Whether a caught exception is an instance of the class (or one of the tuple of classes)
    /// an `except` clause names, by the builtin hierarchy and the bases of user classes.
    ExceptionMatches(Value, Value),
    /// What a `raise` statement raises when the exception is chained (emits no code: the raise
    /// lowers it): `exc` (a class or an instance) with `raise ... from cause` (a `None` constant
    /// for `from None`) and, for a `raise` inside an `except` clause, the caught exception as
    /// its context (CPython's implicit chaining).
    ChainException {
        exc: Value,
        cause: Option<Value>,
        context: Option<Value>,
    },
    /// A closure: the inner function `func` (an index into [`Function::inner`]) with the values
    /// it captures, in the order of its [`InnerFunction::captures`] (closure conversion, the
    /// Numba IR specification's "explicit parameterization").
    MakeClosure {
        func: u32,
        captures: Vec<Value>,
    },
    /// A new cell: a variable shared between a function and the closures that capture it (and
    /// may assign it, `nonlocal`). Its type is that of the values stored into it.
    CellNew,
    /// The value held by a cell.
    CellLoad(Value),
    /// `cell = value`; defines a `none` value.
    CellStore(Value, Value),
    /// `yield value` in a generator function (see `ssa/generator.rs`); defines a `none` value
    /// (`send` is not supported). A function with one is a generator.
    Yield(Value),
    /// The end of a `for` loop over its iterator (defines a `none` value, emits no code): a
    /// generator being iterated stays alive until the loop ends on every way out of its body
    /// (a `break` too), as CPython's loop holds it, so its `finally` runs there
    /// (`analysis/refcount.rs` counts it as a use for generators only).
    KeepAlive(Value),
    /// A `with objmode(...)` block ([`Function::objmode`]`[block]`), run by the interpreter with
    /// the values of its live-in variables; the result is the tuple of its declared outputs.
    ObjMode {
        block: u32,
        inputs: Vec<Value>,
    },
}

/// A node of a fused array expression; each node knows its element type.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprNode {
    /// The `n`th input (an array or a scalar).
    Input(u32),
    Op(ExprOp, Vec<ExprNode>, crate::types::Type),
}

/// The operation of an [`ExprNode`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExprOp {
    Bin(BinOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    Ufunc(crate::callee::NpFn),
    /// `np.where(condition, x, y)`.
    Where,
    /// `np.logical_and` and friends.
    Logical(crate::callee::Logical),
    /// `np.clip(a, a_min, a_max)`.
    Clip,
}

impl ExprNode {
    /// The expression as text, inputs named by their values (`(v1 * v2) + v3`).
    pub fn render(&self, inputs: &[Value]) -> String {
        match self {
            ExprNode::Input(i) => format!("v{}", inputs[*i as usize].0),
            ExprNode::Op(op, args, _) => {
                let parts: Vec<String> = args.iter().map(|a| a.render(inputs)).collect();
                match op {
                    ExprOp::Bin(b) => format!("({} {} {})", parts[0], b.symbol(), parts[1]),
                    ExprOp::Compare(c) => format!("({} {} {})", parts[0], c.symbol(), parts[1]),
                    ExprOp::Unary(u) => format!("({}{})", u.symbol(), parts[0]),
                    ExprOp::Ufunc(f) => format!("np.{}({})", f.name(), parts.join(", ")),
                    ExprOp::Where => format!("np.where({})", parts.join(", ")),
                    ExprOp::Clip => format!("np.clip({})", parts.join(", ")),
                    ExprOp::Logical(l) => {
                        format!(
                            "np.logical_{}({})",
                            format!("{l:?}").to_lowercase(),
                            parts.join(", ")
                        )
                    }
                }
            }
        }
    }
}

impl Inst {
    /// The values this instruction reads.
    pub fn operands(&self) -> Vec<Value> {
        match self {
            Inst::Arg(_)
            | Inst::Const(_)
            | Inst::Global(_)
            | Inst::Import(..)
            | Inst::Undef(_)
            | Inst::CatchException
            | Inst::CellNew
            | Inst::BuildDict => vec![],
            Inst::MakeClosure { captures, .. } => captures.clone(),
            Inst::CellLoad(a) | Inst::Yield(a) | Inst::KeepAlive(a) => vec![*a],
            Inst::ObjMode { inputs, .. } => inputs.clone(),
            Inst::ChainException {
                exc,
                cause,
                context,
            } => [Some(*exc), *cause, *context]
                .into_iter()
                .flatten()
                .collect(),
            Inst::CellStore(a, b) => vec![*a, *b],
            Inst::BinOp(_, a, b)
            | Inst::ExceptionMatches(a, b)
            | Inst::InplaceBinOp(_, a, b)
            | Inst::MatMul(a, b)
            | Inst::Compare(_, a, b)
            | Inst::GetItem(a, b) => vec![*a, *b],
            Inst::SetAttr(a, _, b) => vec![*a, *b],
            Inst::ArrayExpr { inputs, out, .. } => {
                let mut v = inputs.clone();
                v.extend(out);
                v
            }
            Inst::SetItem(a, b, c) | Inst::BuildSlice(a, b, c) => vec![*a, *b, *c],
            Inst::UnaryOp(_, a)
            | Inst::Truth(a)
            | Inst::Narrow(a)
            | Inst::GetAttr(a, _)
            | Inst::GetIter(a)
            | Inst::IterValid(a)
            | Inst::IterNext(a)
            | Inst::Cast(a, _)
            | Inst::UnpackItem(a, _, _) => vec![*a],
            Inst::Call { func, args, kwargs } => {
                let mut v = vec![*func];
                v.extend(args);
                v.extend(kwargs.iter().map(|(_, v)| *v));
                v
            }
            Inst::BuildTuple(items) | Inst::BuildList(items) => items.clone(),
            Inst::Phi(incoming) => incoming.iter().map(|(_, v)| *v).collect(),
        }
    }
}

/// How a block ends.
#[derive(Clone, Debug, PartialEq)]
pub enum Terminator {
    Jump(Block),
    Branch {
        cond: Value,
        then_block: Block,
        else_block: Block,
    },
    Return(Value),
    /// Raise an exception: `exc` is an exception class or instance.
    Raise(Value),
    /// Raise an exception inside a `try` statement's body: control goes to `handler` (the
    /// dispatch block of its `except` clauses, or of its `finally`) with the exception pending.
    RaiseTo(Value, Block),
    /// Inside a `try` body: the block's last instruction may raise. If it does, control goes to
    /// `handler` with the exception pending (and the instruction defines nothing); else to `next`.
    Guard {
        next: Block,
        handler: Block,
    },
    /// Never reached: the block's last instruction is a call of a function that never returns
    /// normally (it raises or loops forever; see `typeinfer/noreturn.rs`).
    Unreachable,
    /// Not yet filled in (only during construction; the verifier rejects it).
    Unfinished,
}

impl Terminator {
    pub fn successors(&self) -> Vec<Block> {
        match self {
            Terminator::Jump(b) => vec![*b],
            Terminator::Branch {
                then_block,
                else_block,
                ..
            } => vec![*then_block, *else_block],
            Terminator::Guard { next, handler } => vec![*next, *handler],
            Terminator::RaiseTo(_, handler) => vec![*handler],
            _ => vec![],
        }
    }

    /// The value the terminator reads, if any (a branch's condition, what is returned or raised).
    pub fn operand(&self) -> Option<Value> {
        match self {
            Terminator::Branch { cond: v, .. }
            | Terminator::Return(v)
            | Terminator::Raise(v)
            | Terminator::RaiseTo(v, _) => Some(*v),
            Terminator::Jump(_)
            | Terminator::Guard { .. }
            | Terminator::Unreachable
            | Terminator::Unfinished => None,
        }
    }

    /// The value the terminator reads, for rewriting.
    pub fn operand_mut(&mut self) -> Option<&mut Value> {
        match self {
            Terminator::Branch { cond: v, .. }
            | Terminator::Return(v)
            | Terminator::Raise(v)
            | Terminator::RaiseTo(v, _) => Some(v),
            Terminator::Jump(_)
            | Terminator::Guard { .. }
            | Terminator::Unreachable
            | Terminator::Unfinished => None,
        }
    }

    /// Rewrites the blocks the terminator goes to.
    pub fn map_blocks(&mut self, mut f: impl FnMut(Block) -> Block) {
        match self {
            Terminator::Jump(t) | Terminator::RaiseTo(_, t) => *t = f(*t),
            Terminator::Branch {
                then_block,
                else_block,
                ..
            } => {
                *then_block = f(*then_block);
                *else_block = f(*else_block);
            }
            Terminator::Guard { next, handler } => {
                *next = f(*next);
                *handler = f(*handler);
            }
            Terminator::Return(_)
            | Terminator::Raise(_)
            | Terminator::Unreachable
            | Terminator::Unfinished => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValueData {
    pub inst: Inst,
    /// Where in the source this value comes from (for diagnostics).
    pub range: TextRange,
    /// The Python variable this value was assigned to, if any (for dumps).
    pub name: Option<Arc<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlockData {
    pub insts: Vec<Value>,
    pub term: Terminator,
    pub term_range: TextRange,
}

/// One Python function in SSA form.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: String,
    pub params: Vec<Arc<str>>,
    pub values: Vec<ValueData>,
    pub blocks: Vec<BlockData>,
    /// The functions defined inside this one (`def`, `lambda`), lifted out: each takes what it
    /// captures as its first parameters (see `ssa/closure.rs`).
    pub inner: Vec<Arc<InnerFunction>>,
    /// The `with objmode(...)` blocks, by [`Inst::ObjMode`]'s index (see `ssa/objmode.rs`).
    pub objmode: Vec<Arc<ObjModeBlock>>,
}

/// A `with objmode(x="float64[:]"): ...` block: its body stays Python source, run by the
/// interpreter as a function of `inputs` returning the tuple of `outputs`.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjModeBlock {
    /// The source of the body, from its first statement to the end of its last.
    pub body: TextRange,
    /// The live-in variables the body reads, in the order they are passed.
    pub inputs: Vec<Arc<str>>,
    /// The declared outputs, in order, with their types as written.
    pub outputs: Vec<(Arc<str>, ObjModeAnnotation)>,
}

/// The declared type of an objmode output: a string in Numba's syntax (`"float64[:]"`), or the
/// text of a Python expression naming a type (`types.float64[:]`).
#[derive(Clone, Debug, PartialEq)]
pub struct ObjModeAnnotation {
    pub text: Arc<str>,
    pub is_string: bool,
}

/// A function defined inside another, after closure conversion and lambda lifting.
#[derive(Clone, Debug)]
pub struct InnerFunction {
    /// Its parameters are the captured variables, then its own.
    pub ssa: Function,
    pub captures: Vec<Capture>,
    pub syntax: crate::syntax::FunctionSyntax,
    /// Constant default values of its trailing parameters.
    pub defaults: Vec<Option<Const>>,
}

impl PartialEq for InnerFunction {
    fn eq(&self, other: &Self) -> bool {
        self.ssa == other.ssa && self.captures == other.captures
    }
}

/// A variable an inner function captures from the function that defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct Capture {
    pub name: Arc<str>,
    /// Captured as a cell (shared, assignable with `nonlocal`), or else by value (a variable
    /// the enclosing function binds once, before the closure is made).
    pub cell: bool,
}

impl Function {
    /// Whether `v` is an operand of an instruction or a terminator (a `yield` expression whose
    /// value is assigned and read: what `send()` passes in).
    pub fn is_used(&self, v: Value) -> bool {
        self.values.iter().any(|d| d.inst.operands().contains(&v))
            || self.blocks.iter().any(|b| b.term.operand() == Some(v))
    }

    /// Whether the `yield` `v` is the one of a `yield from` (`ssa/generator.rs`: it yields the
    /// item the loop over the inner iterable takes, both written at the `yield from`'s range),
    /// where CPython passes what is sent on to the inner iterable.
    pub fn is_yield_from(&self, v: Value) -> bool {
        match self.inst(v) {
            Inst::Yield(x) => {
                matches!(self.inst(*x), Inst::IterNext(_)) && self.range(*x) == self.range(v)
            }
            _ => false,
        }
    }

    /// Whether this is a generator function (it has a `yield`).
    pub fn is_generator(&self) -> bool {
        self.values.iter().any(|d| matches!(d.inst, Inst::Yield(_)))
    }

    pub fn new(name: String, params: Vec<Arc<str>>) -> Function {
        Function {
            name,
            params,
            values: Vec::new(),
            blocks: Vec::new(),
            inner: Vec::new(),
            objmode: Vec::new(),
        }
    }

    pub fn entry(&self) -> Block {
        Block(0)
    }

    pub fn inst(&self, v: Value) -> &Inst {
        &self.values[v.index()].inst
    }

    pub fn range(&self, v: Value) -> TextRange {
        self.values[v.index()].range
    }

    pub fn block(&self, b: Block) -> &BlockData {
        &self.blocks[b.index()]
    }

    pub fn add_block(&mut self) -> Block {
        self.blocks.push(BlockData {
            insts: Vec::new(),
            term: Terminator::Unfinished,
            term_range: TextRange::default(),
        });
        Block(self.blocks.len() as u32 - 1)
    }

    /// Creates a value without placing it in a block.
    pub fn make_value(&mut self, inst: Inst, range: TextRange) -> Value {
        self.values.push(ValueData {
            inst,
            range,
            name: None,
        });
        Value(self.values.len() as u32 - 1)
    }

    /// Appends a new instruction to `block`.
    pub fn push(&mut self, block: Block, inst: Inst, range: TextRange) -> Value {
        let v = self.make_value(inst, range);
        self.blocks[block.index()].insts.push(v);
        v
    }

    pub fn set_term(&mut self, block: Block, term: Terminator, range: TextRange) {
        let b = &mut self.blocks[block.index()];
        b.term = term;
        b.term_range = range;
    }

    /// Removes `pred`'s entries from the phis of `block` (the edge `pred -> block` is gone).
    pub fn drop_incoming(&mut self, block: Block, pred: Block) {
        for v in self.block(block).insts.clone() {
            if let Inst::Phi(incoming) = &mut self.values[v.index()].inst {
                incoming.retain(|(p, _)| *p != pred);
            }
        }
    }

    /// The predecessors of every block.
    pub fn predecessors(&self) -> Vec<Vec<Block>> {
        let mut preds = vec![Vec::new(); self.blocks.len()];
        for (i, b) in self.blocks.iter().enumerate() {
            for s in b.term.successors() {
                if !preds[s.index()].contains(&Block(i as u32)) {
                    preds[s.index()].push(Block(i as u32));
                }
            }
        }
        preds
    }

    /// Blocks reachable from the entry, in reverse post-order.
    pub fn reverse_postorder(&self) -> Vec<Block> {
        let mut seen = vec![false; self.blocks.len()];
        let mut post = Vec::new();
        let mut stack = vec![(self.entry(), 0usize)];
        seen[0] = true;
        while let Some((b, i)) = stack.pop() {
            let succs = self.block(b).term.successors();
            if i < succs.len() {
                stack.push((b, i + 1));
                let s = succs[i];
                if !seen[s.index()] {
                    seen[s.index()] = true;
                    stack.push((s, 0));
                }
            } else {
                post.push(b);
            }
        }
        post.reverse();
        post
    }
}
