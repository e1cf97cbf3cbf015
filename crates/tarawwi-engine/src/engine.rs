//! The engine: compiles packs into one matcher and evaluates rules (anchors, `near` groups within a
//! word window, `unless` cancellations) over a post, returning findings with UTF-16 spans.

use crate::finding::{Finding, Id};
use crate::matcher::{Hit, Matcher, MatcherBuilder, Role, RuleTerms, TermFlags, MAX_TERM_WORDS};
use crate::normalize::{normalize_into, Normalized};
use crate::pack::{
    parse_pack, Category, ClauseDef, Localized, PackDef, PackError, Severity, BUILTIN_PACKS,
    BUILTIN_PACKS_BIN, BUILTIN_TERMS_BIN, DEFAULT_WINDOW,
};
use crate::segment;
use serde::Serialize;
use std::cell::RefCell;
use std::ops::Range;

/// A loaded pack: its id, version, name and clauses.
#[derive(Debug, Clone, Serialize)]
pub struct PackInfo {
    /// Pack id, e.g. `iq-cassation`.
    pub id: String,
    /// Version string.
    pub version: String,
    /// Display name.
    pub name: Localized,
    /// File the pack came from (or the label it was added under).
    pub file: String,
    /// Where the policy text comes from.
    pub source: Option<String>,
    /// The clauses, in file order.
    pub clauses: Vec<ClauseDef>,
}

/// Everything a UI needs to explain a rule.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Id of the pack that defines it.
    pub pack: String,
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// Clause the rule rests on.
    pub clause: ClauseDef,
    /// Short title.
    pub title: Localized,
    /// Why it risks a breach.
    pub why: Localized,
    /// A safer way to say it.
    pub safer: Localized,
    /// The rule's own positive examples.
    pub should_flag: Vec<String>,
    /// The rule's own negative examples.
    pub should_not_flag: Vec<String>,
}

#[derive(Clone)]
struct CompiledRule {
    info: RuleInfo,
    /// `info.id` and `info.clause.id`, shared by the rule's findings.
    ids: (Id, Id),
    window: u32,
    groups: u16,
}

/// A rule example that did not behave as the pack says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Rule id.
    pub rule: String,
    /// `true` if the example should have been flagged and was not.
    pub should_flag: bool,
    /// The example text.
    pub text: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.should_flag {
            "not flagged (should_flag)"
        } else {
            "flagged (should_not_flag)"
        };
        write!(f, "rule '{}': {what}: {:?}", self.rule, self.text)
    }
}

/// The compiled rule engine. Cheap to query; build once.
#[derive(Clone)]
pub struct Engine {
    packs: Vec<PackInfo>,
    rules: Vec<CompiledRule>,
    matcher: Matcher,
}

/// An engine being put together: packs, rules (each pack's rules in one run, in load order) and
/// the compiled terms, before the automaton is built.
#[derive(Default)]
struct Parts {
    packs: Vec<PackInfo>,
    rules: Vec<CompiledRule>,
    terms: MatcherBuilder,
}

impl Parts {
    /// Appends a validated pack. With `compile_terms` false, its terms are already in `terms`
    /// (the built-in packs, compiled by build.rs).
    fn add(&mut self, file: &str, def: PackDef, compile_terms: bool) -> Result<(), PackError> {
        if self.packs.iter().any(|p| p.id == def.id) {
            return Err(PackError::new(
                file,
                None,
                format!("pack id '{}' is loaded twice", def.id),
            ));
        }
        // The rules are moved out of `def` (no copy of their messages and examples).
        for r in def.rules {
            if self.rules.iter().any(|c| c.info.id == r.id) {
                return Err(PackError::new(
                    file,
                    Some(&r.id),
                    "rule id is already used by another pack",
                ));
            }
            let idx = self.rules.len() as u32;
            if compile_terms {
                let flags = TermFlags {
                    suffixes: r.suffixes,
                    iraqi_variants: r.iraqi_variants,
                };
                let terms = RuleTerms {
                    terms: &r.terms,
                    near: &r.near,
                    unless: &r.unless,
                    unless_anywhere: &r.unless_anywhere,
                };
                self.terms
                    .add_rule(idx, &terms, flags)
                    .map_err(|m| PackError::new(file, Some(&r.id), m))?;
            }
            let clause = def
                .clauses
                .iter()
                .find(|c| c.id == r.clause)
                .cloned()
                .expect("validated");
            let groups = r.near.len() as u16;
            let ids = (Id::from(r.id.as_str()), Id::from(clause.id.as_str()));
            self.rules.push(CompiledRule {
                ids,
                info: RuleInfo {
                    id: r.id,
                    pack: def.id.clone(),
                    category: r.category,
                    severity: r.severity,
                    clause,
                    title: r.title,
                    why: r.why,
                    safer: r.safer,
                    should_flag: r.should_flag,
                    should_not_flag: r.should_not_flag,
                },
                window: r.window.unwrap_or(DEFAULT_WINDOW),
                groups,
            });
        }
        self.packs.push(PackInfo {
            id: def.id,
            version: def.version,
            name: def.name,
            file: file.to_string(),
            source: def.source,
            clauses: def.clauses,
        });
        Ok(())
    }

    /// Removes the pack `id` (if loaded) with its rules and their terms.
    fn remove(&mut self, id: &str) {
        let Some(p) = self.packs.iter().position(|p| p.id == id) else {
            return;
        };
        self.packs.remove(p);
        let start = self.rules.iter().position(|r| r.info.pack == id);
        if let Some(start) = start {
            let n = self.rules[start..]
                .iter()
                .take_while(|r| r.info.pack == id)
                .count();
            self.rules.drain(start..start + n);
            self.terms.remove_rules(start as u32..(start + n) as u32);
        }
    }

    fn build(self) -> Engine {
        let has_near: Vec<bool> = self.rules.iter().map(|r| r.groups > 0).collect();
        Engine {
            matcher: self.terms.build(&has_near),
            packs: self.packs,
            rules: self.rules,
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<(Normalized, Vec<Hit>, SortScratch)> =
        RefCell::new((Normalized::new(), Vec::new(), SortScratch::default()));
}

/// Buffers of [`Engine::sort_hits`], kept between checks.
#[derive(Default)]
struct SortScratch {
    base: Vec<usize>,
    keys: Vec<usize>,
    start: Vec<usize>,
    bounds: Vec<usize>,
    sorted: Vec<Hit>,
    /// Of [`Engine::eval_rule`]: index ranges of the `near` groups (all of a group's hits, and
    /// those near the current anchor), and the spans found.
    groups: Vec<(Range<usize>, Range<usize>)>,
    found: Vec<(usize, usize)>,
    /// Word number of every byte of the normalized text.
    words: Vec<u32>,
    /// Of [`Engine::check_with`]: the automaton's accepted occurrences, and which rules have an
    /// anchor hit.
    occs: Vec<crate::matcher::Occurrence>,
    anchored: Vec<bool>,
}

impl Engine {
    /// The engine with the built-in packs (validated when the crate was built).
    pub fn builtin() -> Engine {
        // Precompiled by build.rs (validated, postcard): no TOML parsing and no term
        // normalization at start-up; the packs come without their terms, which are compiled.
        let defs: Vec<(String, PackDef)> = match postcard::from_bytes(BUILTIN_PACKS_BIN) {
            Ok(d) => d,
            Err(e) => panic!("built-in packs failed to load: {e}"),
        };
        let terms: MatcherBuilder = match postcard::from_bytes(BUILTIN_TERMS_BIN) {
            Ok(mut t) => {
                MatcherBuilder::fill_lengths(&mut t);
                t
            }
            Err(e) => panic!("built-in terms failed to load: {e}"),
        };
        let mut parts = Parts {
            terms,
            ..Parts::default()
        };
        for (file, def) in defs {
            if let Err(e) = parts.add(&file, def, false) {
                // Unreachable: build.rs loads the same packs the same way.
                panic!("built-in pack failed to load: {e}");
            }
        }
        parts.build()
    }

    /// The built-in packs as (file name, TOML text).
    pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
        BUILTIN_PACKS
    }

    /// Builds an engine from packs given as (file name, TOML text).
    pub fn from_packs(sources: &[(&str, &str)]) -> Result<Engine, PackError> {
        let mut defs = Vec::with_capacity(sources.len());
        for (f, s) in sources {
            defs.push((*f, parse_pack(f, s)?));
        }
        let mut parts = Parts::default();
        for (f, def) in defs {
            parts.add(f, def, true)?;
        }
        Ok(parts.build())
    }

    /// Adds (or replaces, by pack id) a pack at run time. On error the engine is unchanged.
    pub fn add_pack(&mut self, file: &str, toml: &str) -> Result<PackInfo, PackError> {
        let def = parse_pack(file, toml)?;
        self.add_pack_def(file, def)
    }

    /// [`Engine::add_pack`] with the pack already parsed (validated here).
    pub fn add_pack_def(&mut self, file: &str, def: PackDef) -> Result<PackInfo, PackError> {
        crate::pack::validate(file, &def)?;
        let id = def.id.clone();
        // The other packs' terms are kept as compiled; only the new pack's are compiled.
        let mut parts = Parts {
            packs: self.packs.clone(),
            rules: self.rules.clone(),
            terms: self.matcher.terms().clone(),
        };
        parts.remove(&id);
        parts.add(file, def, true)?;
        *self = parts.build();
        Ok(self
            .packs
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .expect("pack was just added"))
    }

    /// Validates a pack on its own and against this engine's packs, then runs its examples.
    /// Returns the failures of its examples (empty when it is good).
    pub fn lint_pack(&self, file: &str, toml: &str) -> Result<Vec<ExampleFailure>, PackError> {
        self.lint_pack_def(file, parse_pack(file, toml)?)
    }

    /// [`Engine::lint_pack`] with the pack already parsed.
    pub fn lint_pack_def(
        &self,
        file: &str,
        def: PackDef,
    ) -> Result<Vec<ExampleFailure>, PackError> {
        let mut engine = self.clone();
        engine.add_pack_def(file, def.clone())?;
        let ids: Vec<&str> = def.rules.iter().map(|r| r.id.as_str()).collect();
        Ok(engine
            .run_examples()
            .into_iter()
            .filter(|f| ids.contains(&f.rule.as_str()))
            .collect())
    }

    /// The loaded packs.
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    /// Every rule, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| &r.info)
    }

    /// Messages and metadata of one rule.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().map(|r| &r.info).find(|r| r.id == id)
    }

    /// Checks a post. Never panics; findings are sorted by start, then by severity (highest first).
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let spans = self.check_spans(text);
        if spans.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Finding> = spans
            .into_iter()
            .map(|(rule, start, end)| {
                let CompiledRule { info, ids, .. } = &self.rules[rule as usize];
                Finding {
                    rule: ids.0.clone(),
                    category: info.category,
                    severity: info.severity,
                    clause: ids.1.clone(),
                    start,
                    end,
                    text: String::new(),
                }
            })
            .collect();
        fill_texts(text, &mut out);
        out
    }

    /// [`Engine::check`] without the strings: `(rule, start, end)` per finding, in the same
    /// order, where `rule` is the rule's index in [`Engine::rules`] and the span is in UTF-16
    /// code units of `text` (for callers that slice the texts themselves, like the WASM facade).
    #[doc(hidden)]
    pub fn check_spans(&self, text: &str) -> Vec<(u32, u32, u32)> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let (norm, hits, sc) = &mut *scratch;
                self.check_with(text, norm, hits, sc)
            }
            Err(_) => self.check_with(
                text,
                &mut Normalized::new(),
                &mut Vec::new(),
                &mut SortScratch::default(),
            ),
        })
    }

    /// Same compiled terms (patterns, and how each matches for which rule) as `other`.
    #[cfg(test)]
    pub(crate) fn same_terms(&self, other: &Engine) -> bool {
        self.matcher.same_terms(&other.matcher)
    }

    /// Benchmark hook, not API: the normalized patterns the matcher's automaton is built from
    /// (every term of every rule and its variants, deduplicated), for baselines that need the
    /// same term list.
    #[doc(hidden)]
    pub fn normalized_terms(&self) -> Vec<String> {
        self.matcher.patterns().to_vec()
    }

    /// Benchmark hook, not API: runs only the term matcher (automaton + word-boundary and clitic
    /// checks) over an already-normalized text; returns the number of accepted occurrences.
    #[doc(hidden)]
    pub fn match_normalized(&self, normalized: &str) -> usize {
        let mut hits = Vec::new();
        self.matcher.find(normalized, &mut hits);
        hits.len()
    }

    /// Test hook: the number of Arabizi term occurrences in `text` (before rule evaluation).
    #[cfg(test)]
    pub(crate) fn arabizi_hits(&self, text: &str) -> usize {
        let norm = crate::normalize::normalize(text);
        let mut hits = Vec::new();
        self.matcher.find_arabizi(&norm.text, &mut hits);
        hits.len()
    }

    fn check_with(
        &self,
        text: &str,
        norm: &mut Normalized,
        hits: &mut Vec<Hit>,
        sc: &mut SortScratch,
    ) -> Vec<(u32, u32, u32)> {
        normalize_into(text, norm);
        if segment::has_hash(text) {
            segment::split_hashtags(text, norm, self.matcher.vocab());
        }
        // A rule fires only at its anchors: the other hits of a rule without any anchor hit
        // cannot produce a finding (most `near`/`unless` terms are common words shared by many
        // rules), so they are not made at all (occurrences first, hits after), and the Arabizi
        // ones are dropped before the sort, the word spans and the evaluation.
        let anchored = &mut sc.anchored;
        anchored.clear();
        anchored.resize(self.rules.len(), false);
        self.matcher
            .occurrences(&norm.text, &mut sc.occs, |r| anchored[r as usize] = true);
        hits.clear();
        let arabizi = self.matcher.find_arabizi(&norm.text, hits);
        for h in hits.iter() {
            if h.role == Role::Anchor {
                anchored[h.rule as usize] = true;
            }
        }
        hits.retain(|h| anchored[h.rule as usize]);
        // (Their order does not matter: the sort below is by all of a hit's fields.)
        self.matcher.hits(&sc.occs, |r| anchored[r as usize], hits);
        if hits.is_empty() {
            return Vec::new();
        }
        self.sort_hits(hits, sc);
        hits.dedup_by_key(|h| hit_key(h));
        word_numbers(&norm.text, arabizi, &mut sc.words);
        // Word span of every hit, once (the rule evaluation looks them up many times).
        let words = &sc.words;
        let spans: Vec<(usize, usize)> = hits
            .iter()
            .map(|h| (words[h.start] as usize, words[h.end - 1] as usize))
            .collect();

        let mut found: Vec<(u32, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < hits.len() {
            let rule = hits[i].rule;
            let j = i + hits[i..].iter().take_while(|h| h.rule == rule).count();
            self.eval_rule(rule, &hits[i..j], &spans[i..j], &mut found, sc);
            i = j;
        }
        self.to_spans(norm, found)
    }

    /// Sorts hits by (rule, role, start, end). Many hits: a counting sort into one bucket per
    /// (rule, role), then each bucket by position — the automaton reports matches in text order,
    /// so buckets are nearly sorted already and the stable sort runs in about linear time.
    fn sort_hits(&self, hits: &mut Vec<Hit>, sc: &mut SortScratch) {
        if hits.len() < 32 {
            hits.sort_unstable_by_key(hit_key);
            return;
        }
        // Bucket of (rule, role): rule r owns buckets base[r] .. base[r] + groups + 3.
        sc.base.clear();
        let mut n = 0usize;
        for r in &self.rules {
            sc.base.push(n);
            n += r.groups as usize + 3;
        }
        let base = &sc.base;
        let bucket = |h: &Hit| {
            let groups = self.rules[h.rule as usize].groups as usize;
            base[h.rule as usize]
                + match h.role {
                    Role::Anchor => 0,
                    Role::Near(g) => 1 + g as usize, // g < groups: one group per `near`
                    Role::Unless => groups + 1,
                    Role::UnlessAnywhere => groups + 2,
                }
        };
        sc.keys.clear();
        sc.keys.extend(hits.iter().map(bucket));
        sc.start.clear();
        sc.start.resize(n + 1, 0);
        let start = &mut sc.start;
        for &b in &sc.keys {
            start[b + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        sc.bounds.clear();
        sc.bounds.extend_from_slice(start);
        sc.sorted.clear();
        sc.sorted.resize(
            hits.len(),
            Hit {
                rule: 0,
                role: Role::Anchor,
                start: 0,
                end: 0,
            },
        );
        for (h, &b) in hits.iter().zip(&sc.keys) {
            sc.sorted[start[b]] = *h;
            start[b] += 1;
        }
        for w in sc.bounds.windows(2) {
            if w[1] - w[0] > 1 {
                // One bucket holds one (rule, role): hits with equal (start, end) are equal, so
                // an unstable sort gives the same order (and no second copy of merge-sort code);
                // by the whole key, so the few-hits sort above is the same code.
                sc.sorted[w[0]..w[1]].sort_unstable_by_key(hit_key);
            }
        }
        std::mem::swap(hits, &mut sc.sorted);
    }

    /// Evaluates one rule over its hits (sorted by role, start, end) and their word spans.
    fn eval_rule(
        &self,
        rule: u32,
        hits: &[Hit],
        spans: &[(usize, usize)],
        out: &mut Vec<(u32, usize, usize)>,
        sc: &mut SortScratch,
    ) {
        let cr = &self.rules[rule as usize];
        // `hits` is sorted by (role, start, end): the index range of one role.
        let role_range = |role: Role| -> Range<usize> {
            let lo = hits.partition_point(|h| h.role < role);
            let hi = hits.partition_point(|h| h.role <= role);
            lo..hi
        };
        if !role_range(Role::UnlessAnywhere).is_empty() {
            return;
        }
        let window = cr.window as usize;
        // Hits of `range` whose first word may lie within `window` of the word span `(w0, w1)`.
        let nearby = |range: &Range<usize>, (w0, w1): (usize, usize)| -> Range<usize> {
            let sl = &spans[range.clone()];
            let from = w0.saturating_sub(window + MAX_TERM_WORDS);
            let lo = sl.partition_point(|s| s.0 < from);
            let hi = sl.partition_point(|s| s.0 <= w1 + window);
            range.start + lo..range.start + hi.max(lo)
        };
        // Each group's hits that may lie within `window` of the anchor, as a range that only moves
        // forward: anchors come in text order, so the word an anchor starts at never decreases,
        // and the range ends past every earlier anchor's last word too (a hit taken in only for
        // that is farther than `window` from this anchor, and is filtered out below).
        let groups = &mut sc.groups;
        groups.clear();
        groups.extend((0..cr.groups).map(|g| {
            let r = role_range(Role::Near(g));
            (r.clone(), r.start..r.start)
        }));
        let unless = role_range(Role::Unless);
        let found = &mut sc.found;
        found.clear();
        let mut reach = 0;
        for ai in role_range(Role::Anchor) {
            let anchor = &hits[ai];
            let a = spans[ai];
            let (mut s, mut e) = (anchor.start, anchor.end);
            let (mut w0, mut w1) = a;
            reach = reach.max(a.1);
            let from = a.0.saturating_sub(window + MAX_TERM_WORDS);
            let mut ok = true;
            for (group, near) in groups.iter_mut() {
                while near.start < group.end && spans[near.start].0 < from {
                    near.start += 1;
                }
                near.end = near.end.max(near.start);
                while near.end < group.end && spans[near.end].0 <= reach + window {
                    near.end += 1;
                }
                let best = near
                    .clone()
                    .map(|k| (distance(a, spans[k]), k))
                    .filter(|(d, _)| *d <= window)
                    .min_by_key(|(d, _)| *d);
                match best {
                    Some((_, k)) => {
                        let (hw0, hw1) = spans[k];
                        s = s.min(hits[k].start);
                        e = e.max(hits[k].end);
                        w0 = w0.min(hw0);
                        w1 = w1.max(hw1);
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let cancelled =
                nearby(&unless, (w0, w1)).any(|k| distance((w0, w1), spans[k]) <= window);
            if !cancelled {
                found.push((s, e));
            }
        }
        // Merge overlapping spans of the same rule.
        found.sort_unstable();
        let first = out.len();
        for &(s, e) in found.iter() {
            match out[first..].last_mut() {
                Some(last) if s < last.2 => last.2 = last.2.max(e),
                _ => out.push((rule, s, e)),
            }
        }
    }

    /// Findings as `(rule, start, end)` in UTF-16 units of the source, sorted by start, then
    /// severity (highest first), then end, then rule (`spans` comes in rule order, so this is the
    /// order a stable sort would give; an unstable one pulls in less code).
    fn to_spans(&self, norm: &Normalized, spans: Vec<(u32, usize, usize)>) -> Vec<(u32, u32, u32)> {
        let mut out: Vec<(u32, u32, u32)> = spans
            .into_iter()
            .map(|(rule, s, e)| {
                let (start, end) = norm.source_span(s, e);
                (rule, start, end)
            })
            .collect();
        let severity = |r: u32| self.rules[r as usize].info.severity;
        out.sort_unstable_by(|a, b| {
            a.1.cmp(&b.1)
                .then(severity(b.0).cmp(&severity(a.0)))
                .then(a.2.cmp(&b.2))
                .then(a.0.cmp(&b.0))
        });
        out
    }

    /// Runs every rule's `should_flag` / `should_not_flag` examples; returns the failures.
    pub fn run_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for r in self.rules() {
            for t in &r.should_flag {
                if !self.check(t).iter().any(|f| f.rule == r.id) {
                    failures.push(ExampleFailure {
                        rule: r.id.clone(),
                        should_flag: true,
                        text: t.clone(),
                    });
                }
            }
            for t in &r.should_not_flag {
                if self.check(t).iter().any(|f| f.rule == r.id) {
                    failures.push(ExampleFailure {
                        rule: r.id.clone(),
                        should_flag: false,
                        text: t.clone(),
                    });
                }
            }
        }
        failures
    }
}

/// Sort key of a hit: (rule, role, start, end) with the role as one integer in `Role`'s order
/// (cheaper to compare than the enum).
fn hit_key(h: &Hit) -> (u64, usize, usize) {
    let role: u64 = match h.role {
        Role::Anchor => 0,
        Role::Near(g) => 1 + g as u64,
        Role::Unless => 1 << 17,
        Role::UnlessAnywhere => (1 << 17) + 1,
    };
    (((h.rule as u64) << 32) | role, h.start, h.end)
}

/// Word distance between two word spans (0 when they overlap or touch).
fn distance(a: (usize, usize), b: (usize, usize)) -> usize {
    if b.0 > a.1 {
        b.0 - a.1
    } else {
        a.0.saturating_sub(b.1)
    }
}

/// Word number of every byte of the normalized text (words are separated by single spaces; a
/// space belongs to the word before it), into `out`. `arabizi`: the text has Arabizi hits, so a
/// standalone Arabizi clitic ("el", "w", "bil") counts as part of the next word, as it is
/// written glued in Arabic (the rule windows then measure the same distances in both scripts).
fn word_numbers(text: &str, arabizi: bool, out: &mut Vec<u32>) {
    out.clear();
    out.reserve(text.len());
    let mut w = 0u32;
    if arabizi {
        let mut ws = 0;
        for (i, b) in text.bytes().enumerate() {
            out.push(w);
            if b == b' ' {
                if !crate::arabizi::is_clitic_word(&text[ws..i]) {
                    w += 1;
                }
                ws = i + 1;
            }
        }
        return;
    }
    out.extend(text.bytes().map(|b| {
        let here = w;
        w += u32::from(b == b' ');
        here
    }));
}

/// UTF-16 units of the chars that start in 8 bytes of UTF-8 (little-endian): one per byte that
/// is not a continuation byte (`10xxxxxx`), and one more per 4-byte lead (`11110xxx`).
pub(crate) fn utf16_units(x: u64) -> u32 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte, and its bits 6, 5 and 4 shifted onto bit 7 of the same byte.
    let continuation = x & !(x << 1) & HIGH;
    let four = x & (x << 1) & (x << 2) & (x << 3) & HIGH;
    8 - continuation.count_ones() + four.count_ones()
}

/// Fills `Finding::text` from UTF-16 spans in one pass over the source.
fn fill_texts(text: &str, findings: &mut [Finding]) {
    let mut bounds: Vec<u32> = findings.iter().flat_map(|f| [f.start, f.end]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut map: Vec<(u32, usize)> = Vec::with_capacity(bounds.len());
    // UTF-16 position of each char from its UTF-8 bytes: every byte but a continuation byte
    // starts a char, and a 4-byte char (lead byte ≥ 0xF0) is two UTF-16 units. The text is read
    // 8 bytes at a time: a block whose chars all start before the next bound is counted at once,
    // the others byte by byte. Bounds past the last char map to `text.len()` below.
    let bytes = text.as_bytes();
    let mut u16pos = 0u32;
    let mut k = 0;
    let mut byte = 0;
    while k < bounds.len() && byte < bytes.len() {
        let block = &bytes[byte..(byte + 8).min(bytes.len())];
        if let Ok(b8) = <[u8; 8]>::try_from(block) {
            let units = utf16_units(u64::from_le_bytes(b8));
            if bounds[k] >= u16pos + units {
                u16pos += units;
                byte += 8;
                continue;
            }
        }
        for (i, &b) in block.iter().enumerate() {
            if (b as i8) >= -0x40 {
                // Not a continuation byte (0x80..=0xBF): a char starts here.
                while k < bounds.len() && bounds[k] <= u16pos {
                    map.push((bounds[k], byte + i));
                    k += 1;
                }
                u16pos += 1 + u32::from(b >= 0xF0);
            }
        }
        byte += block.len();
    }
    let byte_of = |u: u32| {
        map.binary_search_by_key(&u, |m| m.0)
            .map(|i| map[i].1)
            .unwrap_or(text.len())
    };
    for f in findings {
        let (s, e) = (byte_of(f.start), byte_of(f.end));
        f.text = text.get(s..e).unwrap_or_default().to_string();
    }
}
