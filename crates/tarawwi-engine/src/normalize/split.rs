//! Word breaks that the first pass cannot see one character at a time (evasion recall):
//!
//! - **CamelCase inside a hashtag**: "#StopCorruption" → "stop corruption", "#DWPCorruption" →
//!   "dwp corruption", "#Iraq2024Elections" → "iraq 2024 elections". Only in a hashtag (from `#`
//!   to the next whitespace), so brand names in prose ("WhatsApp", "iPhone") keep matching as
//!   written.
//! - **Arabic words glued after ة**: ta marbuta only ever ends a word, and does not join the
//!   next letter, so one followed directly by another Arabic letter is two words glued together
//!   ("#الحكومةالفاسدة" → "الحكومه الفاسده"). Not ى: it does join the next letter, so inside a
//!   word it is a dotless look-alike of ي ("شىروها"), an evasion of its own.
//!
//! [`run`] finds the breaks with a byte scan of the source (a text with no `#`, `＃`, or ة
//! followed by an Arabic-block char costs one pass over its bytes and nothing else), then inserts a
//! [`HARD`] separator before the normalized char that starts at each break. The separator takes
//! the source range of that char, so the source map stays monotone and every byte keeps a
//! non-empty range.

use super::latin::homoglyph;
use super::{Parts, HARD, PUNCT, SOFT};

/// Finds the breaks in `src` and inserts them into the first pass's output `p`. Returns whether
/// anything was inserted (the post-pass must then turn [`HARD`] into spaces).
pub(super) fn run(src: &str, p: &mut Parts) -> bool {
    let b = src.as_bytes();
    if !has_candidate(b) {
        return false;
    }
    let mut breaks: Vec<u32> = Vec::new();
    find_breaks(src, &mut breaks);
    !breaks.is_empty() && insert(p, &breaks)
}

/// Quick filter: does `b` hold `#`, `＃` (EF BC 83), or ة (D8 A9) followed by an Arabic-block
/// char (lead byte D8–DB, i.e. U+0600–U+06FF)? Each byte is tested with the two after it,
/// 64 positions at a time without early exit (it vectorizes), then the tail one by one.
fn has_candidate(b: &[u8]) -> bool {
    #[inline(always)]
    fn at(x: u8, y: u8, z: u8) -> bool {
        (x == b'#')
            | ((x == 0xEF) & (y == 0xBC) & (z == 0x83))
            | ((x == 0xD8) & (y == 0xA9) & (z & 0xFC == 0xD8))
    }
    const N: usize = 64;
    let mut i = 0;
    while i + N + 2 <= b.len() {
        let w: &[u8; N + 2] = b[i..i + N + 2].try_into().expect("N + 2 bytes");
        let mut any = false;
        for j in 0..N {
            any |= at(w[j], w[j + 1], w[j + 2]);
        }
        if any {
            return true;
        }
        i += N;
    }
    let byte = |k: usize| b.get(k).copied().unwrap_or(0);
    (i..b.len()).any(|k| at(b[k], byte(k + 1), byte(k + 2)))
}

/// Arabic letters (not marks, tatweel, digits or punctuation) of the Arabic block.
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
}

/// Characters between two letters that do not separate them: harakat and Quranic marks,
/// tatweel, and the invisibles the first pass drops.
fn is_transparent(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{00AD}'
        | '\u{034F}' | '\u{061C}')
}

/// Case of a char for CamelCase: ASCII only (styled letters are rare in hashtags).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Upper,
    Lower,
    Digit,
    Other,
}

fn kind(c: char) -> Kind {
    if c.is_ascii_uppercase() {
        Kind::Upper
    } else if c.is_ascii_lowercase() {
        Kind::Lower
    } else if c.is_ascii_digit() {
        Kind::Digit
    } else {
        Kind::Other
    }
}

/// UTF-16 offsets (ascending) of the chars that start a new word.
fn find_breaks(src: &str, out: &mut Vec<u32>) {
    let chars: Vec<(u32, char)> = {
        let mut pos = 0u32;
        src.chars()
            .map(|c| {
                let at = pos;
                pos += c.len_utf16() as u32;
                (at, c)
            })
            .collect()
    };
    let mut in_tag = false;
    // Within a hashtag: the kinds of the last two ASCII letters/digits of the current word.
    let (mut k1, mut k2) = (Kind::Other, Kind::Other);
    for (i, &(at, c)) in chars.iter().enumerate() {
        if c == '#' || c == '＃' {
            in_tag = true;
            (k1, k2) = (Kind::Other, Kind::Other);
            continue;
        }
        if c.is_whitespace() {
            in_tag = false;
            continue;
        }
        if c == 'ة' {
            // Skip marks and invisibles; a letter right after is a glued word.
            if let Some(&(next_at, next)) = chars[i + 1..].iter().find(|(_, n)| !is_transparent(*n))
            {
                if is_arabic_letter(next) {
                    out.push(next_at);
                }
            }
        }
        if !in_tag {
            continue;
        }
        let k = kind(c);
        match k {
            Kind::Other => {
                if !is_transparent(c) {
                    (k1, k2) = (Kind::Other, Kind::Other);
                }
                continue;
            }
            // "stopCorruption", "2024Elections": a capital after a small letter or a digit.
            Kind::Upper if matches!(k1, Kind::Lower | Kind::Digit) => out.push(at),
            // "Ministry3Years": digits after small letters ("COVID19" and "G7" stay whole).
            Kind::Digit if k1 == Kind::Lower => out.push(at),
            // "DWPCorruption": the last capital of a run starts the next word.
            Kind::Lower if k1 == Kind::Upper && k2 == Kind::Upper => {
                if let Some(&(prev_at, _)) =
                    chars[..i].iter().rev().find(|(_, p)| !is_transparent(*p))
                {
                    out.push(prev_at);
                }
            }
            _ => {}
        }
        (k2, k1) = (k1, k);
    }
    out.sort_unstable();
    out.dedup();
}

/// Inserts a [`HARD`] separator before every normalized char whose source starts at a break
/// and that is not already at a word start. Words that kept a Cyrillic/Greek look-alike (the
/// first pass decided not to fold them) are left whole: split, a part could fold, and a second
/// `normalize` would change the text. Returns whether anything was inserted.
fn insert(p: &mut Parts, breaks: &[u32]) -> bool {
    let is_sep = |b: u8| b == SOFT || b == HARD || b == PUNCT;
    let n = p.text.len();
    let mut at: Vec<usize> = Vec::new();
    let mut k = 0;
    let mut ws = 0;
    while ws < n && k < breaks.len() {
        let we = p.text[ws..]
            .iter()
            .position(|&b| is_sep(b))
            .map_or(n, |x| ws + x);
        let word = std::str::from_utf8(&p.text[ws..we]).unwrap_or("");
        let keep_whole = !word.is_ascii() && word.chars().any(|c| homoglyph(c).is_some());
        for i in ws + 1..we {
            let s = p.start[i];
            while k < breaks.len() && breaks[k] < s {
                k += 1;
            }
            if k == breaks.len() {
                break;
            }
            let is_char_start = p.text[i] & 0xC0 != 0x80;
            if !keep_whole && breaks[k] == s && is_char_start && p.start[i - 1] != s {
                at.push(i);
                k += 1;
            }
        }
        ws = we + 1;
    }
    if at.is_empty() {
        return false;
    }
    // Shift from the back, opening one byte before each insertion point.
    let m = at.len();
    p.text.resize(n + m, 0);
    p.start.resize(n + m, 0);
    p.end.resize(n + m, 0);
    let mut r = n; // bytes [0, r) not moved yet
    for (j, &pos) in at.iter().enumerate().rev() {
        let w = pos + j + 1; // where byte `pos` goes
        let len = r - pos;
        p.text.copy_within(pos..r, w);
        p.start.copy_within(pos..r, w);
        p.end.copy_within(pos..r, w);
        p.text[w - 1] = HARD;
        p.start[w - 1] = p.start[w];
        p.end[w - 1] = p.end[w];
        r = pos;
        debug_assert!(len > 0);
    }
    true
}

#[cfg(test)]
mod tests {
    //! Evasion-recall behaviour of the normalizer: hashtag CamelCase, glued Arabic words, and the
    //! word gaps between spaced-out or dotted words (the post-pass's [`PUNCT`] links).

    use crate::normalize::normalize;

    fn n(s: &str) -> String {
        normalize(s).text
    }

    /// UTF-16 span in the source of the first occurrence of `needle` in the normalized text.
    fn span(src: &str, needle: &str) -> (u32, u32) {
        let m = normalize(src);
        let s = m.text.find(needle).expect("needle in text");
        m.source_span(s, s + needle.len())
    }

    /// The vectorized filter finds exactly what a byte-by-byte scan finds, at every offset
    /// around its 64-byte blocks.
    #[test]
    fn has_candidate_matches_a_plain_scan() {
        fn plain(b: &[u8]) -> bool {
            (0..b.len()).any(|i| {
                b[i] == b'#'
                    || b[i..].starts_with(&[0xEF, 0xBC, 0x83])
                    || (b[i..].starts_with(&[0xD8, 0xA9])
                        && matches!(b.get(i + 2), Some(0xD8..=0xDB)))
            })
        }
        for needle in [
            &b"#"[..],
            &[0xEF, 0xBC, 0x83],
            &[0xD8, 0xA9, 0xD8],
            &[0xD8, 0xA9, 0xDB],
        ]
        .into_iter()
        .chain([
            &[0xD8, 0xA9, 0xDC][..],
            &[0xD8, 0xA9, b' '],
            &[0xEF, 0xBC],
            &[0xD8, 0xA9],
        ]) {
            for len in [0, 1, 2, 3, 63, 64, 65, 66, 67, 130, 131, 200] {
                for at in 0..=len {
                    let mut b = vec![b'a'; len];
                    b.splice(at..at, needle.iter().copied());
                    assert_eq!(super::has_candidate(&b), plain(&b), "{needle:?} {len} {at}");
                    b.truncate(at + needle.len());
                    assert_eq!(super::has_candidate(&b), plain(&b), "{needle:?} {at} end");
                }
            }
        }
    }

    #[test]
    fn hashtag_camel_case_is_split() {
        assert_eq!(n("#StopCorruption"), "stop corruption");
        assert_eq!(n("#SackTheBoard now"), "sack the board now");
        assert_eq!(n("#DWPCorruption"), "dwp corruption");
        assert_eq!(n("#Ministry3YearsOfLies"), "ministry 3 years of lies");
        assert_eq!(n("#Iraq2024Elections"), "iraq 2024 elections");
        assert_eq!(n("＃OffTheRecord"), "off the record");
        assert_eq!(n("#Stop_CorruptMinisters"), "stop corrupt ministers");
    }

    #[test]
    fn camel_case_outside_hashtags_and_acronyms_stay_whole() {
        assert_eq!(n("WhatsApp iPhone YouTube"), "whatsapp iphone youtube");
        assert_eq!(n("#COVID19 #G7 #NHS #iraq"), "covid19 g7 nhs iraq");
        // The hashtag ends at whitespace.
        assert_eq!(n("#Tag WhatsApp"), "tag whatsapp");
    }

    #[test]
    fn split_words_map_to_their_own_source() {
        // "#StopCorruption": "corruption" is UTF-16 5..15.
        assert_eq!(span("#StopCorruption", "corruption"), (5, 15));
        assert_eq!(span("#StopCorruption", "stop"), (1, 5));
    }

    #[test]
    fn arabic_words_glued_after_a_word_final_letter_are_split() {
        assert_eq!(n("#الحكومةالفاسدة"), "الحكومه الفاسده");
        assert_eq!(n("الحكومةفاسدة"), "الحكومه فاسده");
        // ى joins the next letter: inside a word it is a look-alike of ي, not glue.
        assert_eq!(n("شىروها"), "شيروها");
        // Marks and tatweel between do not hide the glue.
        assert_eq!(n("حكومةُ\u{0640}فاسدة"), "حكومه فاسده");
        // ة at a word end, or before a digit or Latin, changes nothing.
        assert_eq!(n("حكومة فاسدة"), "حكومه فاسده");
        assert_eq!(n("مادة2 ةx"), "ماده2 هx");
        assert_eq!(span("الحكومةالفاسدة", "الفاسده"), (7, 14));
    }

    #[test]
    fn a_word_that_kept_a_look_alike_is_not_split() {
        // "MYоwn" has a Cyrillic о and Arabic glued on, so it was not folded; splitting it would
        // let a second normalize fold "myоwn".
        let once = n("#MYоwnPАɡеننتظر");
        assert_eq!(n(&once), once);
    }

    #[test]
    fn dotted_words_keep_their_word_gaps() {
        assert_eq!(
            n("T.h.e m.i.n.i.s.t.e.r i.s c.o.r.r.u.p.t"),
            "the minister is corrupt"
        );
        assert_eq!(n("a.n.d a l.i.a.r"), "and a liar");
        assert_eq!(n("ف.ا.س.د.ة و.ع.م.ي.ل.ة"), "فاسده وعميله");
        assert_eq!(n("c|o_r*r·u-p~t g.o.v"), "corrupt gov");
        // One kind of link only: everything joins, as before.
        assert_eq!(n("c.o.r.r.u.p.t"), "corrupt");
        assert_eq!(n("ح ك و م ة"), "حكومه");
        assert_eq!(n("s. e. c. r. e. t"), "secret");
    }

    #[test]
    fn two_letter_words_among_spaced_words_are_joined() {
        assert_eq!(
            n("M y   d e p a r t m e n t   i s   a   j o k e"),
            "my department is a joke"
        );
        assert_eq!(n("ا ن ا   م ص د ر   م ن   د ا خ ل"), "انا مصدر من داخل");
        // Alone, two one-letter words stay apart (و الله, "plan B a").
        assert_eq!(n("و الله"), "و الله");
        assert_eq!(n("P M said"), "p m said");
    }

    #[test]
    fn idempotent_on_the_new_shapes() {
        for s in [
            "#StopCorruptionNow",
            "#الحكومةالفاسدةجدا",
            "T.h.e m.i.n.i.s.t.e.r i.s c.o.r.r.u.p.t a.n.d a l.i.a.r",
            "M y   d e p a r t m e n t   i s   a   j o k e",
            "#ABcD #aBcDeF x y z",
        ] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s:?}");
        }
    }
}
