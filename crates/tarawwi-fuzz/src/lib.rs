//! Structured random text for `tarawwi-engine`, and the invariants every text must keep.
//!
//! The generator mixes what posts and evasions are made of: Arabic letters with harakat and
//! tatweel, Latin, Cyrillic/Greek look-alikes, emoji with ZWJ sequences, skin tones, variation
//! selectors and tag sequences, bidi controls and other invisibles, presentation forms (ﷺ ﷽ ﻻ…),
//! spaced-out letters, Arabic-Indic digits, Arabizi, lone combining marks, arbitrary scalars,
//! and real rule terms and dev-corpus posts, mutated. [`check_text`] states the invariants:
//! no panic, every span on UTF-16 boundaries inside the text and covering what fired, the
//! normalized copy well formed and a fixed point, results deterministic.
//!
//! Everything is driven by a seed, so a failure is reproduced from `(seed, iteration)` alone.

use std::collections::BTreeSet;
use tarawwi_engine::{normalize, Engine, Finding, Normalized};

/// SplitMix64: small, fast, good enough for test data, and stable across platforms.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one iteration of one run.
    pub fn for_iteration(seed: u64, iteration: u64) -> Rng {
        let mut r = Rng(seed ^ iteration.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next_u64();
        r
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One string of a non-empty list.
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// A char from the inclusive code point range (surrogates map to U+FFFD).
    pub fn char_in(&mut self, lo: u32, hi: u32) -> char {
        let cp = lo + self.below((hi - lo + 1) as usize) as u32;
        char::from_u32(cp).unwrap_or('\u{FFFD}')
    }
}

const HARAKAT: &[char] = &[
    '\u{064B}', '\u{064C}', '\u{064D}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}',
    '\u{0653}', '\u{0654}', '\u{0655}', '\u{0670}', '\u{0610}', '\u{06DD}', '\u{06E5}', '\u{08F0}',
];
const INVISIBLES: &[char] = &[
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{2060}',
    '\u{2061}',
    '\u{2062}',
    '\u{2063}',
    '\u{2064}',
    '\u{FEFF}',
    '\u{00AD}',
    '\u{061C}',
    '\u{034F}',
    '\u{180E}',
    '\u{FE0F}',
    '\u{FE0E}',
    '\u{E0041}',
    '\u{E007F}',
    '\u{115F}',
    '\u{3164}',
    '\u{FFA0}',
];
const SEPARATORS: &[&str] = &[
    " ", ".", "-", "_", "*", "·", "•", "|", "/", "+", "~", "\u{00A0}", ". ", " - ", "  ", "...",
    "\u{2027}", "\u{30FB}", "\t", "\n", "،", "؛", "\u{3000}", "#", "@", "_-_",
];
const WHITESPACE: &[&str] = &[
    " ", " ", " ", "  ", "\n", "\r\n", "\t", "\u{00A0}", "\u{2028}", "\u{2029}", "\u{3000}",
    "\u{202F}", "\u{1680}", "\u{0085}", "\u{000B}",
];
const PUNCT: &[&str] = &[
    ".", ",", "!", "?", "؟", "،", "؛", ":", "\"", "'", "(", ")", "«", "»", "…", "—", "-", "#", "@",
    "&", "%", "٪", "٫", "٬", "۔", "/", "\\", "*", "_", "~", "|", "[", "]", "{", "}", "<", ">", "$",
    "€", "£", "﷼",
];
/// Latin letters and their Cyrillic/Greek look-alikes.
const LOOKALIKES: &[(char, &[char])] = &[
    ('a', &['а', 'α', 'А', 'Α']),
    ('c', &['с', 'С', 'ϲ']),
    ('e', &['е', 'Е', 'Ε', 'ε']),
    ('i', &['і', 'ι', 'І', 'Ι', 'ı']),
    ('o', &['о', 'ο', 'О', 'Ο', 'σ']),
    ('p', &['р', 'ρ', 'Р', 'Ρ']),
    ('s', &['ѕ', 'Ѕ']),
    ('x', &['х', 'Х', 'χ']),
    ('y', &['у', 'Υ']),
    ('h', &['һ', 'Н', 'Η']),
    ('k', &['К', 'Κ', 'к']),
    ('m', &['М', 'Μ', 'м']),
    ('t', &['Т', 'Τ', 'т']),
    ('b', &['В', 'Β', 'в']),
    ('n', &['Ν', 'п']),
    ('g', &['ɡ']),
    ('d', &['ԁ']),
    ('j', &['ј', 'Ј']),
];
/// Arabic letters and variants that fold to them (or are dialect/evasion look-alikes).
const ARABIC_VARIANTS: &[(char, &[char])] = &[
    ('ي', &['ى', 'ی', 'ې', 'ے', 'ئ']),
    ('ا', &['أ', 'إ', 'آ', 'ٱ', 'ٲ']),
    ('ه', &['ة', 'ھ', 'ہ', 'ۀ', 'ە']),
    ('ة', &['ه', 'ۃ', 'ت']),
    ('ك', &['ک', 'ڪ', 'چ']),
    ('ق', &['گ', 'ٯ']),
    ('ب', &['ٮ', 'پ']),
    ('ف', &['ڡ', 'ڤ']),
    ('ن', &['ں']),
    ('و', &['ؤ']),
];
const EMOJI_BASES: &[&str] = &[
    "😀", "😂", "🤡", "🔥", "👍", "🙏", "🤲", "❤", "☝", "✌", "👩", "👨", "👧", "👦", "🏳", "🏴",
    "🇮🇶", "🇬🇧", "🩸", "🕊", "⚖", "🇺🇸", "🫡", "🧕", "©", "1", "#",
];
const SKIN_TONES: &[char] = &[
    '\u{1F3FB}',
    '\u{1F3FC}',
    '\u{1F3FD}',
    '\u{1F3FE}',
    '\u{1F3FF}',
];
const LIGATURES: &[&str] = &[
    "\u{FDFA}", "\u{FDFD}", "\u{FEFB}", "\u{FEF5}", "\u{FEFC}", "\u{FDF2}", "\u{FDFB}", "\u{FDFC}",
    "\u{FDF0}", "\u{FDF1}", "\u{FDF3}", "\u{FDF4}", "\u{FDF5}", "\u{FDF6}", "\u{FDF7}", "\u{FDF8}",
    "\u{FDF9}", "\u{FC5E}", "\u{FE7C}", "\u{FE7D}", "\u{FE70}", "\u{FE8D}", "\u{FEDF}", "\u{FEA4}",
    "\u{FEDC}", "\u{FEEE}", "\u{FEE3}", "\u{FE94}",
];
const ARABIZI: &[&str] = &[
    "7ukooma",
    "el 7ukooma",
    "3amila",
    "3ameel",
    "mala2na",
    "7arami",
    "5arba",
    "fasid",
    "da2ira",
    "wizara",
    "el mudeer",
    "7aqeer",
    "8abi",
    "mu3amala",
    "sh3ab",
    "covid19",
    "mp3",
    "b2b",
    "3 days",
    "2nd",
    "4g",
    "g7",
];
/// Interesting code point ranges for single arbitrary characters.
const RANGES: &[(u32, u32)] = &[
    (0x0000, 0x007F),
    (0x0080, 0x024F),
    (0x0300, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x04FF),
    (0x0590, 0x05FF),
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0x1100, 0x11FF),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x2000, 0x206F),
    (0x20D0, 0x20FF),
    (0x2100, 0x24FF),
    (0x3000, 0x30FF),
    (0xAC00, 0xD7A3),
    (0xD7FF, 0xE001),
    (0xFB00, 0xFDFF),
    (0xFE00, 0xFE2F),
    (0xFE30, 0xFEFF),
    (0xFF00, 0xFFFF),
    (0x1D400, 0x1D7FF),
    (0x1EE00, 0x1EEFF),
    (0x1F000, 0x1FAFF),
    (0xE0000, 0xE01EF),
    (0xF0000, 0x10FFFF),
    (0x0000, 0x10FFFF),
];

/// Terms and sample posts the generator mutates.
#[derive(Clone, Debug)]
pub struct Generator {
    /// Every term of every built-in rule (anchors, context, exceptions), as written in the pack.
    pub terms: Vec<String>,
    /// Words of those terms and of the posts (for gluing and spacing).
    pub words: Vec<String>,
    /// Dev-corpus posts and the packs' own examples.
    pub posts: Vec<String>,
}

const DEV_CORPUS: &str = include_str!("../../../tests/corpus/dev.jsonl");

impl Default for Generator {
    fn default() -> Self {
        Generator::new()
    }
}

impl Generator {
    /// Terms and examples from the built-in packs, posts from `tests/corpus/dev.jsonl`.
    pub fn new() -> Generator {
        let mut terms = BTreeSet::new();
        let mut posts = Vec::new();
        for (_, src) in Engine::builtin_sources() {
            let Ok(doc) = src.parse::<toml::Table>() else {
                continue;
            };
            let Some(rules) = doc.get("rules").and_then(|r| r.as_array()) else {
                continue;
            };
            for rule in rules {
                for key in ["terms", "near", "unless", "unless_anywhere"] {
                    collect_strings(rule.get(key), &mut terms);
                }
                let mut examples = BTreeSet::new();
                for key in ["should_flag", "should_not_flag"] {
                    collect_strings(rule.get(key), &mut examples);
                }
                posts.extend(examples);
            }
        }
        for line in DEV_CORPUS.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    posts.push(t.to_string());
                }
            }
        }
        let terms: Vec<String> = terms
            .into_iter()
            .map(|t| t.trim_end_matches('*').to_string())
            .filter(|t| !t.trim().is_empty())
            .collect();
        let mut words: BTreeSet<String> = BTreeSet::new();
        for t in terms.iter().chain(posts.iter()) {
            for w in t.split(|c: char| !c.is_alphanumeric()) {
                if w.chars().count() >= 2 {
                    words.insert(w.to_string());
                }
            }
        }
        Generator {
            terms,
            words: words.into_iter().collect(),
            posts,
        }
    }

    /// One post of ordinary size (mostly under 100 chars, sometimes a few thousand).
    pub fn text(&self, rng: &mut Rng) -> String {
        let target = match rng.below(100) {
            0..=59 => rng.range(0, 60),
            60..=89 => rng.range(20, 300),
            90..=98 => rng.range(200, 2_000),
            _ => rng.range(1_000, 8_000),
        };
        let mut out = String::new();
        while out.len() < target {
            self.piece(rng, &mut out);
        }
        if rng.chance(1, 8) {
            let n = 1 + rng.below(4);
            mutate(rng, &mut out, n);
        }
        out
    }

    /// A text of about `bytes` bytes (1 MB inputs): many pieces, one piece repeated, or a
    /// pathological shape (a glued term repeated, one letter under a million marks, ligatures,
    /// spaced letters, a finding on every word).
    pub fn big(&self, rng: &mut Rng, bytes: usize) -> String {
        let unit: String = match rng.below(9) {
            0 | 1 => {
                let mut s = String::new();
                while s.len() < bytes {
                    self.piece(rng, &mut s);
                }
                return s;
            }
            2 => self.text(rng) + " ",
            3 => rng.pick(&self.terms).replace(' ', ""),
            4 => {
                let mut s = String::from("س");
                for _ in 0..64 {
                    s.push(*rng.pick(HARAKAT));
                }
                s
            }
            5 => rng.pick(LIGATURES).to_string(),
            6 => format!("{}{}", rng.char_in(0x61, 0x7A), rng.pick(SEPARATORS)),
            7 => format!("{} ", rng.pick(&self.terms)),
            _ => {
                let mut s = String::new();
                self.piece(rng, &mut s);
                s
            }
        };
        if unit.is_empty() {
            return "a".repeat(bytes);
        }
        let mut out = String::with_capacity(bytes + unit.len());
        while out.len() < bytes {
            out.push_str(&unit);
        }
        out
    }

    /// Appends one random piece.
    pub fn piece(&self, rng: &mut Rng, out: &mut String) {
        match rng.below(24) {
            0..=2 => {
                let t = rng.pick(&self.terms).clone();
                out.push_str(&self.mutated(rng, t));
            }
            3 | 4 => {
                let p = rng.pick(&self.posts);
                let s = substring(rng, p);
                let s = self.mutated(rng, s);
                out.push_str(&s);
            }
            5 => arabic_word(rng, out),
            6 => latin_word(rng, out),
            7 => {
                let w = rng.pick(&self.words).clone();
                lookalike_word(rng, out, w)
            }
            8 => emoji(rng, out),
            9 => {
                for _ in 0..rng.range(1, 4) {
                    out.push(*rng.pick(INVISIBLES));
                }
            }
            10 => out.push_str(rng.pick_str(LIGATURES)),
            11 => {
                let w = if rng.chance(1, 2) {
                    rng.pick(&self.words).clone()
                } else {
                    rng.pick(&self.terms).clone()
                };
                spaced(rng, out, &w);
            }
            12 => digits(rng, out),
            13 => out.push_str(rng.pick_str(ARABIZI)),
            14 => {
                for _ in 0..rng.range(1, 6) {
                    out.push(match rng.below(3) {
                        0 => rng.char_in(0x0300, 0x036F),
                        1 => *rng.pick(HARAKAT),
                        _ => rng.char_in(0x20D0, 0x20F0),
                    });
                }
            }
            15 => {
                let (lo, hi) = *rng.pick(RANGES);
                out.push(rng.char_in(lo, hi));
            }
            16 | 17 => out.push_str(rng.pick_str(WHITESPACE)),
            18 => out.push_str(rng.pick_str(PUNCT)),
            19 => self.hashtag(rng, out),
            20 => {
                let c = if rng.chance(1, 2) {
                    rng.char_in(0x0628, 0x064A)
                } else {
                    rng.char_in(0x61, 0x7A)
                };
                for _ in 0..rng.range(2, 12) {
                    out.push(c);
                }
            }
            21 => {
                // Styled Latin: full-width, math bold/fraktur/sans, circled.
                let w = rng.pick(&self.words).clone();
                for c in w.chars() {
                    out.push(styled(rng, c));
                }
            }
            _ => {
                out.push_str(rng.pick(&self.words).as_str());
                out.push(' ');
            }
        }
    }

    /// A hashtag: words of a term glued (CamelCase, lowercase or Arabic) or joined by `_`.
    fn hashtag(&self, rng: &mut Rng, out: &mut String) {
        out.push(if rng.chance(1, 8) { '＃' } else { '#' });
        let mut words: Vec<String> = rng
            .pick(&self.terms)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if rng.chance(1, 2) {
            words.push(rng.pick(&self.words).clone());
        }
        let style = rng.below(4);
        for (i, w) in words.iter().enumerate() {
            if i > 0 && style == 3 {
                out.push('_');
            }
            let mut cs = w.chars();
            if let Some(first) = cs.next() {
                match style {
                    0 => out.extend(first.to_uppercase()),
                    1 => out.extend(first.to_uppercase()),
                    _ => out.push(first),
                }
                let rest: String = cs.collect();
                if style == 1 && rng.chance(1, 2) {
                    out.push_str(&rest.to_uppercase());
                } else {
                    out.push_str(&rest);
                }
            }
        }
        out.push(' ');
    }

    /// `s` with 0–3 random evasion-style edits.
    pub fn mutated(&self, rng: &mut Rng, mut s: String) -> String {
        let n = match rng.below(4) {
            0 => 0,
            1 | 2 => 1,
            _ => rng.range(2, 4),
        };
        mutate(rng, &mut s, n);
        s
    }
}

fn collect_strings(v: Option<&toml::Value>, out: &mut BTreeSet<String>) {
    match v {
        Some(toml::Value::String(s)) => {
            out.insert(s.clone());
        }
        Some(toml::Value::Array(a)) => {
            for x in a {
                collect_strings(Some(x), out);
            }
        }
        _ => {}
    }
}

/// A random substring of `s` on char boundaries.
fn substring(rng: &mut Rng, s: &str) -> String {
    let idx: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    if rng.chance(1, 2) {
        return s.to_string();
    }
    let a = rng.below(idx.len());
    let b = a + rng.below(idx.len() - a);
    s[idx[a]..idx[b]].to_string()
}

fn arabic_word(rng: &mut Rng, out: &mut String) {
    for _ in 0..rng.range(1, 8) {
        out.push(rng.char_in(0x0621, 0x064A));
        if rng.chance(1, 3) {
            out.push(*rng.pick(HARAKAT));
        }
        if rng.chance(1, 8) {
            for _ in 0..rng.range(1, 5) {
                out.push('\u{0640}');
            }
        }
    }
    if rng.chance(3, 4) {
        out.push(' ');
    }
}

fn latin_word(rng: &mut Rng, out: &mut String) {
    let caps = rng.below(4);
    for i in 0..rng.range(1, 10) {
        let c = rng.char_in(0x61, 0x7A);
        let upper = match caps {
            0 => true,
            1 => i == 0,
            2 => rng.chance(1, 3),
            _ => false,
        };
        out.push(if upper { c.to_ascii_uppercase() } else { c });
    }
    if rng.chance(3, 4) {
        out.push(' ');
    }
}

fn lookalike_word(rng: &mut Rng, out: &mut String, word: String) {
    for c in word.chars() {
        let lc = c.to_ascii_lowercase();
        match LOOKALIKES.iter().find(|(l, _)| *l == lc) {
            Some((_, alts)) if rng.chance(1, 2) => out.push(*rng.pick(alts)),
            _ => out.push(c),
        }
    }
    out.push(' ');
}

fn emoji(rng: &mut Rng, out: &mut String) {
    match rng.below(6) {
        0 => {
            // Flag: two regional indicators (sometimes an odd one out).
            for _ in 0..rng.range(1, 3) {
                out.push(rng.char_in(0x1F1E6, 0x1F1FF));
            }
        }
        1 => {
            // Tag sequence (subdivision flag), sometimes unterminated.
            out.push('🏴');
            for _ in 0..rng.range(0, 6) {
                out.push(rng.char_in(0xE0061, 0xE007A));
            }
            if rng.chance(3, 4) {
                out.push('\u{E007F}');
            }
        }
        2 => {
            // Keycap.
            out.push(rng.char_in(0x30, 0x39));
            out.push('\u{FE0F}');
            out.push('\u{20E3}');
        }
        _ => {
            for i in 0..rng.range(1, 4) {
                if i > 0 {
                    out.push('\u{200D}');
                }
                out.push_str(rng.pick_str(EMOJI_BASES));
                if rng.chance(1, 3) {
                    out.push(*rng.pick(SKIN_TONES));
                }
                if rng.chance(1, 3) {
                    out.push('\u{FE0F}');
                }
            }
        }
    }
    if rng.chance(1, 2) {
        out.push(' ');
    }
}

fn spaced(rng: &mut Rng, out: &mut String, word: &str) {
    let sep = rng.pick_str(SEPARATORS);
    let vary = rng.chance(1, 4);
    for (i, c) in word.chars().enumerate() {
        if i > 0 {
            out.push_str(if vary { rng.pick_str(SEPARATORS) } else { sep });
        }
        out.push(c);
    }
    out.push(' ');
}

fn digits(rng: &mut Rng, out: &mut String) {
    let base = match rng.below(4) {
        0 => 0x30,
        1 => 0x0660,
        2 => 0x06F0,
        _ => 0,
    };
    for _ in 0..rng.range(1, 8) {
        let b = if base == 0 {
            *rng.pick(&[0x30, 0x0660, 0x06F0, 0xFF10, 0x1D7CE])
        } else {
            base
        };
        out.push(char::from_u32(b + rng.below(10) as u32).unwrap_or('0'));
        if rng.chance(1, 6) {
            out.push(*rng.pick(&['/', '-', '.', '٫', '٬', ',']));
        }
    }
    out.push(' ');
}

fn styled(rng: &mut Rng, c: char) -> char {
    if !c.is_ascii_alphabetic() {
        return c;
    }
    let lower = c.to_ascii_lowercase() as u32 - 0x61;
    let upper = c.is_ascii_uppercase();
    let cp = match rng.below(5) {
        0 => 0xFF41 + lower - if upper { 0x20 } else { 0 },
        1 => 0x1D41A + lower - if upper { 26 } else { 0 },
        2 => 0x1D586 + lower - if upper { 26 } else { 0 },
        3 => 0x1D5EE + lower - if upper { 26 } else { 0 },
        _ => 0x24D0 + lower - if upper { 26 } else { 0 },
    };
    char::from_u32(cp).unwrap_or(c)
}

/// Applies `n` random evasion-style edits to `s` (at char boundaries).
pub fn mutate(rng: &mut Rng, s: &mut String, n: usize) {
    for _ in 0..n {
        let chars: Vec<char> = s.chars().collect();
        if chars.is_empty() {
            s.push(*rng.pick(INVISIBLES));
            continue;
        }
        let at = rng.below(chars.len() + 1);
        let mut v = chars.clone();
        match rng.below(14) {
            0 => v.insert(at, *rng.pick(INVISIBLES)),
            1 => {
                // Harakat or tatweel after every Arabic letter.
                v = Vec::new();
                for c in chars {
                    v.push(c);
                    if ('\u{0621}'..='\u{064A}').contains(&c) {
                        v.push(if rng.chance(1, 2) {
                            '\u{0640}'
                        } else {
                            *rng.pick(HARAKAT)
                        });
                    }
                }
            }
            2 => {
                // Spaced out.
                let sep: Vec<char> = rng.pick(SEPARATORS).chars().collect();
                v = Vec::new();
                for (i, c) in chars.into_iter().enumerate() {
                    if i > 0 {
                        v.extend(&sep);
                    }
                    v.push(c);
                }
            }
            3 => {
                // Look-alikes.
                for c in &mut v {
                    let lc = c.to_ascii_lowercase();
                    if let Some((_, alts)) = LOOKALIKES.iter().find(|(l, _)| *l == lc) {
                        if rng.chance(1, 2) {
                            *c = *rng.pick(alts);
                        }
                    }
                    if let Some((_, alts)) = ARABIC_VARIANTS.iter().find(|(l, _)| *l == *c) {
                        if rng.chance(1, 2) {
                            *c = *rng.pick(alts);
                        }
                    }
                }
            }
            4 => {
                // Case games: CamelCase words, random case, all caps.
                let mode = rng.below(3);
                let mut start = true;
                v = Vec::new();
                for c in chars {
                    if c == ' ' && mode == 0 {
                        start = true;
                        continue;
                    }
                    let up = match mode {
                        0 => start,
                        1 => rng.chance(1, 2),
                        _ => true,
                    };
                    start = false;
                    if up {
                        v.extend(c.to_uppercase());
                    } else {
                        v.push(c);
                    }
                }
            }
            5 => {
                // Letter repeat.
                if at < chars.len() {
                    for _ in 0..rng.range(1, 8) {
                        v.insert(at, chars[at]);
                    }
                }
            }
            6 => {
                // Arabic-Indic digits.
                for c in &mut v {
                    if c.is_ascii_digit() {
                        let base = if rng.chance(1, 2) { 0x0660 } else { 0x06F0 };
                        *c = char::from_u32(base + (*c as u32 - 0x30)).unwrap_or(*c);
                    }
                }
                v.insert(at, rng.char_in(0x0660, 0x0669));
            }
            7 => {
                if at < v.len() {
                    v.remove(at);
                }
            }
            8 => {
                // Glue words (a hashtag).
                v.retain(|c| *c != ' ');
                v.insert(0, '#');
            }
            9 => v.insert(
                at,
                *rng.pick(&['\u{0300}', '\u{064E}', '\u{0651}', '\u{20E3}']),
            ),
            10 => {
                // Emoji or bidi around the text.
                v.insert(at, '\u{202E}');
                v.push('\u{202C}');
                v.insert(0, '😀');
            }
            11 => {
                // Swap two neighbours.
                if at + 1 < v.len() {
                    v.swap(at, at + 1);
                }
            }
            12 => {
                for (i, c) in chars.iter().enumerate() {
                    v[i] = styled(rng, *c);
                }
            }
            _ => v.insert(at, rng.char_in(0, 0x10FFFF)),
        }
        *s = v.into_iter().collect();
    }
}

/// What one check found (for reports).
#[derive(Debug, Default, Clone, Copy)]
pub struct Outcome {
    /// Findings on the text.
    pub findings: usize,
}

/// Checks every invariant on `text`; returns a description of the first broken one.
///
/// - `normalize`: one source range per output byte; every range non-empty, inside the text and
///   on UTF-16 boundaries (never inside a surrogate pair); all bytes of one char share a range;
///   ranges never go backwards; the text holds only letters/digits without a lowercase mapping and single spaces;
///   normalizing it again changes nothing.
/// - `Engine::check`: no panic (the caller catches it); each finding's span is non-empty, inside
///   the text, on UTF-16 boundaries, its `text` is exactly that slice, the slice starts on a
///   character that normalizes to a word character, and checking the span alone fires the same
///   rule (the span covers what fired) — or does so as a hashtag (CamelCase is split only
///   after `#`), or together with the rest of its whitespace-delimited token (look-alike folding
///   is decided per token), or among Arabizi words (Arabizi matching is gated on the words
///   around), or the only difference is spaced-out letters joined with their
///   neighbours outside the span; findings are sorted by start; a second call
///   returns the same findings.
pub fn check_text(engine: &Engine, text: &str) -> Result<Outcome, String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let n16 = units.len() as u32;
    let boundary = |i: u32| i == 0 || i >= n16 || !(0xDC00..=0xDFFF).contains(&units[i as usize]);

    let norm = normalize(text);
    check_normalized(&norm, n16, &boundary)?;
    let again = normalize(&norm.text);
    if again.text != norm.text {
        return Err(format!(
            "normalize is not idempotent: {:?} -> {:?}",
            clip(&norm.text),
            clip(&again.text)
        ));
    }

    let findings = engine.check(text);
    let mut prev = 0u32;
    for (k, f) in findings.iter().enumerate() {
        let (s, e) = (f.start, f.end);
        if s >= e || e > n16 {
            return Err(format!("{}: span {s}..{e} outside 0..{n16}", f.rule));
        }
        if !boundary(s) || !boundary(e) {
            return Err(format!("{}: span {s}..{e} splits a surrogate pair", f.rule));
        }
        let slice = String::from_utf16(&units[s as usize..e as usize])
            .map_err(|_| format!("{}: span {s}..{e} is not valid UTF-16", f.rule))?;
        if slice != f.text {
            return Err(format!(
                "{}: text {:?} is not the span {s}..{e} {:?}",
                f.rule, f.text, slice
            ));
        }
        let first: String = slice.chars().take(1).collect();
        if normalize(&first).text.is_empty() {
            return Err(format!(
                "{}: span {s}..{e} starts on {first:?}, which is not part of a word",
                f.rule
            ));
        }
        if s < prev {
            return Err(format!("findings are not sorted by start at {}", f.rule));
        }
        prev = s;
        // Checking the span alone fires the same rule (bounded work on huge inputs).
        if k < 200
            && !engine.check(&slice).iter().any(|g| g.rule == f.rule)
            && !engine
                .check(&format!("#{slice}"))
                .iter()
                .any(|g| g.rule == f.rule)
            && !joined_in_context(&norm.text, &slice)
            && !fires_in_enclosing_token(engine, text, &units, s, e, &f.rule)
            && !fires_as_arabizi(engine, &slice, &f.rule)
        {
            return Err(format!(
                "{}: span {s}..{e} {:?} does not fire the rule on its own",
                f.rule,
                clip(&slice)
            ));
        }
    }
    let second: Vec<Finding> = engine.check(text);
    if second != findings {
        return Err("two checks of the same text differ".into());
    }
    Ok(Outcome {
        findings: findings.len(),
    })
}

/// A span with Latin words fires the rule among Arabizi words: Arabizi matching is gated on the words
/// around a word (letter-digit spellings, Arabizi function words), which may lie outside the span.
/// "3aa" is a strong signal with one consonant class, too short to match any term.
fn fires_as_arabizi(engine: &Engine, span: &str, rule: &str) -> bool {
    span.bytes().any(|b| b.is_ascii_alphabetic())
        && engine
            .check(&format!("3aa 3aa ana el {span}"))
            .iter()
            .any(|g| g.rule == rule)
}

/// The source token around the span (out to whitespace), as it is or as a hashtag, fires the
/// rule: normalization decides some things per whitespace-delimited token — whether a word with
/// Cyrillic/Greek look-alikes is folded (and so whether its CamelCase is split) depends on every
/// letter of the token, including letters outside the span.
fn fires_in_enclosing_token(
    engine: &Engine,
    text: &str,
    units: &[u16],
    s: u32,
    e: u32,
    rule: &str,
) -> bool {
    let is_space = |u: u16| char::from_u32(u32::from(u)).is_some_and(char::is_whitespace);
    let (mut a, mut b) = (s as usize, e as usize);
    while a > 0 && !is_space(units[a - 1]) {
        a -= 1;
    }
    while b < units.len() && !is_space(units[b]) {
        b += 1;
    }
    if (a, b) == (s as usize, e as usize) {
        return false;
    }
    let Ok(token) = String::from_utf16(&units[a..b]) else {
        return false;
    };
    debug_assert!(text.contains(&token));
    [token.clone(), format!("#{token}")]
        .iter()
        .any(|t| engine.check(t).iter().any(|g| g.rule == rule))
}

/// The span's own normalized letters appear, in order and contiguous, in the text's: the span
/// lost its rule only because spaced-out letters are joined according to their neighbours
/// ("ي M_-_Y" joins three one-letter tokens in the post; "M_-_Y" alone has two).
fn joined_in_context(norm_text: &str, span: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
    let inner = strip(&normalize(span).text);
    !inner.is_empty() && strip(norm_text).contains(&inner)
}

fn check_normalized(
    norm: &Normalized,
    n16: u32,
    boundary: &dyn Fn(u32) -> bool,
) -> Result<(), String> {
    let t = &norm.text;
    let n = t.len();
    if norm.src_start.len() != n || norm.src_end.len() != n {
        return Err(format!(
            "source map has {}/{} entries for {n} bytes",
            norm.src_start.len(),
            norm.src_end.len()
        ));
    }
    if t.starts_with(' ') || t.ends_with(' ') || t.contains("  ") {
        return Err(format!("bad spacing in {:?}", clip(t)));
    }
    let (mut ps, mut pe) = (0u32, 0u32);
    for (i, c) in t.char_indices() {
        if !(c == ' ' || c.is_alphanumeric()) {
            return Err(format!("{c:?} (U+{:04X}) in normalized text", c as u32));
        }
        if !c.to_lowercase().eq(std::iter::once(c)) {
            return Err(format!("uppercase {c:?} in normalized text"));
        }
        let (s, e) = (norm.src_start[i], norm.src_end[i]);
        for j in i..i + c.len_utf8() {
            if norm.src_start[j] != s || norm.src_end[j] != e {
                return Err(format!("bytes of {c:?} at {i} have different ranges"));
            }
        }
        if s >= e || e > n16 {
            return Err(format!("{c:?} at {i} maps to {s}..{e}, outside 0..{n16}"));
        }
        if !boundary(s) || !boundary(e) {
            return Err(format!(
                "{c:?} at {i} maps to {s}..{e}, inside a surrogate pair"
            ));
        }
        if s < ps || e < pe {
            return Err(format!(
                "{c:?} at {i} maps to {s}..{e}, before the previous {ps}..{pe}"
            ));
        }
        (ps, pe) = (s, e);
    }
    Ok(())
}

/// At most 200 chars of `s`, for messages.
pub fn clip(s: &str) -> String {
    let mut c: String = s.chars().take(200).collect();
    if c.len() < s.len() {
        c.push('…');
    }
    c
}
