//! Benchmark inputs, shared by the criterion bench (`benches/check.rs`) and `cargo xtask bench`
//! (which writes them to `target/bench/inputs/` for the Node and Chromium benches), so every
//! layer measures the very same strings.
//!
//! Deterministic: a text is a unit repeated (or a token stream cycled) and cut to an exact number
//! of Unicode scalar values.

/// A family of inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Iraqi-dialect Arabic office chatter with one confidential phrase per sentence.
    Arabic,
    /// Plain English, no rule fires.
    English,
    /// Arabic and English mixed in one sentence, with an emoji.
    Mixed,
    /// Evasions: spaced letters, tatweel, invisibles, Cyrillic look-alikes, full-width letters.
    Evasion,
    /// Many near-matches: every few terms of the packs cut short by one letter, or glued inside a
    /// longer word (the automaton matches, the word-boundary/clitic checks reject).
    NearMiss,
    /// Arabic terms with a run of 7 diacritics (and a tatweel) after every letter.
    Diacritics,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 6] = [
        Kind::Arabic,
        Kind::English,
        Kind::Mixed,
        Kind::Evasion,
        Kind::NearMiss,
        Kind::Diacritics,
    ];

    /// Name used in benchmark ids and file names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Arabic => "arabic",
            Kind::English => "english",
            Kind::Mixed => "mixed",
            Kind::Evasion => "evasion",
            Kind::NearMiss => "near-miss",
            Kind::Diacritics => "diacritics",
        }
    }

    /// One-line description for the report.
    #[allow(dead_code)] // used by xtask
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Arabic => "Iraqi-dialect Arabic, one confidential phrase per sentence",
            Kind::English => "plain English, nothing to flag",
            Kind::Mixed => "Arabic + English in one sentence, emoji",
            Kind::Evasion => {
                "adversarial: spaced letters, tatweel, invisibles, Cyrillic and full-width look-alikes"
            }
            Kind::NearMiss => {
                "adversarial: pack terms cut short by a letter or glued inside longer words"
            }
            Kind::Diacritics => {
                "adversarial: Arabic terms with 7 diacritics + tatweel after every letter"
            }
        }
    }
}

/// Text sizes of the per-kind benchmarks, in characters (Unicode scalar values).
pub const SIZES: [usize; 3] = [280, 5_000, 100_000];
/// Text sizes of the scaling curve.
pub const SCALING: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
/// How many different texts of one size the scaling curve checks in turn, and how many characters
/// apart they start in the kind's stream.
pub const WINDOWS: usize = 16;
const WINDOW_STRIDE: usize = 3_001;

const AR: &str = "بيناتنا، هذا كتاب رسمي من الدائرة عن قرار المدير الجديد ومحد يعرف بيه لحد الآن. ";
const EN: &str =
    "Lovely weather in London today; the team met to discuss the new library opening hours. ";
const MIXED: &str =
    "Meeting today مع الفريق about the new schedule، الحمد لله everything went well 😀 ";
const EVASION: &str =
    "ح.ك.و.م.ة سـ͏ـر͏ي للغـــــايــــة сlаssified ｓｅｃｒｅｔ الحُكُومَة l e a k e d ";

/// Harakat (fathatan … sukun) cycled after each Arabic letter of the diacritics input.
const MARKS: [char; 8] = [
    '\u{064B}', '\u{064C}', '\u{064D}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}',
];

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
}

/// The repeating token stream of a kind. `terms` is the engine's normalized term list
/// (`Engine::normalized_terms()`), used by the term-derived kinds.
fn stream(kind: Kind, terms: &[String]) -> Vec<String> {
    match kind {
        Kind::Arabic => vec![AR.to_string()],
        Kind::English => vec![EN.to_string()],
        Kind::Mixed => vec![MIXED.to_string()],
        Kind::Evasion => vec![EVASION.to_string()],
        Kind::NearMiss => {
            let mut out = Vec::new();
            for (i, t) in terms.iter().enumerate().filter(|(i, _)| i % 5 == 0) {
                let n = t.chars().count();
                if n < 4 {
                    continue;
                }
                let arabic = t.chars().next().is_some_and(is_arabic_letter);
                if i % 2 == 0 {
                    // Cut short: the automaton walks deep, then fails.
                    out.push(format!("{} ", t.chars().take(n - 1).collect::<String>()));
                } else if arabic {
                    // Glued inside a longer word: found, then rejected by the clitic check.
                    out.push(format!("ز{t}ززز "));
                } else {
                    out.push(format!("q{t}qx "));
                }
            }
            out
        }
        Kind::Diacritics => {
            let mut out = Vec::new();
            let mut k = 0;
            for t in terms
                .iter()
                .filter(|t| t.chars().next().is_some_and(is_arabic_letter))
            {
                let mut s = String::new();
                for c in t.chars() {
                    s.push(c);
                    if is_arabic_letter(c) {
                        if k % 3 == 0 {
                            s.push('\u{0640}');
                        }
                        for j in 0..7 {
                            s.push(MARKS[(k + j) % MARKS.len()]);
                        }
                        k += 1;
                    }
                }
                s.push_str(" في ");
                out.push(s);
            }
            out
        }
    }
}

/// The tokens in a fixed scattered order (a stride that is coprime with their count), so that
/// a short text is a sample of the whole stream and not just its first terms (the packs list
/// English and Arabic terms in blocks): the mix is the same at every length.
fn scattered(tokens: Vec<String>) -> Vec<String> {
    let n = tokens.len();
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let Some(stride) = [7919, 7927, 7933, 7937]
        .into_iter()
        .find(|&p| n > 0 && gcd(p, n) == 1)
    else {
        return tokens;
    };
    (0..n).map(|j| tokens[(j * stride) % n].clone()).collect()
}

/// A text of exactly `chars` characters of the given kind.
pub fn text(kind: Kind, chars: usize, terms: &[String]) -> String {
    let tokens = scattered(stream(kind, terms));
    assert!(!tokens.is_empty(), "no tokens for {kind:?}");
    let mut s = String::new();
    let mut n = 0;
    'fill: loop {
        for t in &tokens {
            for c in t.chars() {
                if n == chars {
                    break 'fill;
                }
                s.push(c);
                n += 1;
            }
        }
    }
    s
}

/// `WINDOWS` different texts of exactly `chars` characters of the given kind: windows of one
/// longer text, `WINDOW_STRIDE` characters apart. Checking the same short text over and over
/// lets the CPU learn it (its branches and the few automaton states it visits stay hot), which
/// a user's text never gets; taking the windows in turn measures what a fresh text costs.
pub fn windows(kind: Kind, chars: usize, terms: &[String]) -> Vec<String> {
    let source: Vec<char> = text(kind, chars + (WINDOWS - 1) * WINDOW_STRIDE, terms)
        .chars()
        .collect();
    (0..WINDOWS)
        .map(|w| {
            let start = w * WINDOW_STRIDE;
            source[start..start + chars].iter().collect()
        })
        .collect()
}
