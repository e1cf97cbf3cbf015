//! Evasion recall: the same violations rewritten with diacritics, tatweel, zero-width characters,
//! spaced or dotted letters, look-alike letters, Arabic-Indic digits, hashtags, Arabizi…
//! (`tests/evasion/cases.jsonl`, made by `tests/evasion/generate.py`).
//!
//! A case is detected when the engine reports a finding of the case's category (the category
//! its plain form is flagged for). Prints recall per technique; run with `--nocapture` to see
//! the table and the misses:
//!
//! ```sh
//! cargo test -p tarawwi-engine --test evasion -- --nocapture
//! ```

use std::collections::BTreeMap;
use tarawwi_engine::Engine;

const CASES: &str = include_str!("../../../tests/evasion/cases.jsonl");

/// Overall recall over every technique (the plain forms excluded). The target was 0.95; the
/// engine reaches 0.994 (519 of 522) since glued hashtags are segmented and Arabizi is matched by
/// consonant skeleton, so this guards against regressions.
const MIN_OVERALL: f64 = 0.98;
/// Recall of each technique, except those listed in [`FLOORS`] (the lowest today is `repeats`,
/// 0.964: stretched double letters).
const MIN_TECHNIQUE: f64 = 0.95;
/// Techniques with an honest lower floor, and why (see SECURITY.md, "Evasion").
const FLOORS: &[(&str, f64, &str)] = &[(
    "arabizi",
    0.90,
    "28 of 28 today, but only two spellings per base: skeleton classes are coarse and the gate \
     needs Arabizi signals nearby, so other spellings may miss",
)];

struct Case {
    id: String,
    technique: String,
    text: String,
    category: String,
}

fn cases() -> Vec<Case> {
    CASES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid JSON line");
            let s = |k: &str| {
                v[k].as_str()
                    .unwrap_or_else(|| panic!("{k} in {l}"))
                    .to_string()
            };
            Case {
                id: s("id"),
                technique: s("technique"),
                text: s("text"),
                category: s("category"),
            }
        })
        .collect()
}

#[derive(Default)]
struct Score {
    total: usize,
    hit: usize,
    misses: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hit as f64 / self.total as f64
        }
    }
}

#[test]
fn evasion_recall_per_technique() {
    let engine = Engine::builtin();
    let cases = cases();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let mut by: BTreeMap<String, Score> = BTreeMap::new();
    let mut overall = Score::default();
    for c in &cases {
        let detected = engine
            .check(&c.text)
            .iter()
            .any(|f| f.category.as_str() == c.category);
        let s = by.entry(c.technique.clone()).or_default();
        s.total += 1;
        if detected {
            s.hit += 1;
        } else {
            s.misses.push(format!("{}: {:?}", c.id, c.text));
        }
        if c.technique != "plain" {
            overall.total += 1;
            overall.hit += usize::from(detected);
        }
    }

    println!("\nevasion recall ({} cases)", cases.len());
    println!(
        "{:<22} {:>6} {:>6} {:>8}",
        "technique", "cases", "found", "recall"
    );
    for (t, s) in &by {
        println!(
            "{t:<22} {:>6} {:>6} {:>7.1}%",
            s.total,
            s.hit,
            100.0 * s.recall()
        );
    }
    println!(
        "{:<22} {:>6} {:>6} {:>7.1}%",
        "overall (not plain)",
        overall.total,
        overall.hit,
        100.0 * overall.recall()
    );
    for (t, s) in &by {
        for m in &s.misses {
            println!("  miss [{t}] {m}");
        }
    }

    let plain = &by["plain"];
    assert_eq!(
        plain.hit, plain.total,
        "every base must be flagged in plain form: {:?}",
        plain.misses
    );
    assert!(
        overall.recall() >= MIN_OVERALL,
        "overall recall {:.3} < {MIN_OVERALL}",
        overall.recall()
    );
    for (t, s) in &by {
        let min = FLOORS
            .iter()
            .find(|(name, _, _)| name == t)
            .map_or(MIN_TECHNIQUE, |(_, floor, _)| *floor);
        assert!(
            s.recall() >= min,
            "{t}: recall {:.3} < {min}; misses: {:#?}",
            s.recall(),
            s.misses
        );
    }
}

/// Techniques the suite must keep covering (a generator change must not drop one).
#[test]
fn every_technique_is_covered() {
    let cases = cases();
    for t in [
        "plain",
        "diacritics",
        "tatweel",
        "zero-width",
        "spaced-letters",
        "dotted-letters",
        "lookalikes",
        "arabic-indic-digits",
        "hashtags",
        "arabizi",
    ] {
        let n = cases.iter().filter(|c| c.technique == t).count();
        assert!(n >= 10, "technique {t} has only {n} cases");
    }
    let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate case ids");
}
