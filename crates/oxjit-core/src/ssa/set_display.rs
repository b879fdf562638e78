//! Set displays in CPython's order. CPython compiles a display of three or more constants
//! (after its AST optimizer folds `-1`, `2 * 3`, `(1, 2)`) as `BUILD_SET 0; LOAD_CONST
//! frozenset(...); SET_UPDATE`: the frozenset gets the items one by one, then the set is
//! merged from it (one resize to `2 * len`, where adding them grows the table to `4 * len`),
//! so `list({20, 3, 1, 5, 7})` is `[1, 3, 20, 5, 7]` while the same five added to a set give
//! `[1, 3, 5, 7, 20]`. As the iterable of a `for` or a comprehension, a display of constants
//! (any number) is the frozenset itself.
//!
//! That frozenset is built more than once: the compiler's constant merging
//! (`merge_consts_recursive`) re-creates it from the first one's iteration order, and making
//! the code object re-creates it once more where interning one of its strings replaced the
//! string object (an equal string was interned before: it depends on the process's history).
//! Where hashes collide each re-creation can change the order (`{"b", "a", "c"}` under some
//! string hash keys). From a `.pyc` the frozenset is its items added one by one in the order
//! marshal wrote them (sorted by their marshalled bytes since 3.11). The host hands over the
//! code object's frozensets with their items' hashes ([`FrozenSetConst`]); replaying CPython's
//! table for the display's items says how the one at hand was built (`Builder::replay`), and
//! the compiled display is built the same way. Without the host's answer it is re-created
//! once, as for numbers and tuples. (`table_order` mirrors the runtime's set table,
//! `oxjit-runtime/src/settable.rs`, which the core crate cannot call: positions only, no keys.)

use ruff_text_size::Ranged;

use super::closure::literal;
use super::Builder;
use crate::diagnostics::Result;
use crate::ir::{Const, Value};
use crate::syntax::ast;

/// Whether CPython's AST optimizer folds `e` to a constant.
pub(super) fn folds_to_constant(e: &ast::Expr) -> bool {
    use ast::Operator::*;
    match e {
        ast::Expr::NumberLiteral(_)
        | ast::Expr::StringLiteral(_)
        | ast::Expr::BytesLiteral(_)
        | ast::Expr::BooleanLiteral(_)
        | ast::Expr::NoneLiteral(_)
        | ast::Expr::EllipsisLiteral(_) => true,
        ast::Expr::UnaryOp(u) => folds_to_constant(&u.operand),
        ast::Expr::Tuple(t) => t.elts.iter().all(folds_to_constant),
        ast::Expr::BinOp(b) => {
            // A division by a literal zero raises at run time: not folded.
            let by_zero = matches!(b.op, Div | FloorDiv | Mod)
                && matches!(&*b.right, ast::Expr::NumberLiteral(n) if is_zero(&n.value));
            folds_to_constant(&b.left) && folds_to_constant(&b.right) && !by_zero
        }
        _ => false,
    }
}

fn is_zero(n: &ast::Number) -> bool {
    match n {
        ast::Number::Int(i) => i.as_u64() == Some(0),
        ast::Number::Float(f) => *f == 0.0,
        ast::Number::Complex { real, imag } => *real == 0.0 && *imag == 0.0,
    }
}

impl Builder {
    /// The iterable of a `for` loop or a comprehension clause.
    pub(super) fn lower_iterable(&mut self, e: &ast::Expr) -> Result<Value> {
        match e {
            ast::Expr::Set(s) if s.elts.iter().all(folds_to_constant) => self.frozenset_constant(s),
            ast::Expr::Set(s) => self.lower_set_items(s),
            e => self.lower_expr(e),
        }
    }

    /// `{a, b, ...}` as an expression.
    pub(super) fn lower_set_display(&mut self, d: &ast::ExprSet) -> Result<Value> {
        if d.elts.len() <= 2 || !d.elts.iter().all(folds_to_constant) {
            return self.lower_set_items(d);
        }
        let frozen = self.frozenset_constant(d)?;
        Ok(self.call_builtin("set", vec![frozen], d.range))
    }

    /// The frozenset constant of display `d` (of constants) as the code object holds it.
    fn frozenset_constant(&mut self, d: &ast::ExprSet) -> Result<Value> {
        match self.replay(d) {
            Replay::Rebuilt(times) => {
                let mut set = self.lower_set_items(d)?;
                for _ in 0..times {
                    // frozenset(tuple(set)): the items added one by one in `set`'s order.
                    let items = self.call_builtin("list", vec![set], d.range);
                    set = self.call_builtin("set", vec![items], d.range);
                }
                Ok(set)
            }
            Replay::InOrder(order) => {
                let set = self.empty_set(d.range);
                for i in order {
                    let item = self.lower_expr(&d.elts[i])?;
                    self.call_method(set, "add", item, d.elts[i].range());
                }
                Ok(set)
            }
        }
    }

    /// How CPython built the frozenset of display `d`, found by replaying its table against
    /// the code object's frozenset with the same items: re-created once (constant merging) or
    /// twice (interning too) after the items were added in source order; or, where neither
    /// gives the code object's order, the items added in the order a `.pyc` wrote them, or
    /// else in the frozenset's own order where that keeps it. Without the host's frozensets:
    /// re-created once.
    fn replay(&self, d: &ast::ExprSet) -> Replay {
        let Some(items) = d.elts.iter().map(literal).collect::<Option<Vec<_>>>() else {
            return Replay::Rebuilt(1);
        };
        let found = self
            .env
            .frozensets
            .iter()
            .find_map(|f| f.positions_of(&items));
        let Some(Positions {
            hashes,
            source,
            order,
            written,
        }) = found
        else {
            return Replay::Rebuilt(1);
        };
        let mut built = source;
        for times in 0..=2 {
            built = table_order(&built, &hashes);
            if times > 0 && built == order {
                return Replay::Rebuilt(times);
            }
        }
        // From a .pyc: added in the order marshal wrote them; else any order that keeps it.
        [written, order.clone()]
            .into_iter()
            .find(|added| !added.is_empty() && table_order(added, &hashes) == order)
            .map_or(Replay::Rebuilt(1), Replay::InOrder)
    }
}

/// How a frozenset constant's table is made (`Builder::replay`).
enum Replay {
    /// The items added in source order, then the set re-created this many times.
    Rebuilt(usize),
    /// The items added in this order (indexes into the display).
    InOrder(Vec<usize>),
}

/// A frozenset constant of the Python function's code: its items in iteration order, each with
/// its `hash()`, and the order a `.pyc` writes them in (indexes into `items`; empty where not
/// known).
#[derive(Clone, Debug, PartialEq)]
pub struct FrozenSetConst {
    pub items: Vec<(Const, i64)>,
    pub written: Vec<usize>,
}

/// A frozenset constant seen from a display of the same items: orders are of indexes into the
/// display (the first occurrence of each item).
struct Positions {
    /// The hash of each display item.
    hashes: Vec<i64>,
    /// The display's items in source order (a repeated item as its first occurrence).
    source: Vec<usize>,
    /// The frozenset's iteration order.
    order: Vec<usize>,
    /// The order a `.pyc` writes the items in (empty where not known).
    written: Vec<usize>,
}

impl FrozenSetConst {
    /// Where this frozenset holds exactly the items of `display` (in source order, repeats
    /// allowed): its orders in terms of the display's items.
    fn positions_of(&self, display: &[Const]) -> Option<Positions> {
        let slot = |c: &Const| self.items.iter().position(|(item, _)| item == c);
        let slots = display.iter().map(slot).collect::<Option<Vec<_>>>()?;
        let first = |k: usize| slots.iter().position(|&s| s == k);
        let order = (0..self.items.len())
            .map(first)
            .collect::<Option<Vec<_>>>()?;
        let written = self
            .written
            .iter()
            .map(|&k| first(k))
            .collect::<Option<_>>()?;
        let hashes = slots.iter().map(|&s| self.items[s].1).collect();
        let source = slots.iter().map(|&s| first(s)).collect::<Option<_>>()?;
        Some(Positions {
            hashes,
            source,
            order,
            written,
        })
    }
}

/// The iteration order of a CPython set (Objects/setobject.c: `set_add_entry`, its resize, and
/// `set_insert_clean`) after adding `items` one by one (indexes into `hashes`, equal items as
/// the same index: an index seen before is already there).
fn table_order(items: &[usize], hashes: &[i64]) -> Vec<usize> {
    let mut table: Vec<Option<usize>> = vec![None; 8];
    let mut used = 0usize;
    for &item in items {
        if table.contains(&Some(item)) {
            continue;
        }
        let free = probe(&table, hashes[item]);
        table[free] = Some(item);
        used += 1;
        let mask = table.len() - 1;
        // No deletions here: the fill is the number of items.
        if used * 5 >= mask * 3 {
            let wanted = if used > 50_000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= wanted {
                size <<= 1;
            }
            let mut grown = vec![None; size];
            for old in table.iter().flatten() {
                let free = probe(&grown, hashes[*old]);
                grown[free] = Some(*old);
            }
            table = grown;
        }
    }
    table.into_iter().flatten().collect()
}

/// The first free slot of `hash`'s probe sequence: up to nine slots after each probe where
/// they fit before the end, then the perturbed jump.
fn probe(table: &[Option<usize>], hash: i64) -> usize {
    const LINEAR_PROBES: usize = 9;
    let mask = table.len() - 1;
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        let run = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        if let Some(j) = (i..=i + run).find(|&j| table[j].is_none()) {
            return j;
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::table_order;

    /// The order of `values` (ints hash to themselves) added one by one, as values.
    fn added(values: &[i64]) -> Vec<i64> {
        let first = |v: &i64| values.iter().position(|w| w == v).unwrap();
        let items: Vec<usize> = values.iter().map(first).collect();
        let order = table_order(&items, values);
        order.into_iter().map(|i| values[i]).collect()
    }

    #[test]
    fn replays_cpythons_set_table() {
        // As CPython 3.11: list of the set after adding the items in this order.
        assert_eq!(added(&[20, 3, 1, 5, 7]), [1, 3, 5, 7, 20]); // grown to 32 slots at the 5th
        assert_eq!(added(&[16, 8, 0, 24]), [16, 8, 0, 24]); // all probe from slot 0
        assert_eq!(added(&[3, 3, 11]), [11, 3]); // a repeat is already there; 11 jumps to 0
    }
}
