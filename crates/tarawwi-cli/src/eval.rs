//! `tarawwi eval`: per-category precision / recall / F1, macro-F1 and the clean false-positive rate
//! on a labelled JSONL corpus.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::collections::BTreeSet;
use tarawwi_engine::{Category, Engine};

#[derive(serde::Deserialize)]
struct Labelled {
    id: serde_json::Value,
    text: String,
    labels: Vec<String>,
}

#[derive(Serialize, Default, Clone)]
struct CategoryScore {
    category: String,
    support: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

#[derive(Serialize)]
struct Report {
    posts: usize,
    clean_posts: usize,
    clean_flagged: usize,
    clean_fp_rate: f64,
    macro_f1: f64,
    categories: Vec<CategoryScore>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn run(engine: &Engine, file: &str, json: bool, show_errors: bool) -> Result<i32> {
    let src = std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?;
    let mut scores: Vec<CategoryScore> = Category::ALL
        .iter()
        .map(|c| CategoryScore {
            category: c.as_str().to_string(),
            ..Default::default()
        })
        .collect();
    let (mut posts, mut clean, mut clean_flagged) = (0, 0, 0);
    let mut errors = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let post: Labelled = serde_json::from_str(line)
            .with_context(|| format!("{file}:{}: invalid line", n + 1))?;
        let mut gold = BTreeSet::new();
        for l in &post.labels {
            match Category::parse(l) {
                Some(c) => {
                    gold.insert(c);
                }
                None => bail!("{file}:{}: unknown label '{l}'", n + 1),
            }
        }
        let findings = engine.check(&post.text);
        let predicted: BTreeSet<Category> = findings.iter().map(|f| f.category).collect();
        posts += 1;
        if gold.is_empty() {
            clean += 1;
            if !predicted.is_empty() {
                clean_flagged += 1;
            }
        }
        for (i, c) in Category::ALL.iter().enumerate() {
            let s = &mut scores[i];
            match (gold.contains(c), predicted.contains(c)) {
                (true, true) => s.tp += 1,
                (false, true) => s.fp += 1,
                (true, false) => s.fn_ += 1,
                (false, false) => {}
            }
            if gold.contains(c) {
                s.support += 1;
            }
        }
        if gold != predicted {
            let rules: Vec<String> = findings
                .iter()
                .map(|f| format!("{}«{}»", f.rule, f.text))
                .collect();
            errors.push(format!(
                "{} gold={:?} got={:?} {}\n    {}",
                post.id,
                gold.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                predicted.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                rules.join(" "),
                post.text
            ));
        }
    }
    let mut f1s = Vec::new();
    for s in &mut scores {
        s.precision = ratio(s.tp, s.tp + s.fp);
        s.recall = ratio(s.tp, s.tp + s.fn_);
        s.f1 = if s.precision + s.recall == 0.0 {
            0.0
        } else {
            2.0 * s.precision * s.recall / (s.precision + s.recall)
        };
        if s.support > 0 || s.fp > 0 {
            f1s.push(s.f1);
        }
    }
    let report = Report {
        posts,
        clean_posts: clean,
        clean_flagged,
        clean_fp_rate: ratio(clean_flagged, clean),
        macro_f1: if f1s.is_empty() {
            0.0
        } else {
            f1s.iter().sum::<f64>() / f1s.len() as f64
        },
        categories: scores,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{:<18} {:>7} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
            "category", "support", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for s in &report.categories {
            println!(
                "{:<18} {:>7} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}",
                s.category, s.support, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
            );
        }
        println!(
            "posts {}  clean {}  clean flagged {}",
            report.posts, report.clean_posts, report.clean_flagged
        );
        println!("macro-F1 {:.3}", report.macro_f1);
        println!("clean false-positive rate {:.3}", report.clean_fp_rate);
    }
    if show_errors {
        eprintln!(
            "{} posts where predicted categories differ from the labels:",
            errors.len()
        );
        for e in &errors {
            eprintln!("{e}");
        }
    }
    Ok(0)
}
