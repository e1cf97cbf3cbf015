//! Latin-side tables: which letters count as Latin script, and the curated Cyrillic/Greek
//! homoglyph map (spec §1, a hand-picked subset of UTS #39 confusables, never Arabic↔Latin).
//!
//! The map is case-sensitive because look-alikes differ by case: `К` looks like `K` but `к` does
//! not look like `k`, and Greek `Ν` looks like `N` while `ν` looks like `v`. Every uppercase
//! letter whose lowercase form is in the map is in the map too, so a token folds the same way
//! before and after lowercasing (idempotence).

/// The Latin letter that Cyrillic/Greek (or dotless/script Latin) `c` is mistaken for.
#[inline]
pub(super) fn homoglyph(c: char) -> Option<char> {
    if !matches!(c as u32, 0x0131 | 0x0261 | 0x0391..=0x03C9 | 0x0405..=0x051D | 0xA7AC) {
        return None;
    }
    Some(match c {
        // Cyrillic lowercase.
        'а' => 'a',
        'е' => 'e',
        'і' => 'i',
        'ј' => 'j',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'ѕ' => 's',
        'у' => 'y',
        'х' => 'x',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        // Cyrillic uppercase (the spec's list, plus the capitals of the lowercase list).
        'А' => 'a',
        'В' => 'b',
        'Е' => 'e',
        'К' => 'k',
        'М' => 'm',
        'Н' => 'h',
        'О' => 'o',
        'Р' => 'p',
        'С' => 'c',
        'Т' => 't',
        'Х' => 'x',
        'Ѕ' => 's',
        'Ј' => 'j',
        'І' => 'i',
        'У' => 'y',
        'Һ' => 'h',
        'Ԁ' => 'd',
        'Ԛ' => 'q',
        'Ԝ' => 'w',
        // Greek lowercase.
        'α' => 'a',
        'ι' => 'i',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'υ' => 'u',
        // Greek uppercase.
        'Α' => 'a',
        'Β' => 'b',
        'Ε' => 'e',
        'Ζ' => 'z',
        'Η' => 'h',
        'Ι' => 'i',
        'Κ' => 'k',
        'Μ' => 'm',
        'Ν' => 'n',
        'Ο' => 'o',
        'Ρ' => 'p',
        'Τ' => 't',
        'Υ' => 'y',
        'Χ' => 'x',
        // Latin look-alikes outside ASCII: dotless i, script g (and its capital).
        'ı' => 'i',
        'ɡ' | 'Ɡ' => 'g',
        _ => return None,
    })
}

/// True for Latin-script letters outside ASCII that survive NFKD (ß, ø, æ, ł, ɐ…). They never
/// stop a token's homoglyph fold; other non-ASCII letters not in the map do.
#[inline]
pub(super) fn is_latin(c: char) -> bool {
    matches!(c as u32,
        0x00C0..=0x024F | 0x0250..=0x02AF | 0x1D00..=0x1DBF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF | 0xAB30..=0xAB6F | 0x10780..=0x107BF | 0x1DF00..=0x1DFFF)
}
