//! The ids of the methods of compiled generators (`g.close()`, `g.send(v)`, `g.throw(E, v)`).

/// A method of a generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GenFn {
    /// `g.close()`: `GeneratorExit` raised at the `yield` where it is suspended.
    Close,
    /// `g.send(v)`: `v` is the value of the `yield` expression where it is suspended; the next
    /// item is returned.
    Send,
    /// `g.throw(E[, v])`: `E(v)` raised at the `yield` where it is suspended; the next item is
    /// returned.
    Throw,
    /// A `yield from` passing what was sent to it on to its inner generator (`ssa/generator.rs`):
    /// put in the inner one's `SENT` slot before it is resumed; no source text names it.
    Forward,
    /// The value of `x = yield from g` once `g` is exhausted: what its body returned (its
    /// `StopIteration.value`), or `None`; no source text names it.
    ReturnValue,
}

/// The attribute a `yield from` looks up on its iterable to pass on what is sent to it.
pub const FORWARD_SENT: &str = "\u{0}forward sent";

/// The attribute a `yield from` whose value is used looks up on its iterable once exhausted.
pub const RETURN_VALUE: &str = "\u{0}return value";

impl GenFn {
    pub fn name(self) -> &'static str {
        match self {
            GenFn::Close => "close",
            GenFn::Send => "send",
            GenFn::Throw => "throw",
            GenFn::Forward => FORWARD_SENT,
            GenFn::ReturnValue => RETURN_VALUE,
        }
    }

    /// The methods, in the order the table lists them.
    pub const METHODS: [GenFn; 3] = [GenFn::Close, GenFn::Send, GenFn::Throw];
}
