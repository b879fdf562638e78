"""The empty dict a compiled function's `**kwargs` parameter receives from a call from Python
that passes no extra keywords: an empty plain dict has no item types, so this marker class types
as a dict of str keys and int64 values (`boxing/dict.rs`); compiled code gets a plain dict."""


class EmptyKwargs(dict):
    """An empty `**kwargs` (typed `DictType[unicode_type,int64]`)."""

    __slots__ = ()
