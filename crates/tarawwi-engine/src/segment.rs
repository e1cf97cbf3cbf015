//! Glued Arabic hashtags ("#المديرحراميوفاشل"): a hashtag's Arabic letters are split into words
//! by the packs' own vocabulary, so the ordinary whole-word matcher (clitics, windows, `unless`)
//! sees "المدير حرامي وفاشل".
//!
//! The vocabulary is every Arabic word of every term (the article stripped, as in the automaton).
//! A run of Arabic letters inside a hashtag is segmented by a small dynamic programme:
//!
//! - a **known** segment is a vocabulary word of ≥ 3 letters, with an optional clitic prefix and
//!   an optional pronoun or plural suffix (the matcher's own lists and length guards: a
//!   one-letter prefix only before a word of ≥ 4 letters);
//! - a two-letter vocabulary word (من, لا, يا) may stand as a segment of its own;
//! - anything else is an **unknown** segment of ≥ 3 letters (a word the packs do not know).
//!
//! The segmentation covering the most letters with known words wins, with a bonus for two
//! neighbouring segments that are neighbouring words of a pack term (then the fewest segments).
//! Guards against short terms hidden in longer words: unknown segments are never shorter than 3
//! letters, two unknown segments never follow each other, and a known word of only 3 letters
//! needs a known neighbour or an end of the run on at least one side (so "وزير" does not become
//! "و زير", and a 3-letter term is not cut out of the middle of an unknown word).
//!
//! Spaces are inserted only into the normalized copy; each takes the source range of the letter
//! after it, so spans stay inside the hashtag and on the source's own characters. Cost: nothing
//! unless the post has `#` (one byte scan), then only the hashtags' own letters are visited; a
//! run is at most [`MAX_RUN`] letters.

use crate::matcher::{AR_PLURALS, AR_PREFIXES, AR_PRONOUNS};
use crate::normalize::{is_arabic, Normalized};
use std::collections::HashSet;

/// Longest run of Arabic letters (in chars) that is segmented; longer runs are left alone.
const MAX_RUN: usize = 64;
/// Shortest run worth segmenting (two words of ≥ 3 letters, or 2 + 3).
const MIN_RUN: usize = 5;

/// The words segments are made of.
#[derive(Clone, Default)]
pub(crate) struct Vocab {
    words: HashSet<Box<str>>,
    /// Neighbouring words of multi-word terms ("كتاب سري"), to prefer the segmentation that
    /// makes a pack phrase ("كتابسريمن" → كتاب سري من, not كتاب سر يمن).
    pairs: HashSet<Box<str>>,
    /// Longest word, in chars.
    max_chars: usize,
}

impl Vocab {
    /// Adds every Arabic word of a normalized pattern (the article stripped).
    pub fn add_pattern(&mut self, pattern: &str) {
        let mut prev: Option<&str> = None;
        for w in pattern.split(' ') {
            if w.is_empty() || !w.chars().all(is_arabic) {
                prev = None;
                continue;
            }
            let w = match w.strip_prefix("ال") {
                Some(rest) if rest.chars().count() >= 3 => rest,
                _ => w,
            };
            let n = w.chars().count();
            if n >= 2 && !self.words.contains(w) {
                self.max_chars = self.max_chars.max(n);
                self.words.insert(w.into());
            }
            if let Some(p) = prev {
                let pair = format!("{p} {w}");
                if !self.pairs.contains(pair.as_str()) {
                    self.pairs.insert(pair.into());
                }
            }
            prev = Some(w);
        }
    }

    fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }
}

/// Does `src` contain `#` or `＃`? (The only case where [`split_hashtags`] can do anything.)
///
/// `＃` is EF BC 83 in UTF-8, and most posts have no EF byte at all: `str::contains('＃')` is a
/// substring search, which has no SIMD fast path in WASM (5 % of a short check there), so it runs
/// only when there is an EF byte (a byte search, fast everywhere).
pub(crate) fn has_hash(src: &str) -> bool {
    let b = src.as_bytes();
    b.contains(&b'#') || (b.contains(&0xEF) && src.contains('＃'))
}

/// UTF-16 ranges of the hashtags' bodies: from after `#` to the next whitespace.
fn hashtag_ranges(src: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut pos = 0u32;
    let mut open: Option<u32> = None;
    for c in src.chars() {
        let len = c.len_utf16() as u32;
        if c == '#' || c == '＃' {
            if let Some(s) = open.take() {
                out.push((s, pos));
            }
            open = Some(pos + len);
        } else if c.is_whitespace() {
            if let Some(s) = open.take() {
                out.push((s, pos));
            }
        }
        pos += len;
    }
    if let Some(s) = open {
        out.push((s, pos));
    }
    out.retain(|(s, e)| s < e);
    out
}

/// Splits the glued Arabic words of every hashtag in `norm` (the normalized copy of `src`).
pub(crate) fn split_hashtags(src: &str, norm: &mut Normalized, vocab: &Vocab) {
    // Normalized Arabic letters all lie in U+0600–U+06FF (lead bytes D8–DB): none, nothing to do.
    if !norm.text.bytes().any(|b| matches!(b, 0xD8..=0xDB)) {
        return;
    }
    let tags = hashtag_ranges(src);
    if tags.is_empty() || vocab.words.is_empty() {
        return;
    }
    let text = norm.text.as_str();
    let mut cuts: Vec<usize> = Vec::new();
    for &(ts, te) in &tags {
        // The normalized bytes that come from this hashtag (the source map is monotone, and all
        // bytes of one char share its source start, so both ends are char boundaries).
        let lo = norm.src_start.partition_point(|&x| x < ts);
        let hi = lo + norm.src_start[lo..].partition_point(|&x| x < te);
        let mut i = lo;
        while i < hi {
            let c = text[i..].chars().next().expect("in bounds");
            if !is_arabic(c) {
                i += c.len_utf8();
                continue;
            }
            let run_end = text[i..hi]
                .char_indices()
                .find(|(_, c)| !is_arabic(*c))
                .map_or(hi, |(k, _)| i + k);
            segment(&text[i..run_end], vocab, |k| cuts.push(i + k));
            i = run_end;
        }
    }
    if cuts.is_empty() {
        return;
    }
    insert_spaces(norm, &cuts);
}

/// Inserts a space before each byte offset of `cuts` (ascending, inside words).
fn insert_spaces(norm: &mut Normalized, cuts: &[usize]) {
    let n = norm.text.len() + cuts.len();
    let mut text = String::with_capacity(n);
    let mut start = Vec::with_capacity(n);
    let mut end = Vec::with_capacity(n);
    let mut prev = 0;
    for &k in cuts.iter().chain(std::iter::once(&norm.text.len())) {
        text.push_str(&norm.text[prev..k]);
        start.extend_from_slice(&norm.src_start[prev..k]);
        end.extend_from_slice(&norm.src_end[prev..k]);
        if k < norm.text.len() {
            text.push(' ');
            start.push(norm.src_start[k]);
            end.push(norm.src_end[k]);
        }
        prev = k;
    }
    norm.text = text;
    norm.src_start = start;
    norm.src_end = end;
}

/// After which kind of segment the programme stands.
/// Score of two neighbouring segments that are two neighbouring words of a pack term.
const PAIR_BONUS: u32 = 2;

const AFTER_UNKNOWN: usize = 0;
const AFTER_KNOWN: usize = 1;
/// After a 3-letter known word whose left neighbour is unknown: the next must be known.
const AFTER_WEAK: usize = 2;

#[derive(Clone, Copy)]
struct Best {
    /// Letters covered by known words, plus [`PAIR_BONUS`] for each pack phrase.
    known: u32,
    /// Char range of the last segment's word (known or two-letter), for the phrase bonus.
    stem: Option<(usize, usize)>,
    segments: u32,
    /// (previous position, previous state).
    back: (usize, usize),
}

fn better(a: &Best, b: &Option<Best>) -> bool {
    match b {
        None => true,
        Some(b) => {
            (a.known, std::cmp::Reverse(a.segments)) > (b.known, std::cmp::Reverse(b.segments))
        }
    }
}

/// Segments one run of Arabic letters; calls `cut` with the byte offset (within `run`) of every
/// segment start after the first. Nothing when the best segmentation is the run itself.
fn segment(run: &str, vocab: &Vocab, mut cut: impl FnMut(usize)) {
    let off: Vec<usize> = run
        .char_indices()
        .map(|(k, _)| k)
        .chain(std::iter::once(run.len()))
        .collect();
    let n = off.len() - 1;
    if !(MIN_RUN..=MAX_RUN).contains(&n) {
        return;
    }
    let sub = |a: usize, b: usize| &run[off[a]..off[b]];
    // Known segments by start: (end, letters of the word, where the word starts).
    let mut known: Vec<Vec<(usize, u32, usize)>> = vec![Vec::new(); n + 1];
    // Two-letter vocabulary words by start.
    let mut short: Vec<bool> = vec![false; n + 1];
    for a in 0..n {
        if a + 2 <= n && vocab.contains(sub(a, a + 2)) {
            short[a] = true;
        }
        for len in 3..=vocab.max_chars.min(n - a) {
            let b = a + len;
            if !vocab.contains(sub(a, b)) {
                continue;
            }
            let prefixes = std::iter::once("").chain(AR_PREFIXES.iter().copied());
            for p in prefixes {
                let pl = p.chars().count();
                if pl > a || sub(a - pl, a) != p || (pl == 1 && len < 4) {
                    continue;
                }
                let suffixes = std::iter::once("")
                    .chain(AR_PRONOUNS.iter().copied())
                    .chain(AR_PLURALS.iter().copied());
                for s in suffixes {
                    let sl = s.chars().count();
                    if b + sl > n || sub(b, b + sl) != s {
                        continue;
                    }
                    known[a - pl].push((b + sl, len as u32, a));
                }
            }
        }
    }
    let mut best: Vec<[Option<Best>; 3]> = vec![[None; 3]; n + 1];
    best[0][AFTER_KNOWN] = Some(Best {
        known: 0,
        stem: None,
        segments: 0,
        back: (0, 0),
    });
    let mut pair = String::new();
    for i in 0..n {
        for st in 0..3 {
            let Some(cur) = best[i][st] else { continue };
            let mut relax = |j: usize, next: usize, add: u32, stem: Option<(usize, usize)>| {
                let mut bonus = 0;
                if let (Some((pa, pb)), Some((ca, cb))) = (cur.stem, stem) {
                    pair.clear();
                    pair.push_str(sub(pa, pb));
                    pair.push(' ');
                    pair.push_str(sub(ca, cb));
                    if vocab.pairs.contains(pair.as_str()) {
                        bonus = PAIR_BONUS;
                    }
                }
                let cand = Best {
                    known: cur.known + add + bonus,
                    stem,
                    segments: cur.segments + 1,
                    back: (i, st),
                };
                if better(&cand, &best[j][next]) {
                    best[j][next] = Some(cand);
                }
            };
            if st != AFTER_UNKNOWN && st != AFTER_WEAK {
                for j in i + 3..=n {
                    relax(j, AFTER_UNKNOWN, 0, None);
                }
            }
            if short[i] {
                relax(i + 2, AFTER_KNOWN, 0, Some((i, i + 2)));
            }
            for &(j, len, a) in &known[i] {
                let next = if len == 3 && st == AFTER_UNKNOWN {
                    AFTER_WEAK
                } else {
                    AFTER_KNOWN
                };
                relax(j, next, len, Some((a, a + len as usize)));
            }
        }
    }
    // A weak word at the end of the run has the run's end as its neighbour.
    let Some((mut st, fin)) = (0..3).filter_map(|st| best[n][st].map(|b| (st, b))).fold(
        None,
        |acc: Option<(usize, Best)>, (st, b)| match acc {
            Some((_, a)) if !better(&b, &Some(a)) => acc,
            _ => Some((st, b)),
        },
    ) else {
        return;
    };
    if fin.known == 0 || fin.segments <= 1 {
        return;
    }
    let mut starts = Vec::new();
    let mut i = n;
    while i > 0 {
        let b = best[i][st].expect("on the best path");
        (i, st) = b.back;
        if i > 0 {
            starts.push(off[i]);
        }
    }
    for &k in starts.iter().rev() {
        cut(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// `has_hash` is `contains('#') || contains('＃')`, also next to chars that share bytes with
    /// `＃` (EF BC 83).
    #[test]
    fn has_hash_finds_both_signs() {
        for s in [
            "",
            "#",
            "a#b",
            "＃",
            "x＃y",
            "\u{FF02}",
            "\u{FF04}",
            "ｃ",
            "\u{FC83}",
            "\u{EFBC}",
            "abc",
            "كلب#",
            "كلب",
            "\u{FFFF}＃",
            "😀",
        ] {
            assert_eq!(has_hash(s), s.contains('#') || s.contains('＃'), "{s:?}");
        }
    }

    fn vocab(words: &[&str]) -> Vocab {
        let mut v = Vocab::default();
        for w in words {
            v.add_pattern(&normalize(w).text);
        }
        v
    }

    fn seg(run: &str, v: &Vocab) -> String {
        let run = normalize(run).text;
        let mut cuts = Vec::new();
        segment(&run, v, |k| cuts.push(k));
        let mut out = String::new();
        let mut prev = 0;
        for k in cuts.into_iter().chain(std::iter::once(run.len())) {
            if prev > 0 {
                out.push(' ');
            }
            out.push_str(&run[prev..k]);
            prev = k;
        }
        out
    }

    #[test]
    fn glued_words_are_split_by_the_vocabulary() {
        let v = vocab(&[
            "المدير",
            "حرامي*",
            "فاشل*",
            "كلب",
            "حمار",
            "انت",
            "مهزلة",
            "من",
        ]);
        assert_eq!(seg("المديرحراميوفاشل", &v), "المدير حرامي وفاشل");
        assert_eq!(seg("انتكلبوحمار", &v), "انت كلب وحمار");
        // An unknown word of ≥ 3 letters may stand between known ones.
        assert_eq!(seg("صارتمهزلة", &v), "صارت مهزله");
        // Clitic prefixes and pronoun/plural suffixes stay on their word.
        assert_eq!(seg("للمديرحرامية", &v), "للمدير حراميه");
        assert_eq!(seg("منالمدير", &v), "من المدير");
    }

    #[test]
    fn pack_phrases_break_ties() {
        // سر + يمن and سري + من cover as many letters; "كتاب سري" is a pack phrase.
        let v = vocab(&["كتاب سري", "سر", "اليمن", "من"]);
        assert_eq!(seg("كتابسريمن", &v), "كتاب سري من");
    }

    #[test]
    fn short_terms_inside_longer_words_are_not_cut_out() {
        let v = vocab(&["زير", "كلب", "حمار", "سري"]);
        // و + a 3-letter word: one-letter prefixes need ≥ 4 letters, and "و" alone is no word.
        assert_eq!(seg("وزير", &v), "وزير");
        assert_eq!(seg("الوزيرالجديد", &v), "الوزيرالجديد");
        // A 3-letter word between two unknown parts stays hidden.
        assert_eq!(seg("مستكلبحسين", &v), "مستكلبحسين");
        // A known word at the end of the run, after an unknown one, is cut out.
        assert_eq!(seg("صارتحمار", &v), "صارت حمار");
        // Nothing known: untouched.
        assert_eq!(seg("مرحبابالاصدقاء", &v), "مرحبابالاصدقاء");
    }

    #[test]
    fn only_hashtags_are_split_and_spans_stay_in_the_source() {
        let v = vocab(&["كلب", "حمار", "انت"]);
        let src = "انتكلبوحمار #انتكلبوحمار";
        let mut norm = normalize(src);
        split_hashtags(src, &mut norm, &v);
        assert_eq!(norm.text, "انتكلبوحمار انت كلب وحمار");
        let at = norm.text.rfind("كلب").expect("split");
        // "#" is UTF-16 12, so "انت" is 13..16 and "كلب" 16..19.
        assert_eq!(norm.source_span(at, at + "كلب".len()), (16, 19));
        assert_eq!(norm.text.len(), norm.src_start.len());
        assert_eq!(norm.text.len(), norm.src_end.len());
    }

    #[test]
    fn hashtag_bodies_end_at_whitespace() {
        assert_eq!(hashtag_ranges("a #bc d ＃ef"), vec![(3, 5), (9, 11)]);
        assert_eq!(hashtag_ranges("# x"), vec![]);
    }
}
