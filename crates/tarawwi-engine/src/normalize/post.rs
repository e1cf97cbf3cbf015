//! The in-place post-pass (spec §0 step 6): re-join spaced-out letters and collapse letter
//! repeats, keeping the per-byte source map in step. Each step is one O(n) read/write sweep that
//! moves the kept bytes down in bulk; nothing is allocated. Steps that cannot change anything
//! (per the [`Hints`] gathered by the first pass) are skipped, so ordinary prose costs one
//! byte-replace sweep.
//!
//! Order, and why it makes `normalize` idempotent:
//! 1. [`join`] runs of ≥ 3 one-letter tokens linked by [`SOFT`] separators (the source had ≤ 3
//!    characters from `space . - _ * · • | / + ~` between them): "c.l.a.s.s" → "class".
//! 2. Turn [`HARD`] separators into plain spaces, then [`collapse`] runs of ≥ 3 identical
//!    letters ("baaad" → "bad").
//! 3. [`join`] again: any run of ≥ 3 one-letter tokens still left ("a, b, c", or "aaa b c" after
//!    step 2) is joined, then collapsed. Normalized text has only single spaces, which are soft
//!    separators, so such a run would be joined by the next `normalize`; joining it now is the
//!    only way to make the output a fixed point.
//!
//! After step 3 the text has no run of ≥ 3 identical letters and no run of ≥ 3 one-letter
//! tokens, which is all a second `normalize` could change here.

use super::{char_len, decode, Parts, HARD, PUNCT, SOFT};

/// What the first pass saw, so steps with nothing to do are skipped.
#[derive(Default, Clone, Copy)]
pub(super) struct Hints {
    /// Three one-char words in a row somewhere: [`join`] may have work.
    pub singles: bool,
    /// The same word char three times in a row somewhere: [`collapse`] may have work.
    pub repeats: bool,
    /// A [`HARD`] or [`PUNCT`] separator was written.
    pub hard: bool,
}

/// Runs the post-pass steps that `hints` say may change something.
pub(super) fn run(p: &mut Parts, hints: Hints) {
    // Joining can make repeats ("a a a" → "aaa").
    let joined = hints.singles && join(p);
    if hints.hard {
        // Branch-free, so it vectorizes.
        for b in p.text.iter_mut() {
            *b = if *b == HARD || *b == PUNCT { SOFT } else { *b };
        }
    }
    if hints.repeats || joined {
        collapse(p);
    }
    // Collapsing can leave one-letter words ("aaa b c" → "a b c"), so step 3 runs after it too.
    if (hints.singles || hints.repeats) && join(p) {
        collapse(p);
    }
}

#[inline]
fn is_sep(b: u8) -> bool {
    b == SOFT || b == HARD || b == PUNCT
}

/// Is the normalized char at byte `i` a letter (not a digit)? Arabic-block chars in normalized
/// text are always letters (digits were folded to ASCII), which skips std's slow table lookup.
#[inline]
fn is_letter_at(t: &[u8], i: usize) -> bool {
    match t[i] {
        b @ 0x00..=0x7F => b.is_ascii_alphabetic(),
        0xD8..=0xDB => true,
        _ => decode(t, i).0.is_alphabetic(),
    }
}

/// Moves `len` bytes (and their source ranges) from `r` down to `w` (`w <= r`).
#[inline]
fn shift(p: &mut Parts, r: usize, w: usize, len: usize) {
    if r != w && len > 0 {
        if len <= 4 {
            // One char (the join moves letters one at a time): in place, without three calls
            // to memmove. Copying upwards is safe as `w < r`.
            for k in 0..len {
                p.text[w + k] = p.text[r + k];
                p.start[w + k] = p.start[r + k];
                p.end[w + k] = p.end[r + k];
            }
            return;
        }
        p.text.copy_within(r..r + len, w);
        p.start.copy_within(r..r + len, w);
        p.end.copy_within(r..r + len, w);
    }
}

fn truncate(p: &mut Parts, n: usize) {
    p.text.truncate(n);
    p.start.truncate(n);
    p.end.truncate(n);
}

/// The run of one-letter tokens linked by [`SOFT`] or [`PUNCT`] that starts at token start
/// `r`: how many tokens, the byte just after its last letter, and whether it has links of both
/// kinds (then its [`SOFT`] links are word gaps). `(0, r, _)` if the token at `r` is longer or
/// is not a letter.
fn one_letter_run(t: &[u8], r: usize) -> (usize, usize, bool) {
    let n = t.len();
    let (mut count, mut end, mut i) = (0, r, r);
    let (mut soft, mut punct) = (false, false);
    loop {
        let after = i + char_len(t[i]);
        if (after < n && !is_sep(t[after])) || !is_letter_at(t, i) {
            return (count, end, soft && punct);
        }
        count += 1;
        end = after;
        if after + 1 < n && (t[after] == SOFT || t[after] == PUNCT) {
            soft |= t[after] == SOFT;
            punct |= t[after] == PUNCT;
            i = after + 1;
        } else {
            return (count, end, soft && punct);
        }
    }
}

/// Removes the separators inside every run of ≥ 3 one-letter tokens linked by [`SOFT`] or
/// [`PUNCT`]; in a run with links of both kinds only the [`PUNCT`] ones ("T.h.e m.i.n.i.s.t.e.r"
/// → "the minister"). A run of two is joined too when a joined run is its neighbour. Each joined
/// letter keeps its own source range, so a match over the joined word covers the dots between
/// the letters. Returns whether anything was joined.
pub(super) fn join(p: &mut Parts) -> bool {
    let n = p.text.len();
    // Bytes [seg, r) are kept as they are and not moved yet; w is where they go.
    let (mut r, mut w, mut seg, mut joined) = (0, 0, 0, false);
    // Read position just after the last run joined (a two-letter run next to one is joined too);
    // `None` before the first, so a run at the start of the text has no joined neighbour before it.
    let mut last_end: Option<usize> = None;
    while r < n {
        if is_sep(p.text[r]) {
            r += 1;
            continue;
        }
        let (count, end, mixed) = one_letter_run(&p.text, r);
        // "M y   d e p a r t m e n t   i s": a two-letter word among spaced-out words (the word
        // gaps are wider than the letter gaps, so each word is its own run).
        let pair = count == 2
            && (last_end.is_some_and(|e| e + 1 == r)
                || (end + 1 < n && is_sep(p.text[end]) && one_letter_run(&p.text, end + 1).0 >= 3));
        if count >= 3 || pair {
            shift(p, seg, w, r - seg);
            w += r - seg;
            while r < end {
                let b = p.text[r];
                if b == PUNCT || (b == SOFT && !mixed) {
                    r += 1;
                    continue;
                }
                let l = char_len(p.text[r]);
                shift(p, r, w, l);
                r += l;
                w += l;
            }
            seg = r;
            last_end = Some(end);
            joined = true;
        } else if count > 0 {
            // 1–2 one-letter tokens: no part of this run can be joined.
            r = end;
        } else {
            r = p.text[r..]
                .iter()
                .position(|&b| is_sep(b))
                .map_or(n, |k| r + k);
        }
    }
    shift(p, seg, w, n - seg);
    truncate(p, w + n - seg);
    joined
}

/// Collapses every run of ≥ 3 identical letters to one letter whose source range covers the
/// whole run.
pub(super) fn collapse(p: &mut Parts) {
    let n = p.text.len();
    // Bytes [seg, r) are kept as they are and not moved yet; w is where they go.
    let (mut r, mut w, mut seg) = (0, 0, 0);
    while r < n {
        let b = p.text[r];
        let l = char_len(b);
        let t = &p.text;
        let run3 = r + 3 * l <= n
            && t[r + l] == b
            && t[r + 2 * l] == b
            && t[r..r + l] == t[r + l..r + 2 * l]
            && t[r..r + l] == t[r + 2 * l..r + 3 * l]
            && is_letter_at(t, r);
        if !run3 {
            r += l;
            continue;
        }
        let mut r2 = r + 3 * l;
        while r2 + l <= n && t[r2..r2 + l] == t[r..r + l] {
            r2 += l;
        }
        let (s, e) = (p.start[r], p.end[r2 - 1]);
        shift(p, seg, w, r + l - seg);
        w += r + l - seg;
        p.start[w - l..w].fill(s);
        p.end[w - l..w].fill(e);
        r = r2;
        seg = r;
    }
    shift(p, seg, w, n - seg);
    truncate(p, w + n - seg);
}
