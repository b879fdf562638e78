//! The ids of the string builtins (`str repr ord chr format hex oct bin`) and of the `str` methods
//! (`__contains__` is `x in s`).

macro_rules! str_fns {
    ($($f:ident => $name:literal,)*) => {
        /// A string builtin or a method of `str`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum StrFn {
            $($f,)*
        }

        impl StrFn {
            pub const ALL: &[StrFn] = &[$(StrFn::$f,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(StrFn::$f => $name,)*
                }
            }
        }
    };
}

str_fns! {
    Str => "str",
    Repr => "repr",
    Ord => "ord",
    Chr => "chr",
    Format => "format",
    Hex => "hex",
    Oct => "oct",
    Bin => "bin",
    Strip => "strip",
    Lstrip => "lstrip",
    Rstrip => "rstrip",
    Find => "find",
    Rfind => "rfind",
    Index => "index",
    Rindex => "rindex",
    Count => "count",
    Replace => "replace",
    Startswith => "startswith",
    Endswith => "endswith",
    Upper => "upper",
    Lower => "lower",
    Title => "title",
    Capitalize => "capitalize",
    Swapcase => "swapcase",
    Casefold => "casefold",
    Isdigit => "isdigit",
    Isalpha => "isalpha",
    Isspace => "isspace",
    Isalnum => "isalnum",
    Isupper => "isupper",
    Islower => "islower",
    Isdecimal => "isdecimal",
    Isnumeric => "isnumeric",
    Istitle => "istitle",
    Isidentifier => "isidentifier",
    Isascii => "isascii",
    Isprintable => "isprintable",
    Zfill => "zfill",
    Center => "center",
    Ljust => "ljust",
    Rjust => "rjust",
    Expandtabs => "expandtabs",
    Partition => "partition",
    Rpartition => "rpartition",
    Join => "join",
    Contains => "__contains__",
    FormatMethod => "format",
    Split => "split",
    Rsplit => "rsplit",
    Splitlines => "splitlines",
}

impl StrFn {
    /// Whether it is a function of `builtins` (the others are methods of `str`).
    pub fn is_builtin(self) -> bool {
        matches!(
            self,
            StrFn::Str
                | StrFn::Repr
                | StrFn::Ord
                | StrFn::Chr
                | StrFn::Format
                | StrFn::Hex
                | StrFn::Oct
                | StrFn::Bin
        )
    }
}
