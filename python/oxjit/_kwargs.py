"""What a compiled function's `**kwargs` parameter receives from a call from Python: the values
of the keywords no other parameter takes, in the call's order, with their names. It is typed as
a `**kwargs` struct (`types/kwargs.rs`, `boxing/mod.rs`): one specialization per set of
keyword names and value types, as for a call from compiled code."""


class Kwargs(tuple):
    """The values of a call's extra keywords; their names are `names`."""

    names: tuple[str, ...]
