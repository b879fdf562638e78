//! The ids of the methods of compiled generators (`g.close()`).

/// A method of a generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GenFn {
    /// `g.close()`: `GeneratorExit` raised at the `yield` where it is suspended.
    Close,
}

impl GenFn {
    pub fn name(self) -> &'static str {
        match self {
            GenFn::Close => "close",
        }
    }

    /// The methods, in the order the table lists them.
    pub const METHODS: [GenFn; 1] = [GenFn::Close];
}
