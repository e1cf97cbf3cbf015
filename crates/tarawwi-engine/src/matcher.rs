//! The term matcher: one Aho-Corasick automaton over every term of every pack, run on the
//! normalized text, plus the word-boundary and Arabic clitic checks that decide whether a raw
//! occurrence counts (see `shared/docs/arabic-matching.md` §2).
//!
//! This file is also compiled into `build.rs` (via `#[path]`, with `normalize/`), which compiles
//! the built-in packs' terms ahead of time: start-up then only builds the automaton.

use crate::arabizi;
use crate::normalize::{is_arabic, normalize};
use crate::segment::Vocab;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Input, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Longest term, in words (bounds the windowed search for context terms).
pub(crate) const MAX_TERM_WORDS: usize = 16;

/// What a term does inside its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Role {
    /// The rule fires at this term.
    Anchor,
    /// Context group `n`: must be near an anchor.
    Near(u16),
    /// Cancels a finding within the window.
    Unless,
    /// Cancels every finding of the rule.
    UnlessAnywhere,
}

/// How one pattern string may match, for one (rule, role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "PackedMeta", from = "PackedMeta")]
pub(crate) struct Meta {
    pub rule: u32,
    pub role: Role,
    /// First char of the pattern is Arabic: clitic prefixes are allowed (with guards).
    pub arabic_first: bool,
    /// Last char of the pattern is Arabic: pronoun suffixes are allowed (with guards).
    pub arabic_last: bool,
    /// Letters in the pattern's first word (after stripping the article).
    pub first_len: u8,
    /// Letters in the pattern's last word.
    pub last_len: u8,
    /// `*`: any continuation of the last word.
    pub wildcard: bool,
    /// A stem-change variant (ة→ت, ى→ا) that only exists before a suffix.
    pub requires_suffix: bool,
    /// The rule opted into plural/inflection suffixes.
    pub suffixes: bool,
}

/// [`Meta`] as serialized: the flags in one byte, and without the word lengths, which
/// [`MatcherBuilder::fill_lengths`] takes from the pattern (this keeps the precompiled built-in
/// terms about as small as the terms themselves).
#[derive(Clone, Copy, Serialize, Deserialize)]
struct PackedMeta {
    rule: u32,
    role: Role,
    flags: u8,
}

const ARABIC_FIRST: u8 = 1;
const ARABIC_LAST: u8 = 2;
const WILDCARD: u8 = 4;
const REQUIRES_SUFFIX: u8 = 8;
const SUFFIXES: u8 = 16;

impl From<Meta> for PackedMeta {
    fn from(m: Meta) -> Self {
        let bit = |b: bool, f: u8| if b { f } else { 0 };
        PackedMeta {
            rule: m.rule,
            role: m.role,
            flags: bit(m.arabic_first, ARABIC_FIRST)
                | bit(m.arabic_last, ARABIC_LAST)
                | bit(m.wildcard, WILDCARD)
                | bit(m.requires_suffix, REQUIRES_SUFFIX)
                | bit(m.suffixes, SUFFIXES),
        }
    }
}

impl From<PackedMeta> for Meta {
    fn from(p: PackedMeta) -> Self {
        Meta {
            rule: p.rule,
            role: p.role,
            arabic_first: p.flags & ARABIC_FIRST != 0,
            arabic_last: p.flags & ARABIC_LAST != 0,
            first_len: 0,
            last_len: 0,
            wildcard: p.flags & WILDCARD != 0,
            requires_suffix: p.flags & REQUIRES_SUFFIX != 0,
            suffixes: p.flags & SUFFIXES != 0,
        }
    }
}

/// Letters in the first and in the last word of a pattern (at most 255).
/// One pass over the bytes (chars are counted as the bytes that do not continue one): it runs
/// for every built-in pattern at start-up.
fn word_lens(p: &str) -> (u8, u8) {
    let b = p.as_bytes();
    let len = |w: &[u8]| w.iter().filter(|&&x| (x as i8) >= -0x40).count().min(255) as u8;
    let first = b.iter().position(|&x| x == b' ').unwrap_or(b.len());
    let last = b.iter().rposition(|&x| x == b' ').map_or(0, |i| i + 1);
    (len(&b[..first]), len(&b[last..]))
}

/// Options of a rule that affect how its terms compile.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TermFlags {
    pub suffixes: bool,
    pub iraqi_variants: bool,
}

/// An accepted occurrence: byte range of the whole word(s) in the normalized text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub rule: u32,
    pub role: Role,
    pub start: usize,
    pub end: usize,
}

/// Collects patterns while packs compile, then builds the automaton.
#[derive(Default, Clone, Serialize, Deserialize)]
pub(crate) struct MatcherBuilder {
    /// Pattern → its index in `patterns`; rebuilt when needed (not serialized).
    #[serde(skip)]
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    metas: Vec<Vec<Meta>>,
}

/// The terms of one rule, by role.
pub(crate) struct RuleTerms<'a> {
    pub terms: &'a [String],
    pub near: &'a [Vec<String>],
    pub unless: &'a [String],
    pub unless_anywhere: &'a [String],
}

/// The compiled matcher.
#[derive(Clone)]
pub(crate) struct Matcher {
    /// The automaton: aho-corasick's contiguous NFA, the kind its `AhoCorasick` picks for this
    /// many patterns, used directly so that only its overlapping search is compiled in (the
    /// `AhoCorasick` wrapper brings every search of all three automaton kinds into the `.wasm`).
    ac: Arc<NFA>,
    /// The automaton's patterns (by pattern id) and their metas.
    terms: MatcherBuilder,
    /// Arabic words of the patterns, for splitting glued hashtags; built on first need (only
    /// texts with a `#` need it), which keeps it out of start-up.
    vocab: OnceLock<Vocab>,
    /// Arabic patterns by consonant skeleton, for Arabizi; built on first need (only texts with
    /// Latin letters and an Arabizi sign need it).
    arabizi: OnceLock<arabizi::Index>,
    /// `has_near[r]`: rule `r` has `near` groups (for the Arabizi index).
    has_near: Vec<bool>,
}

pub(crate) const AR_PREFIXES: &[&str] = &[
    "و", "ف", "ب", "ك", "ل", "ال", "وال", "بال", "كال", "فال", "لل", "ولل", "فلل", "وبال", "فبال",
    "هال", "عال", "وب", "ول", "فب", "فل", "وك", "فك",
];
pub(crate) const AR_PRONOUNS: &[&str] = &[
    "ه", "ها", "هم", "هن", "هما", "كم", "كن", "نا", "ي", "ك", "ج", "چ", "يه", "ني",
];
pub(crate) const AR_PLURALS: &[&str] = &[
    "ات", "ون", "ين", "ان", "ية", "يه", "يين", "يون", "اتنا", "اتهم", "اتها", "اته",
];
const EN_SUFFIXES: &[&str] = &[
    "s", "es", "ed", "ing", "er", "ers", "d", "ly", "ment", "ments",
];

fn strip_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => word,
    }
}

impl MatcherBuilder {
    /// Compiles every term of rule number `rule`, in a fixed order (anchors, `near` groups,
    /// `unless`, `unless_anywhere`). On error, returns the message; terms already added stay.
    pub fn add_rule(&mut self, rule: u32, t: &RuleTerms, flags: TermFlags) -> Result<(), String> {
        if t.near.len() > u16::MAX as usize {
            return Err("too many near groups".into());
        }
        for term in t.terms {
            self.add_term(term, rule, Role::Anchor, flags)?;
        }
        for (g, group) in t.near.iter().enumerate() {
            for term in group {
                self.add_term(term, rule, Role::Near(g as u16), flags)?;
            }
        }
        for term in t.unless {
            self.add_term(term, rule, Role::Unless, flags)?;
        }
        for term in t.unless_anywhere {
            self.add_term(term, rule, Role::UnlessAnywhere, flags)?;
        }
        Ok(())
    }

    /// Sets the word lengths of every meta from its pattern (they are not serialized).
    pub fn fill_lengths(&mut self) {
        for (p, metas) in self.patterns.iter().zip(&mut self.metas) {
            let (first_len, last_len) = word_lens(p);
            for m in metas {
                (m.first_len, m.last_len) = (first_len, last_len);
            }
        }
    }

    /// Forgets the terms of rules `rules` and renumbers the rules after them (a pack is being
    /// replaced). Their patterns stay in the list with no meta left, so they never produce a hit.
    pub fn remove_rules(&mut self, rules: std::ops::Range<u32>) {
        let n = rules.end - rules.start;
        for metas in &mut self.metas {
            metas.retain(|m| !rules.contains(&m.rule));
            for m in metas.iter_mut() {
                if m.rule >= rules.end {
                    m.rule -= n;
                }
            }
        }
    }

    /// Compiles one term of one rule. Returns an error message if the term normalizes to nothing.
    pub fn add_term(
        &mut self,
        raw: &str,
        rule: u32,
        role: Role,
        flags: TermFlags,
    ) -> Result<(), String> {
        let trimmed = raw.trim();
        let wildcard = trimmed.ends_with('*');
        let body = trimmed.trim_end_matches('*').trim();
        let norm = normalize(body).text;
        if norm.is_empty() {
            return Err(format!("term '{raw}' has no letters or digits"));
        }
        let words: Vec<&str> = norm.split(' ').collect();
        if words.len() > MAX_TERM_WORDS {
            return Err(format!("term '{raw}' has more than {MAX_TERM_WORDS} words"));
        }
        let first_is_ar = words[0].chars().next().is_some_and(is_arabic);
        let mut first = words[0].to_string();
        if first_is_ar {
            first = strip_article(&first).to_string();
        }
        let mut base_words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        base_words[0] = first;
        let pattern = base_words.join(" ");
        let last_word = base_words.last().unwrap().clone();
        let last_is_ar = last_word.chars().last().is_some_and(is_arabic);

        let meta = |p: &str, requires_suffix: bool| -> Meta {
            let (first_len, last_len) = word_lens(p);
            Meta {
                rule,
                role,
                arabic_first: first_is_ar,
                arabic_last: last_is_ar,
                first_len,
                last_len,
                wildcard,
                requires_suffix,
                suffixes: flags.suffixes,
            }
        };
        let mut variants: Vec<(String, bool)> = vec![(pattern.clone(), false)];
        if last_is_ar && !wildcard {
            let src_last = body.chars().last();
            let stem = pattern.strip_suffix('ه');
            if let (Some(stem), Some('ة' | 'ۃ')) = (stem, src_last) {
                // حكومة → حكومتنا (ت before a pronoun), and with `suffixes`, the plural حكومات.
                variants.push((format!("{stem}ت"), true));
                if flags.suffixes {
                    variants.push((format!("{stem}ات"), false));
                }
            }
            if let (Some(stem), Some('ى')) = (pattern.strip_suffix('ي'), src_last) {
                variants.push((format!("{stem}ا"), true));
            }
        }
        if flags.iraqi_variants {
            let extra: Vec<(String, bool)> = variants
                .iter()
                .flat_map(|(p, r)| {
                    let g = p.replace('ق', "گ");
                    let ch = p.replace('ك', "چ");
                    let both = g.replace('ك', "چ");
                    [(g, *r), (ch, *r), (both, *r)]
                })
                .collect();
            variants.extend(extra);
        }
        if self.index.len() != self.patterns.len() {
            // Deserialized or taken back from a matcher: index the patterns once.
            self.index = (self.patterns.iter().cloned()).zip(0..).collect();
        }
        for (p, requires_suffix) in variants {
            let m = meta(&p, requires_suffix);
            let idx = *self.index.entry(p.clone()).or_insert_with(|| {
                self.patterns.push(p);
                self.metas.push(Vec::new());
                self.patterns.len() - 1
            });
            self.metas[idx].push(m);
        }
        Ok(())
    }

    /// Builds the automaton (the hashtag vocabulary and the Arabizi index are built when first
    /// needed). `has_near[r]`: rule `r` has `near` groups (its anchors never fire alone).
    pub fn build(mut self, has_near: &[bool]) -> Matcher {
        self.index = HashMap::new();
        let ac = NFA::builder()
            .match_kind(MatchKind::Standard)
            // No prefilter: with thousands of patterns none is ever chosen (measured on the
            // built-in packs: the default build ends with none), but the builder still feeds every
            // pattern to its candidates; skipping that is 3–5 % of the build. (A prefilter only
            // skips ahead to candidate positions; it never changes what is found.)
            .prefilter(false)
            .build(&self.patterns)
            .expect("patterns are valid UTF-8 and bounded in size");
        Matcher {
            ac: Arc::new(ac),
            terms: self,
            vocab: OnceLock::new(),
            arabizi: OnceLock::new(),
            has_near: has_near.to_vec(),
        }
    }
}

/// Word class for boundaries: a switch between Arabic and other letters also ends a word.
///
/// Fast paths (same answer as `is_arabic`, tested): the basic Arabic letters, which are most of
/// an Arabic text, and everything below U+0600, which `is_arabic` rejects; only the rest pays
/// for `char::is_alphabetic`.
#[inline]
fn class(c: char) -> u8 {
    match c {
        ' ' => 0,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => 1,
        '\0'..='\u{05FF}' => 2,
        _ if is_arabic(c) => 1,
        _ => 2,
    }
}

fn word_end(text: &str, at: usize) -> usize {
    let Some(last) = text[..at].chars().next_back() else {
        return at;
    };
    let cls = class(last);
    let mut end = at;
    for c in text[at..].chars() {
        if class(c) != cls {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// Byte length of the longest string in `lists`.
const fn max_len(lists: &[&[&str]]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            if lists[i][j].len() > max {
                max = lists[i][j].len();
            }
            j += 1;
        }
        i += 1;
    }
    max
}

/// Longest acceptable clitic prefix, in bytes.
const MAX_PREFIX_BYTES: usize = max_len(&[AR_PREFIXES]);
/// Longest acceptable suffix of a term without `*`, in bytes.
const MAX_SUFFIX_BYTES: usize = max_len(&[AR_PRONOUNS, AR_PLURALS, EN_SUFFIXES]);

/// `word_start(text, at)` if the word starts at most `limit` bytes before `at`; `None` otherwise
/// (no prefix that long is acceptable, so the caller need not know where the word starts).
fn word_start_within(text: &str, at: usize, limit: usize) -> Option<usize> {
    let Some(first) = text[at..].chars().next() else {
        return Some(at);
    };
    let cls = class(first);
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev() {
        if class(c) != cls {
            break;
        }
        if at - i > limit {
            return None;
        }
        start = i;
    }
    Some(start)
}

/// `word_end(text, at)` if the word ends at most `limit` bytes after `at`; `None` otherwise.
fn word_end_within(text: &str, at: usize, limit: usize) -> Option<usize> {
    let Some(last) = text[..at].chars().next_back() else {
        return Some(at);
    };
    let cls = class(last);
    let mut end = at;
    for c in text[at..].chars() {
        if class(c) != cls {
            break;
        }
        end += c.len_utf8();
        if end - at > limit {
            return None;
        }
    }
    Some(end)
}

/// What [`accept_prefix`] needs to know about a clitic prefix, independent of the term (computed
/// once per occurrence, then checked against each of the pattern's metas).
#[derive(Clone, Copy)]
struct Prefix {
    empty: bool,
    /// One of `AR_PREFIXES`.
    listed: bool,
    /// Listed, and more than one char (only asked of listed prefixes).
    long: bool,
}

impl Prefix {
    fn of(prefix: &str) -> Prefix {
        let listed = !prefix.is_empty() && AR_PREFIXES.contains(&prefix);
        Prefix {
            empty: prefix.is_empty(),
            listed,
            long: listed && prefix.chars().nth(1).is_some(),
        }
    }
}

fn accept_prefix(p: Prefix, m: &Meta) -> bool {
    if p.empty {
        return true;
    }
    if !m.arabic_first || m.first_len < 3 || !p.listed {
        return false;
    }
    p.long || m.first_len >= 4
}

/// What [`accept_suffix`] needs to know about a suffix (see [`Prefix`]).
#[derive(Clone, Copy)]
struct Suffix {
    empty: bool,
    pronoun: bool,
    plural: bool,
    english: bool,
}

impl Suffix {
    fn of(suffix: &str) -> Suffix {
        // The English suffixes are ASCII and the Arabic ones are not: look in one kind only.
        let ascii = suffix.as_bytes().first().is_some_and(u8::is_ascii);
        let listed = |list: &[&str], kind: bool| kind && list.contains(&suffix);
        Suffix {
            empty: suffix.is_empty(),
            pronoun: listed(AR_PRONOUNS, !ascii && !suffix.is_empty()),
            plural: listed(AR_PLURALS, !ascii && !suffix.is_empty()),
            english: listed(EN_SUFFIXES, ascii),
        }
    }
}

fn accept_suffix(x: Suffix, m: &Meta) -> bool {
    if x.empty {
        return !m.requires_suffix;
    }
    if m.wildcard {
        return true;
    }
    if m.arabic_last {
        if m.last_len < 3 {
            return false;
        }
        x.pronoun || (m.suffixes && x.plural)
    } else {
        m.suffixes && x.english
    }
}

impl Matcher {
    /// The automaton's patterns (normalized terms and their variants), by pattern id.
    pub fn patterns(&self) -> &[String] {
        &self.terms.patterns
    }

    /// The Arabic words of the patterns (to split glued hashtags), built on the first call.
    pub fn vocab(&self) -> &Vocab {
        self.vocab.get_or_init(|| {
            let mut vocab = Vocab::default();
            for (p, metas) in self.terms.patterns.iter().zip(&self.terms.metas) {
                if metas.iter().any(|m| !m.requires_suffix) {
                    vocab.add_pattern(p);
                }
            }
            vocab
        })
    }

    /// The Arabizi index, built on the first call.
    fn arabizi(&self) -> &arabizi::Index {
        self.arabizi.get_or_init(|| {
            let mut index = arabizi::Index::default();
            let terms = &self.terms;
            for (id, (p, metas)) in terms.patterns.iter().zip(&terms.metas).enumerate() {
                index.add_pattern(id as u32, p, metas, &self.has_near);
            }
            index
        })
    }

    /// Appends the Arabizi occurrences in `text` (normalized) to `out`; see [`arabizi`]. Returns
    /// whether it added any.
    pub fn find_arabizi(&self, text: &str, out: &mut Vec<Hit>) -> bool {
        if !arabizi::worth_searching(text) {
            return false;
        }
        let index = self.arabizi();
        !index.is_empty() && index.search(text, &self.terms.metas, out)
    }

    /// Same patterns with the same metas, in the same order.
    #[cfg(test)]
    pub fn same_terms(&self, other: &Matcher) -> bool {
        self.terms.patterns == other.terms.patterns && self.terms.metas == other.terms.metas
    }

    /// The patterns and metas, to add or remove packs and build again.
    pub fn terms(&self) -> &MatcherBuilder {
        &self.terms
    }

    /// Every accepted occurrence in `text` (normalized), in no particular order.
    pub fn find(&self, text: &str, out: &mut Vec<Hit>) {
        let mut occs = Vec::new();
        self.occurrences(text, &mut occs, |_| {});
        out.clear();
        self.hits(&occs, |_| true, out);
    }

    /// The occurrences of patterns in `text` (normalized) that at least one of their metas
    /// accepts, in the automaton's order; `anchor(rule)` is called for each accepted anchor.
    ///
    /// Linear in the text even for one huge word: a clitic prefix or a fixed suffix is at most a
    /// few letters, so the scans for the word's ends are bounded, except for `*` terms, whose
    /// word end is cached (the automaton reports matches in order of their end).
    pub fn occurrences(&self, text: &str, out: &mut Vec<Occurrence>, mut anchor: impl FnMut(u32)) {
        out.clear();
        // (from, end): `word_end(text, at) == end` for every `at` in `from..=end`.
        let mut end_cache = (usize::MAX, 0);
        let matches = (self.ac.as_ref())
            .try_find_overlapping_iter(Input::new(text))
            .expect("standard semantics and an unanchored search support overlapping matches");
        for mat in matches {
            let (s, e) = (mat.start(), mat.end());
            let metas = &self.terms.metas[mat.pattern().as_usize()];
            let Some(ws) = word_start_within(text, s, MAX_PREFIX_BYTES) else {
                continue;
            };
            let we = match word_end_within(text, e, MAX_SUFFIX_BYTES) {
                Some(we) => we,
                None if metas.iter().any(|m| m.wildcard) => {
                    if !(end_cache.0 <= e && e <= end_cache.1) {
                        end_cache = (e, word_end(text, e));
                    }
                    end_cache.1
                }
                None => continue,
            };
            let (prefix, suffix) = (Prefix::of(&text[ws..s]), Suffix::of(&text[e..we]));
            let mut accepted = false;
            for m in metas {
                if accept_prefix(prefix, m) && accept_suffix(suffix, m) {
                    accepted = true;
                    if m.role == Role::Anchor {
                        anchor(m.rule);
                    }
                }
            }
            if accepted {
                out.push(Occurrence {
                    pattern: mat.pattern().as_u32(),
                    start: ws,
                    end: we,
                    prefix,
                    suffix,
                });
            }
        }
    }

    /// The hits of `occs` for the rules `keep` accepts, in order (occurrence, then meta).
    pub fn hits(&self, occs: &[Occurrence], keep: impl Fn(u32) -> bool, out: &mut Vec<Hit>) {
        for o in occs {
            for m in &self.terms.metas[o.pattern as usize] {
                if keep(m.rule) && accept_prefix(o.prefix, m) && accept_suffix(o.suffix, m) {
                    out.push(Hit {
                        rule: m.rule,
                        role: m.role,
                        start: o.start,
                        end: o.end,
                    });
                }
            }
        }
    }
}

/// An accepted occurrence of a pattern: its whole word span (with any clitic prefix and
/// suffix), and what the metas of the pattern need to know about that prefix and suffix.
#[derive(Clone, Copy)]
pub(crate) struct Occurrence {
    pattern: u32,
    start: usize,
    end: usize,
    prefix: Prefix,
    suffix: Suffix,
}

#[cfg(test)]
mod class_tests {
    use super::*;

    /// `Suffix::of` looks for ASCII suffixes in the English list only, and the others in the
    /// Arabic lists only.
    #[test]
    fn suffix_lists_split_by_ascii() {
        assert!(EN_SUFFIXES.iter().all(|s| s.is_ascii()));
        assert!(AR_PRONOUNS
            .iter()
            .chain(AR_PLURALS)
            .all(|s| !s.as_bytes()[0].is_ascii()));
    }

    /// The fast paths of `class` agree with `is_arabic` on every char.
    #[test]
    fn class_agrees_with_is_arabic() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let want = if c == ' ' {
                0
            } else if is_arabic(c) {
                1
            } else {
                2
            };
            assert_eq!(class(c), want, "{c:?}");
        }
    }
}
