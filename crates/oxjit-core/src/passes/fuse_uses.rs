//! Which array operations the fusion pass computes inside their users instead of into arrays of
//! their own ("inner" operations).
//!
//! An operation used once, by an elementwise operation of the same block, is inner (a tree of
//! operations in one statement). So is one used several times, by elementwise operations of the
//! same block only, when its tree is cheap arithmetic (`+ - * /`, negation, comparisons): a chain
//! of whole-array statements such as `a = dx * dx; b = dx * dy; det = a * c - b * b` then runs as
//! one loop with no temporary arrays, each user recomputing the few operations (LLVM merges the
//! repeated ones: they read the same items). Each item is computed by the same operations in the
//! same types as in separate statements, so the values are NumPy's bit for bit. Nothing that may
//! write memory may lie between an operation and its users (the values it reads must not change).

use std::cell::RefCell;
use std::collections::HashMap;

use super::fuse_ops::{array_op, writes_memory};
use crate::callee::{BinOp, UnaryOp};
use crate::ir::{Block, ExprOp, Inst, Value};
use crate::typeinfer::TypedFunction;

/// The most operations a shared intermediate's tree may have, times its extra uses: bounds how
/// much work recomputing it adds where LLVM cannot merge it, and the trees' growth.
const SHARED_BUDGET: usize = 32;

/// The uses of every value of a function, for the fusion pass.
pub(super) struct Uses<'t> {
    typed: &'t TypedFunction,
    /// The instructions using each value, once per operand that names it.
    users: HashMap<Value, Vec<Value>>,
    /// Values used by a terminator (a return, a branch condition).
    by_terminator: HashMap<Value, usize>,
    /// The block of each instruction and its position there.
    place: HashMap<Value, (Block, usize)>,
    /// Memoised answers: whether a value is inner, and its tree's cost when it is.
    memo: RefCell<HashMap<Value, Option<usize>>>,
}

impl<'t> Uses<'t> {
    pub(super) fn new(typed: &'t TypedFunction) -> Self {
        let func = &typed.func;
        let mut users: HashMap<Value, Vec<Value>> = HashMap::new();
        let mut by_terminator: HashMap<Value, usize> = HashMap::new();
        let mut place = HashMap::new();
        for b in func.reverse_postorder() {
            for (k, &v) in func.block(b).insts.iter().enumerate() {
                place.insert(v, (b, k));
                for op in func.inst(v).operands() {
                    users.entry(op).or_default().push(v);
                }
            }
            if let Some(x) = func.block(b).term.operand() {
                *by_terminator.entry(x).or_default() += 1
            }
        }
        Uses {
            typed,
            users,
            by_terminator,
            place,
            memo: RefCell::new(HashMap::new()),
        }
    }

    /// Whether `v` is computed inside its users rather than into an array of its own.
    pub(super) fn inner(&self, v: Value) -> bool {
        self.inner_cost(v).is_some()
    }

    /// The number of operations `v`'s tree has when `v` is inner.
    fn inner_cost(&self, v: Value) -> Option<usize> {
        if let Some(known) = self.memo.borrow().get(&v) {
            return *known;
        }
        let answer = self.decide(v);
        self.memo.borrow_mut().insert(v, answer);
        answer
    }

    fn decide(&self, v: Value) -> Option<usize> {
        let (op, args) = array_op(self.typed, v)?;
        if self.by_terminator.contains_key(&v) {
            return None;
        }
        let users = self.users.get(&v)?;
        if !users.iter().all(|u| self.fusable_user(v, *u)) {
            return None;
        }
        let cost = 1 + args
            .iter()
            .map(|a| self.inner_cost(*a).unwrap_or(0))
            .sum::<usize>();
        match users.as_slice() {
            [_] => Some(cost),
            _ if cheap(&op)
                && self.cheap_tree(&args)
                && cost * (users.len() - 1) <= SHARED_BUDGET =>
            {
                Some(cost)
            }
            _ => None,
        }
    }

    /// Whether the inner operations among `args` (and theirs) are all cheap arithmetic.
    fn cheap_tree(&self, args: &[Value]) -> bool {
        args.iter().all(|&a| {
            !self.inner(a)
                || array_op(self.typed, a)
                    .is_some_and(|(op, sub)| cheap(&op) && self.cheap_tree(&sub))
        })
    }

    /// Whether `user` can compute `v` where it stands: an elementwise operation of the same
    /// block (or `c += v`, whose target is not `v`), with nothing that writes memory between.
    fn fusable_user(&self, v: Value, user: Value) -> bool {
        let func = &self.typed.func;
        let (Some(&(bu, ku)), Some(&(bv, kv))) = (self.place.get(&user), self.place.get(&v)) else {
            return false;
        };
        if bu != bv {
            return false;
        }
        let pure_between = func.block(bv).insts[kv + 1..ku.max(kv + 1)]
            .iter()
            .all(|x| !writes_memory(self.typed, *x));
        pure_between
            && (array_op(self.typed, user).is_some()
                // The target of `c += x` is the output: it must exist as an array.
                || matches!(func.inst(user), Inst::InplaceBinOp(_, target, _) if *target != v))
    }
}

/// Operations cheap enough to recompute in each user: arithmetic that is one or a few machine
/// instructions per item, and raises nothing.
fn cheap(op: &ExprOp) -> bool {
    match op {
        ExprOp::Bin(b) => matches!(b, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div),
        ExprOp::Unary(u) => matches!(u, UnaryOp::Neg | UnaryOp::Pos),
        ExprOp::Compare(_) => true,
        _ => false,
    }
}
