//! Text normalization for matching (spec: `shared/docs/arabic-matching.md` §0, §1 and §3).
//!
//! [`normalize_into`] makes a folded copy of a post, used for both the text and every pattern:
//! Arabic marks, tatweel and invisible characters dropped; alef, ya, ta marbuta, Persian and
//! dotless letter variants and Arabic-Indic digits folded; presentation forms, full-width, math
//! and circled letters decomposed (NFKD without recomposition, then marks dropped); lowercase;
//! punctuation, symbols and emoji turned into one space. A post-pass ([`post`]) then re-joins
//! spaced-out letters and collapses letter repeats, and each word's Cyrillic/Greek look-alikes
//! are folded when the whole word is made of them and Latin letters.
//!
//! Alongside, every byte of the copy records the UTF-16 range of the source character it came
//! from, so a match in the copy maps back to a span of the original text (§3).
//!
//! Cost: one pass over the source chars (ASCII and the Arabic block on table fast paths,
//! everything else through `decompose_compatible`), then three in-place O(n) sweeps. The output
//! buffers are reused across calls; nothing is allocated per character.

mod arabic;
mod latin;
mod post;
mod split;

#[cfg(test)]
mod tests;

pub use arabic::is_arabic;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Normalized copy of a text plus, for every byte of `text`, the UTF-16 code-unit range in the
/// source.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// Lowercase letters and digits; words separated by exactly one ASCII space; no space at
    /// either end.
    pub text: String,
    /// Per byte of `text`: UTF-16 start, in the source, of the character that produced it.
    pub src_start: Vec<u32>,
    /// Per byte of `text`: UTF-16 end (exclusive), in the source.
    pub src_end: Vec<u32>,
}

impl Normalized {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the buffer, keeping its capacity.
    pub fn clear(&mut self) {
        self.text.clear();
        self.src_start.clear();
        self.src_end.clear();
    }

    /// UTF-16 `[start, end)` in the source for the normalized byte range `[s, e)` (`s < e`, both
    /// on char boundaries of `text`). Out-of-range input gives an empty span instead of a panic.
    pub fn source_span(&self, s: usize, e: usize) -> (u32, u32) {
        match (
            self.src_start.get(s),
            e.checked_sub(1).and_then(|i| self.src_end.get(i)),
        ) {
            (Some(&start), Some(&end)) if s < e => (start, end),
            _ => (0, 0),
        }
    }
}

/// Normalizes `src` into a new buffer. Prefer [`normalize_into`] with a reused buffer when
/// checking on every keystroke.
pub fn normalize(src: &str) -> Normalized {
    let mut out = Normalized::new();
    normalize_into(src, &mut out);
    out
}

/// Normalizes `src` into `out`, which is cleared first (its capacity is reused). O(n).
pub fn normalize_into(src: &str, out: &mut Normalized) {
    out.clear();
    let mut parts = Parts {
        text: std::mem::take(&mut out.text).into_bytes(),
        start: std::mem::take(&mut out.src_start),
        end: std::mem::take(&mut out.src_end),
    };
    parts.text.reserve(src.len());
    parts.start.reserve(src.len());
    parts.end.reserve(src.len());

    let mut pass = Pass {
        b: parts,
        sep: None,
        word: 0,
        conf: false,
        blocked: false,
        raw: false,
        last_len: 0,
        prev: 0,
        same: 0,
        singles: 0,
        hints: post::Hints::default(),
    };
    let bytes = src.as_bytes();
    let (mut i, mut pos) = (0usize, 0u32);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // ASCII fast path: a whole run of letters and digits at once.
            let j = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(bytes.len(), |k| i + k);
            pass.ascii_run(&bytes[i..j], pos);
            pos += (j - i) as u32;
            i = j;
        } else if b < 0x80 {
            pass.separator(b as char, pos, pos + 1);
            pos += 1;
            i += 1;
        } else if arabic::letter_at(bytes, i).is_some_and(|c| c != arabic::DROP) {
            // Arabic fast path: a run of letters and marks of U+0600–U+06FF.
            (i, pos) = pass.arabic_run(bytes, i, pos);
        } else {
            let (ch, len) = decode(bytes, i);
            let s = pos;
            pos += ch.len_utf16() as u32;
            if matches!(ch as u32, 0x0600..=0x06FF) {
                pass.arabic(ch, s, pos);
            } else {
                pass.other(ch, s, pos);
            }
            i += len;
        }
    }
    pass.end_word();
    let Pass {
        b: mut parts,
        mut hints,
        ..
    } = pass;
    if split::run(src, &mut parts) {
        // CamelCase in a hashtag, or Arabic words glued after ة/ى: HARD separators were added.
        hints.hard = true;
        hints.singles = true;
    }
    post::run(&mut parts, hints);

    out.text = String::from_utf8(parts.text).expect("every step writes whole UTF-8 chars");
    out.src_start = parts.start;
    out.src_end = parts.end;
}

/// UTF-8 length of a char from its lead byte.
#[inline]
fn char_len(b: u8) -> usize {
    match b {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Decodes the char at byte `i` of valid UTF-8 `t` (`i` on a char boundary): the char and its
/// UTF-8 length.
#[inline]
fn decode(t: &[u8], i: usize) -> (char, usize) {
    let b0 = u32::from(t[i]);
    let cont = |k: usize| u32::from(t[i + k] & 0x3F);
    let (cp, len) = match t[i] {
        0x00..=0x7F => (b0, 1),
        0x80..=0xDF => (((b0 & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    };
    (
        char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// The separator written between two words whose source separator allows spaced-out letters
/// to be re-joined (see [`Sep::soft`]); also the final word separator.
const SOFT: u8 = b' ';
/// The separator written between two words whose source separator does not; the post-pass
/// turns it into [`SOFT`].
const HARD: u8 = b'\n';
/// A soft separator with a non-space joiner in it (`.`, `-`, `*`…). Among spaced-out letters
/// linked by these, a plain-space link is a word gap: "a.n.d a l.i.a.r" → "and a liar". The
/// post-pass turns it into [`SOFT`].
const PUNCT: u8 = b'\t';

/// The three output buffers while they are built (the `String` is taken apart so the post-pass
/// can edit bytes in place).
struct Parts {
    text: Vec<u8>,
    start: Vec<u32>,
    end: Vec<u32>,
}

/// A run of separator characters between two words, pending until the next word starts (so no
/// trailing space is ever written).
struct Sep {
    start: u32,
    end: u32,
    /// UTF-16 start of the last source character counted (an NFKD expansion such as `…` is one
    /// source character).
    last: u32,
    /// Source characters in the run.
    chars: u32,
    /// How many of them are horizontal spaces.
    spaces: u32,
    /// All of them come from the joiner set.
    joiners: bool,
}

impl Sep {
    /// Spaced letters either side of this run may be joined: ≤ 3 source characters, all from
    /// `space . - _ * · • | / + ~`. A gap of two or more spaces and nothing else is a word gap
    /// ("c o r r u p t  g o v" → "corrupt gov").
    fn soft(&self) -> bool {
        self.joiners && self.chars <= 3 && !(self.spaces >= 2 && self.spaces == self.chars)
    }
}

/// Horizontal whitespace (spaces and tabs; not line or paragraph breaks).
fn is_hspace(c: char) -> bool {
    c.is_whitespace()
        && !matches!(
            c,
            '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
}

/// Separators allowed between spaced-out letters (after NFKD, so full-width forms count too).
fn is_joiner(c: char) -> bool {
    is_hspace(c)
        || matches!(
            c,
            '.' | '-'
                | '_'
                | '*'
                | '·'
                | '•'
                | '|'
                | '/'
                | '+'
                | '~'
                | '\u{2010}'
                | '\u{2011}'
                | '\u{2027}'
                | '\u{2219}'
                | '\u{22C5}'
                | '\u{30FB}'
        )
}

/// Characters outside ASCII and the Arabic block that are dropped without leaving a space:
/// Default_Ignorable code points (ZW*, bidi controls, soft hyphen, CGJ, variation selectors,
/// tags, Hangul fillers…), Arabic marks of the extended blocks, and the isolated/medial harakat
/// and shadda ligatures that NFKC would turn into a space plus a mark.
fn is_dropped(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF
        | 0x0890 | 0x0891 | 0x08D3..=0x08FF | 0xFE70..=0xFE7F | 0xFC5E..=0xFC63)
}

/// The single pass over the source characters.
struct Pass {
    b: Parts,
    sep: Option<Sep>,
    /// Byte offset where the current word starts.
    word: usize,
    /// The word has a Cyrillic/Greek look-alike.
    conf: bool,
    /// The word has a non-Latin letter that is not a look-alike (so it is not folded).
    blocked: bool,
    /// The word holds an uppercase look-alike kept as it is until the word ends.
    raw: bool,
    /// Bytes of the last character written (the one a dropped character extends).
    last_len: usize,
    /// The last word character written (as `u32`; 0 after a separator) and how many times in a
    /// row it was written: a third one means the post-pass has repeats to collapse.
    prev: u32,
    same: u32,
    /// One-char words in a row: a third one means the post-pass may have letters to join.
    singles: u32,
    /// What the post-pass needs to do.
    hints: post::Hints,
}

impl Pass {
    /// An ASCII character that comes out of a decomposition or the Arabic table.
    fn ascii(&mut self, b: u8, s: u32, e: u32) {
        if b.is_ascii_alphanumeric() {
            self.begin();
            self.push_byte(b.to_ascii_lowercase(), s, e);
        } else {
            self.separator(b as char, s, e);
        }
    }

    /// A run of ASCII letters and digits starting at UTF-16 offset `pos` (one unit each).
    fn ascii_run(&mut self, run: &[u8], pos: u32) {
        self.begin();
        let n = run.len() as u32;
        self.b.text.extend(run.iter().map(u8::to_ascii_lowercase));
        self.b.start.extend(pos..pos + n);
        self.b.end.extend(pos + 1..pos + n + 1);
        self.last_len = 1;
        for &c in run {
            self.count_repeat(u32::from(c.to_ascii_lowercase()));
        }
    }

    fn arabic(&mut self, c: char, s: u32, e: u32) {
        match arabic::fold(c) {
            arabic::DROP => self.drop(e),
            arabic::SEP => self.separator(c, s, e),
            d if d.is_ascii() => {
                self.begin();
                self.push_byte(d as u8, s, e);
            }
            d => {
                self.begin();
                self.blocked = true;
                self.push(d, s, e);
            }
        }
    }

    /// Letters and marks of the Arabic block from byte `i` (a letter) on, at UTF-16 `pos` (one
    /// unit each), until something else; returns where it stopped.
    fn arabic_run(&mut self, src: &[u8], mut i: usize, mut pos: u32) -> (usize, u32) {
        self.begin();
        self.blocked = true;
        while let Some(c) = arabic::letter_at(src, i) {
            if c == arabic::DROP {
                self.drop(pos + 1);
            } else {
                let cp = c as u32;
                self.b.text.push(0xC0 | (cp >> 6) as u8);
                self.b.text.push(0x80 | (cp & 0x3F) as u8);
                self.b.start.extend_from_slice(&[pos, pos]);
                self.b.end.extend_from_slice(&[pos + 1, pos + 1]);
                self.last_len = 2;
                self.count_repeat(cp);
            }
            i += 2;
            pos += 1;
        }
        (i, pos)
    }

    fn other(&mut self, c: char, s: u32, e: u32) {
        if is_dropped(c) {
            return self.drop(e);
        }
        match c {
            // No decomposition at all.
            '\u{FDFD}' => self.expand("بسم الله الرحمن الرحيم", s, e),
            // NFKC gives ر U+06CC ا ل; spelled out here, as the spec and CAMeL do.
            '\u{FDFC}' => self.expand("ريال", s, e),
            _ => decompose_compatible(c, |d| self.decomposed(d, s, e)),
        }
    }

    fn expand(&mut self, text: &str, s: u32, e: u32) {
        for c in text.chars() {
            self.decomposed(c, s, e);
        }
    }

    /// One character of the compatibility decomposition of the source character `[s, e)`.
    fn decomposed(&mut self, d: char, s: u32, e: u32) {
        match d as u32 {
            0..=0x7F => self.ascii(d as u8, s, e),
            0x0600..=0x06FF => self.arabic(d, s, e),
            // Emoji and pictographs: no letters or digits (and std's lookup for them is slow).
            0x1F300..=0x1FAFF => self.separator(d, s, e),
            _ if is_dropped(d) || is_combining_mark(d) => self.drop(e),
            _ if d.is_alphanumeric() => self.letter(d, s, e),
            _ => self.separator(d, s, e),
        }
    }

    /// A letter or digit outside ASCII and the Arabic block, after NFKD.
    fn letter(&mut self, d: char, s: u32, e: u32) {
        self.begin();
        if latin::homoglyph(d).is_some() {
            // Kept as it is (case included) until the word ends and we know whether to fold.
            self.conf = true;
            self.raw |= d.is_uppercase();
            return self.push(d, s, e);
        }
        if d.is_alphabetic() && !latin::is_latin(d) {
            self.blocked = true;
        }
        for lc in d.to_lowercase() {
            if is_combining_mark(lc) {
                // U+0130 İ → i + U+0307.
                self.drop(e);
            } else {
                self.push(lc, s, e);
            }
        }
    }

    fn separator(&mut self, c: char, s: u32, e: u32) {
        if self.b.text.is_empty() {
            return; // No leading space.
        }
        let space = is_hspace(c) as u32;
        let joiner = is_joiner(c);
        match &mut self.sep {
            Some(p) => {
                p.end = p.end.max(e);
                if s != p.last {
                    p.last = s;
                    p.chars += 1;
                    p.spaces += space;
                }
                p.joiners &= joiner;
            }
            None => {
                self.sep = Some(Sep {
                    start: s,
                    end: e,
                    last: s,
                    chars: 1,
                    spaces: space,
                    joiners: joiner,
                })
            }
        }
    }

    /// A dropped character stretches the last written character's range over it, unless a word
    /// has not started yet (then it goes to the pending separator, or nowhere at the start).
    fn drop(&mut self, e: u32) {
        if let Some(p) = &mut self.sep {
            p.end = p.end.max(e);
            return;
        }
        let n = self.b.end.len();
        for x in &mut self.b.end[n.saturating_sub(self.last_len)..] {
            *x = (*x).max(e);
        }
    }

    /// Called before each word character: writes the pending separator, ending the previous word.
    #[inline]
    fn begin(&mut self) {
        if self.sep.is_some() {
            self.flush_separator();
        }
    }

    /// Ends the previous word and writes the pending separator as one [`SOFT`] or [`HARD`] byte.
    #[cold]
    fn flush_separator(&mut self) {
        if let Some(sep) = self.sep.take() {
            self.end_word();
            let soft = sep.soft();
            let punct = soft && sep.spaces != sep.chars;
            self.hints.hard |= !soft || punct;
            self.b.text.push(if !soft {
                HARD
            } else if punct {
                PUNCT
            } else {
                SOFT
            });
            self.b.start.push(sep.start);
            self.b.end.push(sep.end);
            self.word = self.b.text.len();
            self.prev = 0;
            self.conf = false;
            self.blocked = false;
            self.raw = false;
        }
    }

    /// Tracks runs of one word character, for [`post::Hints::repeats`].
    #[inline]
    fn count_repeat(&mut self, c: u32) {
        if c == self.prev {
            self.same += 1;
            self.hints.repeats |= self.same >= 3;
        } else {
            self.prev = c;
            self.same = 1;
        }
    }

    #[inline]
    fn push_byte(&mut self, b: u8, s: u32, e: u32) {
        self.b.text.push(b);
        self.b.start.push(s);
        self.b.end.push(e);
        self.last_len = 1;
        self.count_repeat(u32::from(b));
    }

    #[inline]
    fn push(&mut self, c: char, s: u32, e: u32) {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        match *bytes {
            // Arabic letters: two bytes, without a call to memcpy.
            [b0, b1] => {
                self.b.text.push(b0);
                self.b.text.push(b1);
            }
            _ => self.b.text.extend_from_slice(bytes),
        }
        let n = self.b.text.len();
        self.b.start.resize(n, s);
        self.b.end.resize(n, e);
        self.last_len = bytes.len();
        self.count_repeat(c as u32);
    }

    /// Ends the current word: folds its Cyrillic/Greek look-alikes if every non-Latin letter in
    /// it is one ("сlаssified" → "classified"; "секрет" has к т, so it stays), otherwise
    /// lowercases the look-alikes kept in uppercase. Rewrites the word in place (a fold never
    /// makes a char longer).
    fn end_word(&mut self) {
        let len = self.b.text.len() - self.word;
        if len > 0 && char_len(self.b.text[self.word]) == len {
            self.singles += 1;
            self.hints.singles |= self.singles >= 3;
        } else {
            self.singles = 0;
        }
        let fold = self.conf && !self.blocked;
        if !fold && !self.raw {
            return;
        }
        // Rewriting can make repeats: "cсc" → "ccc", and lowercasing "ееЕ" → "еее".
        self.hints.repeats = true;
        let t = &mut self.b.text;
        let (mut r, mut w) = (self.word, self.word);
        while r < t.len() {
            let (c, l) = decode(t, r);
            let m = match latin::homoglyph(c) {
                Some(latin) if fold => latin,
                Some(_) if c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
                _ => c,
            };
            let ml = m.len_utf8();
            debug_assert!(ml <= l);
            m.encode_utf8(&mut t[w..]);
            let (s, e) = (self.b.start[r], self.b.end[r]);
            self.b.start[w..w + ml].fill(s);
            self.b.end[w..w + ml].fill(e);
            r += l;
            w += ml;
        }
        t.truncate(w);
        self.b.start.truncate(w);
        self.b.end.truncate(w);
        self.conf = false;
        self.raw = false;
    }
}
