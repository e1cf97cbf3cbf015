//! The Arabic block U+0600–U+06FF as one 256-entry table (spec §0 step 3 and §1): each code
//! point maps to a dropped mark, a separator, or the letter/digit it folds to. The table already
//! applies what NFKD + "drop Mn" would do inside the block (أ إ آ ؤ ئ ۓ ۂ, U+0675–U+0678), so
//! this block never goes through `decompose_compatible`; a test checks that against
//! unicode-normalization.

/// Table value for a character that is dropped (marks, tatweel, ALM, Quranic signs).
pub(super) const DROP: char = '\0';
/// Table value for a character that separates words (Arabic punctuation and symbols).
pub(super) const SEP: char = ' ';

/// What each character of U+0600–U+06FF becomes: [`DROP`], [`SEP`], an ASCII digit or an
/// Arabic letter.
pub(super) static TABLE: [char; 256] = build();

/// Looks up a character of U+0600–U+06FF.
#[inline]
pub(super) fn fold(c: char) -> char {
    TABLE[(c as usize) & 0xFF]
}

/// The table entry of the Arabic-block char encoded at byte `i` of valid UTF-8 `t`, if there
/// is one and it is an Arabic letter or [`DROP`] (the fast path handles no separators or
/// digits, and must start at a letter: see `Pass::arabic_run`).
#[inline]
pub(super) fn letter_at(t: &[u8], i: usize) -> Option<char> {
    let (&lead, &cont) = (t.get(i)?, t.get(i + 1)?);
    if lead & 0xFC != 0xD8 {
        return None;
    }
    let c = TABLE[(usize::from(lead & 0x03) << 6) | usize::from(cont & 0x3F)];
    (c == DROP || c > '\u{7F}').then_some(c)
}

const fn build() -> [char; 256] {
    let mut t = [DROP; 256];
    let mut i = 0;
    while i < 256 {
        let cp = 0x0600 + i as u32;
        t[i] = match char::from_u32(entry(cp)) {
            Some(c) => c,
            None => panic!("table entries are valid chars"),
        };
        i += 1;
    }
    t
}

const fn entry(c: u32) -> u32 {
    const DROP_: u32 = DROP as u32;
    const SEP_: u32 = SEP as u32;
    match c {
        // Number signs (Cf), honorifics, ALM, tatweel (Lm), harakat and the marks after them
        // (maddah, hamza above/below, subscript alef…), dagger alef, high hamza (what NFKD leaves
        // of U+0675–U+0678), Quranic marks (Mn, Cf U+06DD, So U+06DE/U+06E9, Lm U+06E5/U+06E6).
        0x0600..=0x0605
        | 0x0610..=0x061A
        | 0x061C
        | 0x0640
        | 0x064B..=0x065F
        | 0x0670
        | 0x0674
        | 0x06D6..=0x06ED => DROP_,
        // Symbols and punctuation: ؆ ؇ ؈ ؉ ؊ ؋ ، ؍ ؎ ؏ ؛ ؝ ؞ ؟ ٪ ٫ ٬ ٭ ۔ ۽ ۾.
        0x0606..=0x060F | 0x061B | 0x061D..=0x061F | 0x066A..=0x066D | 0x06D4 | 0x06FD | 0x06FE => {
            SEP_
        }
        // Alef with madda/hamza, wasla, wavy hamza, high hamza alef.
        0x0622 | 0x0623 | 0x0625 | 0x0671..=0x0673 | 0x0675 => 0x0627,
        // Waw with hamza (NFD + drop U+0654), high hamza waw.
        0x0624 | 0x0676 => 0x0648,
        // U with hamza above.
        0x0677 => 0x06C7,
        // Ya with hamza, alef maqsura, high hamza ya, Persian/Urdu ya forms (ی ې ے ۓ).
        0x0626 | 0x0649 | 0x0678 | 0x06CC | 0x06D0 | 0x06D2 | 0x06D3 => 0x064A,
        // Ta marbuta (ة ۃ) and heh forms (ھ ۀ ہ ۂ). ە U+06D5 is kept (a vowel in Sorani).
        0x0629 | 0x06C3 | 0x06BE | 0x06C0 | 0x06C1 | 0x06C2 => 0x0647,
        // Keheh and swash kaf.
        0x06A9 | 0x06AA => 0x0643,
        // Dotless forms (an evasion signal).
        0x066E => 0x0628,
        0x066F => 0x0642,
        0x06A1 => 0x0641,
        0x06BA => 0x0646,
        // Arabic-Indic and extended (Persian/Urdu) digits. NFKC does not do this.
        0x0660..=0x0669 => b'0' as u32 + (c - 0x0660),
        0x06F0..=0x06F9 => b'0' as u32 + (c - 0x06F0),
        // Every other letter is kept: ء گ چ پ ڤ stay distinct (Iraqi dialect spellings).
        _ => c,
    }
}

/// True for Arabic-script letters as they appear in normalized text: the matcher treats a switch
/// between Arabic and other letters as a word boundary.
pub fn is_arabic(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
        | 0x10EC0..=0x10EFF | 0x1EE00..=0x1EEFF)
        && c.is_alphabetic()
}
