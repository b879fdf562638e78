//! Character classes both the conversions and the methods use: CPython's white space, its
//! printable characters, and the decimal digits of every script.

/// Whether CPython's `str.isprintable` holds for `c` (Unicode's categories Cc, Cf, Cs, Co, Zl,
/// Zp and Zs but the space are not printable; unassigned code points count as printable here,
/// for want of Unicode's tables).
pub fn is_printable(c: u32) -> bool {
    if c < 0x7F {
        return c >= 0x20;
    }
    let Some(ch) = char::from_u32(c) else {
        return false; // a surrogate
    };
    if ch.is_control() || (ch.is_whitespace() && c != 0x20) || c == 0xA0 {
        return false;
    }
    let format = matches!(c,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x8E2 | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0x110BD | 0x110CD | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(c, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    let space = matches!(
        c,
        0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000
    );
    !(format || private || space)
}

/// Whether `c` is white space for `str.split()`/`strip()`/`int()` (CPython's
/// `Py_UNICODE_ISSPACE`: Unicode's White_Space plus the separators U+001C..U+001F).
pub fn is_space(c: u32) -> bool {
    matches!(c, 0x09..=0x0D | 0x1C..=0x20 | 0x85 | 0xA0)
        || (c > 0xFF && char::from_u32(c).is_some_and(char::is_whitespace))
}

/// The first code points of Unicode's runs of ten decimal digits (category Nd).
const DECIMAL_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

pub fn is_decimal(c: u32) -> bool {
    decimal_value(c).is_some()
}

/// The value of a decimal digit of any script (`'٣'` is 3).
pub fn decimal_value(c: u32) -> Option<u32> {
    DECIMAL_ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&c))
        .map(|&z| c - z)
}
