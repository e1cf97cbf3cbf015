//! `cargo xtask bench`: performance measurements written to BENCHMARKS.md.
//!
//! One run measures, on the same inputs (`crates/tarawwi-engine/benches/inputs/`, written to
//! `target/bench/inputs/` for the JS side):
//!
//! 1. the native engine with criterion (`normalize`, `match`, `check`, and the raw aho-corasick
//!    floor; plus `check` on 1k … 1M characters for the scaling curve);
//! 2. in Node: the shipped WASM engine against a one-big-RegExp checker (`bench/node/`);
//! 3. WASM against native (from 1 and 2);
//! 4. in Chromium with the built extension on the Lexical and Draft.js fixtures
//!    (`bench/chromium/`);
//! 5. the size of the shipped `.wasm` (raw, gzip) and of `dist/chrome`.
//!
//! Flags: `--quick` (smoke mode: tiny inputs, a few iterations, no Chromium; writes
//! `target/bench/quick/BENCHMARKS.md` and leaves BENCHMARKS.md alone), `--no-browser` (skip 4),
//! `--no-native` (skip 1; reuse `target/bench/criterion/` from an earlier run).
//! Timings are reported, never asserted.

#[allow(dead_code)]
#[path = "../../crates/tarawwi-engine/benches/inputs/mod.rs"]
mod inputs;

use crate::build;
use crate::tools::{self, cargo, root};
use anyhow::{bail, Context, Result};
use inputs::{Kind, SCALING, SIZES};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const STAGES: [&str; 4] = ["normalize", "match", "check", "floor"];

struct Opts {
    browser: bool,
    native: bool,
}

pub fn run(args: &[&str]) -> Result<()> {
    for a in args {
        if !matches!(*a, "--quick" | "--no-browser" | "--no-native") {
            bail!("cargo xtask bench: unknown flag '{a}' (--quick, --no-browser, --no-native)");
        }
    }
    let quick = args.contains(&"--quick");
    let opts = Opts {
        browser: !quick && !args.contains(&"--no-browser"),
        native: !args.contains(&"--no-native"),
    };
    let root = root();
    // Smoke runs keep to their own directory, so they never clobber a full run's results.
    let out_dir = if quick {
        root.join("target/bench/quick")
    } else {
        root.join("target/bench")
    };
    std::fs::create_dir_all(&out_dir)?;
    let criterion_dir = out_dir.join("criterion");

    // 0. The shipped artefacts: target/wasm-pkg and dist/chrome, snapshotted so that a build
    // running meanwhile cannot change what is measured.
    let built = build::run(&[])?;
    let dist = out_dir.join("dist-chrome");
    let pkg = out_dir.join("wasm-pkg");
    for (from, to) in [(&built, &dist), (&root.join("target/wasm-pkg"), &pkg)] {
        let _ = std::fs::remove_dir_all(to);
        copy_dir(from, to)?;
    }

    // Inputs, identical for every layer.
    let engine = tarawwi_engine::Engine::builtin();
    let terms = engine.normalized_terms();
    let inputs_dir = out_dir.join("inputs");
    let _ = std::fs::remove_dir_all(&inputs_dir);
    std::fs::create_dir_all(&inputs_dir)?;
    std::fs::write(
        out_dir.join("terms.json"),
        serde_json::to_string(&terms)? + "\n",
    )?;
    let sizes = pick(&SIZES, quick);
    let scaling = pick(&SCALING, quick);
    for kind in Kind::ALL {
        for &chars in &sizes {
            let text = inputs::text(kind, chars, &terms);
            std::fs::write(
                inputs_dir.join(format!("{}-{chars}.txt", kind.name())),
                text,
            )?;
        }
    }
    let mut findings: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for kind in Kind::ALL {
        for &chars in &sizes {
            let text = inputs::text(kind, chars, &terms);
            findings.insert((kind.name().to_string(), chars), engine.check(&text).len());
        }
    }

    // 1. Native (criterion).
    if opts.native {
        for g in STAGES.iter().chain(&["scaling"]) {
            let _ = std::fs::remove_dir_all(criterion_dir.join(g));
        }
        let (warm, measure) = if quick {
            ("0.05", "0.1")
        } else {
            ("0.5", "1.5")
        };
        let mut cmd = cargo();
        cmd.args([
            "bench",
            "-p",
            "tarawwi-engine",
            "--bench",
            "check",
            "--",
            "--warm-up-time",
            warm,
            "--measurement-time",
            measure,
            "--noplot",
        ]);
        cmd.env("CRITERION_HOME", &criterion_dir);
        if quick {
            cmd.env("TARAWWI_BENCH_QUICK", "1");
            cmd.args(["--sample-size", "10"]);
        }
        tools::run(&mut cmd)?;
    }
    let native = read_criterion(&criterion_dir, &sizes, &scaling);

    // 2 + 3. Node: WASM engine vs RegExp.
    tools::ensure_npm()?;
    let mut node_cmd = Command::new("node");
    node_cmd
        .arg(root.join("bench/node/engine-vs-regexp.mjs"))
        .arg("--pkg")
        .arg(&pkg)
        .arg("--inputs")
        .arg(&inputs_dir);
    if quick {
        node_cmd.arg("--quick");
    }
    let node = run_json(&mut node_cmd).context("Node benchmark")?;
    std::fs::write(
        out_dir.join("node.json"),
        serde_json::to_string_pretty(&node)?,
    )?;

    // 4. Chromium with the extension.
    let chromium = if opts.browser {
        tools::ensure_chromium()?;
        let e2e = root.join("tests/e2e");
        tools::run(
            Command::new("npm")
                .args(["run", "build:fixtures"])
                .current_dir(&e2e),
        )?;
        let mut cmd = Command::new("node");
        // Node 20 has WebSocket (used for the service worker's CDP target) behind a flag.
        if tools::output(Command::new("node").args([
            "-e",
            "process.exit(typeof WebSocket === 'undefined' ? 1 : 0)",
        ]))
        .is_none()
        {
            cmd.arg("--experimental-websocket");
        }
        cmd.arg(root.join("bench/chromium/extension.mjs"))
            .arg("--extension")
            .arg(&dist)
            .arg("--inputs")
            .arg(&inputs_dir);
        match run_json(&mut cmd) {
            Ok(v) => {
                std::fs::write(
                    out_dir.join("chromium.json"),
                    serde_json::to_string_pretty(&v)?,
                )?;
                Some(v)
            }
            Err(e) => {
                eprintln!("xtask bench: the Chromium benchmark failed: {e:#}");
                Some(serde_json::json!({ "error": format!("{e:#}") }))
            }
        }
    } else {
        None
    };

    // 5. Sizes.
    let sizes_info = measure_sizes(&dist)?;

    let report = Report {
        quick,
        sizes: &sizes,
        scaling: &scaling,
        native: &native,
        node: &node,
        chromium: chromium.as_ref(),
        artefacts: &sizes_info,
        findings: &findings,
        terms: terms.len(),
    };
    let md = report.render()?;
    let svg = report.scaling_svg();
    let (md_path, svg_path) = if quick {
        (out_dir.join("BENCHMARKS.md"), out_dir.join("scaling.svg"))
    } else {
        (root.join("BENCHMARKS.md"), root.join("bench/scaling.svg"))
    };
    std::fs::write(&md_path, md)?;
    std::fs::write(&svg_path, svg)?;
    eprintln!(
        "xtask bench: wrote {} and {}",
        md_path.display(),
        svg_path.display()
    );
    Ok(())
}

fn pick(all: &[usize], quick: bool) -> Vec<usize> {
    if quick {
        all[..1].to_vec()
    } else {
        all.to_vec()
    }
}

/// Runs a command whose stdout is one JSON document (stderr passes through).
fn run_json(cmd: &mut Command) -> Result<Value> {
    eprintln!("$ {cmd:?}");
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot start")?;
    if !out.status.success() {
        bail!("failed ({})", out.status);
    }
    serde_json::from_slice(&out.stdout).context("output is not JSON")
}

/// Criterion medians in nanoseconds, by (group, kind, chars).
type Native = BTreeMap<(String, String, usize), f64>;

fn read_criterion(dir: &Path, sizes: &[usize], scaling: &[usize]) -> Native {
    let mut out = Native::new();
    let mut read = |group: &str, kind: &str, chars: usize| {
        let p = dir.join(format!("{group}/{kind}/{chars}/new/estimates.json"));
        let v: Option<f64> = std::fs::read(&p)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| v["median"]["point_estimate"].as_f64());
        if let Some(ns) = v {
            out.insert((group.to_string(), kind.to_string(), chars), ns);
        }
    };
    for kind in Kind::ALL {
        for &chars in sizes {
            for g in STAGES {
                read(g, kind.name(), chars);
            }
        }
        for &chars in scaling {
            read("scaling", kind.name(), chars);
        }
    }
    out
}

struct Artefacts {
    wasm_raw: u64,
    wasm_gzip: u64,
    js_glue_raw: u64,
    dist_raw: u64,
    dist_gzip: u64,
    dist_files: usize,
}

fn gzip_len(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(path)
        .output()
        .context("gzip")?;
    if !out.status.success() {
        bail!("gzip failed on {}", path.display());
    }
    Ok(out.stdout.len() as u64)
}

fn measure_sizes(dist: &Path) -> Result<Artefacts> {
    let wasm = dist.join("extension/wasm/tarawwi_wasm_bg.wasm");
    let glue = dist.join("extension/wasm/tarawwi_wasm.js");
    let mut files = Vec::new();
    walk(dist, &mut files)?;
    let mut dist_raw = 0;
    let mut dist_gzip = 0;
    for f in &files {
        dist_raw += std::fs::metadata(f)?.len();
        dist_gzip += gzip_len(f)?;
    }
    Ok(Artefacts {
        wasm_raw: std::fs::metadata(&wasm)?.len(),
        wasm_gzip: gzip_len(&wasm)?,
        js_glue_raw: std::fs::metadata(&glue)?.len(),
        dist_raw,
        dist_gzip,
        dist_files: files.len(),
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from).with_context(|| format!("{}", from.display()))? {
        let p = e?.path();
        let dest = to.join(p.file_name().unwrap_or_default());
        if p.is_dir() {
            copy_dir(&p, &dest)?;
        } else {
            std::fs::copy(&p, &dest)?;
        }
    }
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

struct Report<'a> {
    quick: bool,
    sizes: &'a [usize],
    scaling: &'a [usize],
    native: &'a Native,
    node: &'a Value,
    chromium: Option<&'a Value>,
    artefacts: &'a Artefacts,
    findings: &'a BTreeMap<(String, usize), usize>,
    terms: usize,
}

/// Formats a duration given in milliseconds with a unit that keeps 3 significant digits.
fn dur(ms: f64) -> String {
    if !ms.is_finite() {
        "–".into()
    } else if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 1.0 {
        format!("{:.3} ms", ms)
    } else {
        format!("{:.2} µs", ms * 1000.0)
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "**met**"
    } else {
        "**not met**"
    }
}

fn cmd_version(cmd: &str, arg: &str) -> String {
    tools::output(Command::new(cmd).arg(arg))
        .map(|s| s.lines().next().unwrap_or("").trim().to_string())
        .unwrap_or_else(|| "?".into())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|k| format!("{:.0} GiB", k / 1024.0 / 1024.0))
        .unwrap_or_else(|| "?".into());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    format!(
        "{cpu}, {cores} cores, {mem} RAM (load average {load} when the report was written); {}; Node {}; {}",
        cmd_version("rustc", "--version"),
        cmd_version("node", "--version"),
        cmd_version(tools::CHROMIUM, "--version")
            .split("built on")
            .next()
            .unwrap_or("")
            .trim()
    )
}

impl Report<'_> {
    /// Native median in ms.
    fn nat(&self, group: &str, kind: &str, chars: usize) -> Option<f64> {
        self.native
            .get(&(group.to_string(), kind.to_string(), chars))
            .map(|ns| ns / 1e6)
    }

    fn node_row(&self, kind: &str, chars: usize) -> Option<&Value> {
        self.node["results"]
            .as_array()?
            .iter()
            .find(|r| r["kind"] == kind && r["chars"].as_u64() == Some(chars as u64))
    }

    fn chromium_num(&self, path: &[&str]) -> Option<f64> {
        let mut v = self.chromium?;
        for p in path {
            v = v.get(p)?;
        }
        v.as_f64()
    }

    fn render(&self) -> Result<String> {
        let mut s = String::new();
        let k = |kind: Kind| kind.name();

        // Aggregates for the target table.
        let mut vs_regexp: Vec<(f64, String)> = Vec::new();
        let mut vs_floor: Vec<(f64, String)> = Vec::new();
        let mut wasm_speed: Vec<(f64, String)> = Vec::new();
        for kind in Kind::ALL {
            for &c in self.sizes {
                let label = format!("{} {c}", k(kind));
                if let (Some(check), Some(floor)) =
                    (self.nat("check", k(kind), c), self.nat("floor", k(kind), c))
                {
                    vs_floor.push((check / floor, label.clone()));
                }
                if let Some(r) = self.node_row(k(kind), c) {
                    let (w, re) = (r["wasmMs"].as_f64(), r["regexpMs"].as_f64());
                    if let (Some(w), Some(re)) = (w, re) {
                        vs_regexp.push((re / w, label.clone()));
                        if let Some(n) = self.nat("check", k(kind), c) {
                            wasm_speed.push((n / w, label.clone()));
                        }
                    }
                }
            }
        }
        let worst = |v: &[(f64, String)], lowest: bool| -> Option<(f64, String)> {
            v.iter()
                .cloned()
                .reduce(|a, b| if (b.0 < a.0) == lowest { b } else { a })
        };
        let geo = |v: &[(f64, String)]| -> f64 {
            (v.iter().map(|x| x.0.ln()).sum::<f64>() / v.len().max(1) as f64).exp()
        };

        writeln!(s, "# Benchmarks\n")?;
        writeln!(
            s,
            "Generated by `cargo xtask bench`{} — do not edit by hand; re-run it. \
             Sources: `crates/tarawwi-engine/benches/` (criterion + inputs), `bench/node/`, \
             `bench/chromium/`, `xtask/src/bench.rs`.\n",
            if self.quick {
                " --quick (smoke mode: tiny inputs, few iterations — not meaningful numbers)"
            } else {
                ""
            }
        )?;
        writeln!(s, "- Machine: {}", machine())?;
        writeln!(
            s,
            "- Engine: built-in packs, {} normalized patterns in the automaton (terms + variants)",
            self.terms
        )?;
        writeln!(
            s,
            "- Native: criterion medians, `--release` (lto, codegen-units=1, opt-level 3). \
             WASM: the shipped `wasm-release` build (opt-level s, wasm-opt -Oz) via wasm-bindgen \
             `--target web`, in Node {} (median of batches ≥ 1 ms).",
            self.node["node"].as_str().unwrap_or("?")
        )?;
        writeln!(
            s,
            "- Sizes are in characters (Unicode scalar values). 1 KB = 1000 bytes.\n"
        )?;

        // Targets.
        writeln!(s, "## Targets\n")?;
        writeln!(s, "| Target | Measured | Verdict |\n|---|---|---|")?;
        if let Some((x, at)) = worst(&vs_regexp, true) {
            writeln!(
                s,
                "| engine (WASM, Node) ≥ 20× faster than the RegExp baseline | worst {x:.1}× ({at}), geometric mean {:.1}× | {} |",
                geo(&vs_regexp),
                verdict(x >= 20.0)
            )?;
        }
        if let Some((x, at)) = worst(&vs_floor, false) {
            writeln!(
                s,
                "| `check` ≤ 3× the raw aho-corasick floor (native) | worst {x:.1}× ({at}), geometric mean {:.1}× | {} |",
                geo(&vs_floor),
                verdict(x <= 3.0)
            )?;
        }
        if let Some((x, at)) = worst(&wasm_speed, true) {
            writeln!(
                s,
                "| WASM ≥ 0.5× native speed (`check`) | worst {x:.2}× ({at}), geometric mean {:.2}× | {} |",
                geo(&wasm_speed),
                verdict(x >= 0.5)
            )?;
        }
        let ch = |p: &[&str]| self.chromium_num(p);
        match self.chromium {
            Some(c) if c.get("error").is_none() => {
                for (site, editor) in [("facebook", "Lexical"), ("x", "Draft.js")] {
                    let label =
                        format!("keystroke → highlight p95 ≤ 8 ms at 5 000 characters ({editor})");
                    match (
                        ch(&[site, "keystroke", "total", "p95"]),
                        ch(&[site, "keystroke", "inputToHighlight", "p95"]),
                    ) {
                        (Some(v), after) => writeln!(
                            s,
                            "| {label} | keydown → highlight set {}; `input` event → highlight set {} | {} (from `input`: {}) |",
                            dur(v),
                            dur(after.unwrap_or(f64::NAN)),
                            verdict(v <= 8.0),
                            verdict(after.is_some_and(|a| a <= 8.0))
                        )?,
                        _ => writeln!(s, "| {label} | not measured (see below) | – |")?,
                    }
                }
                for (site, editor) in [("facebook", "Lexical"), ("x", "Draft.js")] {
                    let label = format!(
                        "no main-thread task > 50 ms on a 100 000-character paste ({editor})"
                    );
                    match ch(&[site, "paste", "longestTaskMs"]) {
                        Some(v) => writeln!(
                            s,
                            "| {label} | longest task {} ({} without the extension: the editor's own paste handling); most extension code in one task {} | {} (extension's own work: {}) |",
                            dur(v),
                            dur(ch(&["baseline", site, "longestTaskMs"]).unwrap_or(f64::NAN)),
                            dur(ch(&[site, "paste", "extensionCodeInItMs"]).unwrap_or(f64::NAN)),
                            verdict(v <= 50.0),
                            verdict(
                                ch(&[site, "paste", "extensionCodeInItMs"])
                                    .is_some_and(|x| x <= 50.0)
                            )
                        )?,
                        None => writeln!(s, "| {label} | not measured (see below) | – |")?,
                    }
                }
                let label = "service-worker cold start → first result ≤ 60 ms";
                match ch(&["coldStart", "keyToResult", "p50"]) {
                    Some(v) => writeln!(
                        s,
                        "| {label} | p50 {} from the keydown (which starts the stopped worker) to the result (max {}; first start after launch {}) | {} |",
                        dur(v),
                        dur(ch(&["coldStart", "keyToResult", "max"]).unwrap_or(f64::NAN)),
                        dur(ch(&["coldStart", "firstKeyToResultMs"]).unwrap_or(f64::NAN)),
                        verdict(v <= 60.0)
                    )?,
                    None => writeln!(s, "| {label} | not measured (see below) | – |")?,
                }
            }
            _ => writeln!(
                s,
                "| Chromium targets (keystroke p95, paste long task, cold start) | not measured in this run (see below) | – |"
            )?,
        }
        let a = self.artefacts;
        writeln!(
            s,
            "| `.wasm` ≤ 250 KB raw | {} | {} |",
            kb(a.wasm_raw),
            verdict(a.wasm_raw <= 250_000)
        )?;
        writeln!(
            s,
            "| `.wasm` ≤ 100 KB gzip | {} | {} |",
            kb(a.wasm_gzip),
            verdict(a.wasm_gzip <= 100_000)
        )?;
        let (lin, lin_note) = self.linearity();
        writeln!(
            s,
            "| cost grows linearly with text length | {lin_note} | {} |\n",
            verdict(lin)
        )?;

        // 1. Native.
        writeln!(s, "## 1. Native engine (criterion)\n")?;
        writeln!(
            s,
            "Medians. `normalize`: normalization alone. `match`: the term matcher alone (automaton \
             + word-boundary/clitic checks) on the already-normalized text. `check`: the whole \
             `Engine::check` (normalize, match, rule evaluation, findings with UTF-16 spans and \
             texts). `floor`: a bare `aho-corasick` automaton of the same {} patterns, same \
             settings (standard semantics, overlapping search, counting matches) on the \
             already-normalized text — baseline (a), the floor.\n",
            self.terms
        )?;
        writeln!(s, "Inputs (`crates/tarawwi-engine/benches/inputs/`):\n")?;
        for kind in Kind::ALL {
            writeln!(s, "- `{}`: {}", k(kind), kind.describe())?;
        }
        writeln!(s)?;
        writeln!(
            s,
            "| Input | Chars | Findings | normalize | match | check | check ns/char | floor | check ÷ floor |"
        )?;
        writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for kind in Kind::ALL {
            for &c in self.sizes {
                let g = |st: &str| self.nat(st, k(kind), c);
                let check = g("check");
                writeln!(
                    s,
                    "| {} | {c} | {} | {} | {} | {} | {} | {} | {} |",
                    k(kind),
                    self.findings
                        .get(&(k(kind).to_string(), c))
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    g("normalize").map(dur).unwrap_or_default(),
                    g("match").map(dur).unwrap_or_default(),
                    check.map(dur).unwrap_or_default(),
                    check
                        .map(|ms| format!("{:.1}", ms * 1e6 / c as f64))
                        .unwrap_or_default(),
                    g("floor").map(dur).unwrap_or_default(),
                    match (check, g("floor")) {
                        (Some(a), Some(b)) => format!("{:.1}×", a / b),
                        _ => String::new(),
                    }
                )?;
            }
        }
        writeln!(s)?;

        // 2 + 3. Node.
        writeln!(
            s,
            "## 2. Baselines in Node: WASM engine vs one big RegExp\n"
        )?;
        writeln!(
            s,
            "Both in Node on the same strings. **RegExp** (baseline b) is what a typical \
             extension does: one `RegExp` alternation of the same {} normalized terms \
             (longest first, escaped), flags `giu`, `matchAll` over the raw text, collecting \
             `{{start, end}}` — it does no normalization, no word boundaries and no rules, so it \
             finds less than the engine. **WASM** (c) is the shipped build's \
             `new Engine().check(text)` returning plain JS objects (UTF-16 spans, rule ids, texts). \
             RegExp construction took {}. **Native** is the criterion `check` median from §1.\n",
            self.terms,
            dur(self.node["regexpCompileMs"].as_f64().unwrap_or(f64::NAN))
        )?;
        writeln!(
            s,
            "| Input | Chars | RegExp | WASM | Native | RegExp ÷ WASM | WASM speed vs native (native ÷ WASM) |"
        )?;
        writeln!(s, "|---|---:|---:|---:|---:|---:|---:|")?;
        for kind in Kind::ALL {
            for &c in self.sizes {
                let Some(r) = self.node_row(k(kind), c) else {
                    continue;
                };
                let w = r["wasmMs"].as_f64().unwrap_or(f64::NAN);
                let re = r["regexpMs"].as_f64().unwrap_or(f64::NAN);
                let n = self.nat("check", k(kind), c).unwrap_or(f64::NAN);
                writeln!(
                    s,
                    "| {} | {c} | {} | {} | {} | {:.1}× | {:.2}× |",
                    k(kind),
                    dur(re),
                    dur(w),
                    dur(n),
                    re / w,
                    n / w
                )?;
            }
        }
        let init = &self.node["init"];
        let f = |key: &str| dur(init[key].as_f64().unwrap_or(f64::NAN));
        writeln!(
            s,
            "\nWASM start-up in Node: read {}, compile {}, instantiate {}, `new Engine()` (parse \
             and compile the packs) {}, first `check` {} — {} in all.\n",
            f("importAndReadMs"),
            f("compileMs"),
            f("instantiateMs"),
            f("newEngineMs"),
            f("firstCheckMs"),
            f("totalMs")
        )?;

        // 4. Chromium.
        writeln!(s, "## 4. In Chromium with the extension\n")?;
        match self.chromium {
            None => writeln!(
                s,
                "Not run ({}).\n",
                if self.quick {
                    "--quick"
                } else {
                    "--no-browser"
                }
            )?,
            Some(c) => {
                if let Some(e) = c.get("error") {
                    writeln!(s, "The Chromium benchmark failed: `{}`\n", e)?;
                }
                if let Some(md) = c.get("markdown").and_then(|m| m.as_str()) {
                    writeln!(s, "{md}\n")?;
                }
            }
        }

        // 5. Sizes.
        writeln!(s, "## 5. Sizes\n")?;
        writeln!(s, "| Artefact | Raw | gzip -9 |\n|---|---:|---:|")?;
        writeln!(
            s,
            "| `tarawwi_wasm_bg.wasm` | {} | {} |",
            kb(a.wasm_raw),
            kb(a.wasm_gzip)
        )?;
        writeln!(s, "| `tarawwi_wasm.js` (glue) | {} | |", kb(a.js_glue_raw))?;
        writeln!(
            s,
            "| whole `dist/chrome` ({} files; gzip = sum of per-file gzip) | {} | {} |\n",
            a.dist_files,
            kb(a.dist_raw),
            kb(a.dist_gzip)
        )?;

        // Scaling.
        writeln!(s, "## Scaling: `check` vs text length\n")?;
        writeln!(
            s,
            "Native `check` medians, each iteration checking the next of 16 different texts of \
             that size (windows of one stream; one text checked over and over is learnt by the \
             CPU); ns/char should stay flat if cost is linear. \
             Plot: [`bench/scaling.svg`](bench/scaling.svg) (log–log; a straight line of slope 1 \
             is linear).\n\n![check time vs length](bench/scaling.svg)\n"
        )?;
        write!(s, "| Input |")?;
        for &c in self.scaling {
            write!(s, " {c} chars | ns/char |")?;
        }
        writeln!(s)?;
        write!(s, "|---|")?;
        for _ in self.scaling {
            write!(s, "---:|---:|")?;
        }
        writeln!(s)?;
        for kind in Kind::ALL {
            write!(s, "| {} |", k(kind))?;
            for &c in self.scaling {
                match self.nat("scaling", k(kind), c) {
                    Some(ms) => write!(s, " {} | {:.1} |", dur(ms), ms * 1e6 / c as f64)?,
                    None => write!(s, " – | – |")?,
                }
            }
            writeln!(s)?;
        }
        writeln!(s)?;
        // Hand-written reading of the numbers (kept in bench/ANALYSIS.md, included verbatim).
        if let Ok(analysis) = std::fs::read_to_string(root().join("bench/ANALYSIS.md")) {
            let body = analysis
                .lines()
                .skip_while(|l| l.starts_with("# ") || l.trim().is_empty());
            writeln!(s, "## Analysis and next steps\n")?;
            for l in body {
                writeln!(s, "{l}")?;
            }
            writeln!(s)?;
        }
        writeln!(s, "## How to run\n")?;
        writeln!(
            s,
            "```sh\ncargo xtask bench               # everything (~10 min on 2 cores), rewrites BENCHMARKS.md\n\
             cargo xtask bench --no-browser  # skip the Chromium part\n\
             cargo xtask bench --quick       # smoke mode → target/bench/quick/BENCHMARKS.md\n\
             cargo bench -p tarawwi-engine --bench check -- 'check/arabic'   # one criterion group\n```\n"
        )?;
        writeln!(
            s,
            "Raw results: `target/bench/criterion/`, `target/bench/node.json`, \
             `target/bench/chromium.json`; inputs: `target/bench/inputs/`."
        )?;
        Ok(s)
    }

    /// Linear if ns/char at the largest size is within 2× of the smallest for every kind.
    fn linearity(&self) -> (bool, String) {
        let (Some(&lo), Some(&hi)) = (self.scaling.first(), self.scaling.last()) else {
            return (false, "no data".into());
        };
        if lo == hi {
            return (false, "one size only".into());
        }
        let mut worst = (0.0f64, "");
        for kind in Kind::ALL {
            if let (Some(a), Some(b)) = (
                self.nat("scaling", kind.name(), lo),
                self.nat("scaling", kind.name(), hi),
            ) {
                let r = (b / hi as f64) / (a / lo as f64);
                if r > worst.0 {
                    worst = (r, kind.name());
                }
            }
        }
        (
            worst.0 > 0.0 && worst.0 <= 2.0,
            format!(
                "ns/char at {hi} ÷ ns/char at {lo}: worst {:.2} ({}); table and plot below",
                worst.0, worst.1
            ),
        )
    }

    /// Log–log plot of `check` time against text length, one line per input kind.
    fn scaling_svg(&self) -> String {
        let (w, h) = (640.0, 420.0);
        let (l, r, t, b) = (90.0, 150.0, 20.0, 50.0);
        let pts: Vec<(Kind, Vec<(f64, f64)>)> = Kind::ALL
            .iter()
            .map(|&kind| {
                let v = self
                    .scaling
                    .iter()
                    .filter_map(|&c| {
                        self.nat("scaling", kind.name(), c)
                            .map(|ms| ((c as f64).log10(), ms.log10()))
                    })
                    .collect();
                (kind, v)
            })
            .collect();
        let all: Vec<(f64, f64)> = pts.iter().flat_map(|p| p.1.clone()).collect();
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        );
        if all.is_empty() {
            s.push_str("<text x=\"20\" y=\"40\">no data</text>\n</svg>\n");
            return s;
        }
        let x0 = all.iter().map(|p| p.0).fold(f64::MAX, f64::min).floor();
        let x1 = all.iter().map(|p| p.0).fold(f64::MIN, f64::max).ceil();
        let y0 = all.iter().map(|p| p.1).fold(f64::MAX, f64::min).floor();
        let y1 = all.iter().map(|p| p.1).fold(f64::MIN, f64::max).ceil();
        let sx = |x: f64| l + (x - x0) / (x1 - x0).max(1e-9) * (w - l - r);
        let sy = |y: f64| h - b - (y - y0) / (y1 - y0).max(1e-9) * (h - t - b);
        // Grid and axes.
        let mut e = x0;
        while e <= x1 + 1e-9 {
            let _ = writeln!(
                s,
                "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"#ddd\"/>\
                 <text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"middle\">10^{4}</text>",
                sx(e),
                sy(y0),
                sy(y1),
                h - b + 18.0,
                e as i32
            );
            e += 1.0;
        }
        let mut e = y0;
        while e <= y1 + 1e-9 {
            let label = dur(10f64.powf(e));
            let _ = writeln!(
                s,
                "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{2:.1}\" y2=\"{1:.1}\" stroke=\"#ddd\"/>\
                 <text x=\"{3:.1}\" y=\"{4:.1}\" text-anchor=\"end\">{label}</text>",
                sx(x0),
                sy(e),
                sx(x1),
                l - 6.0,
                sy(e) + 4.0
            );
            e += 1.0;
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">text length (characters)</text>",
            (l + w - r) / 2.0,
            h - 10.0
        );
        let _ = writeln!(
            s,
            "<text transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">native check time</text>",
            (t + h - b) / 2.0
        );
        let colors = [
            "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        ];
        for (i, (kind, v)) in pts.iter().enumerate() {
            let c = colors[i % colors.len()];
            let path: Vec<String> = v
                .iter()
                .map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y)))
                .collect();
            let _ = writeln!(
                s,
                "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{}\"/>",
                path.join(" ")
            );
            for &(x, y) in v {
                let _ = writeln!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{c}\"/>",
                    sx(x),
                    sy(y)
                );
            }
            let ly = t + 14.0 + i as f64 * 18.0;
            let _ = writeln!(
                s,
                "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{2:.1}\" y2=\"{1:.1}\" stroke=\"{c}\" stroke-width=\"2\"/>\
                 <text x=\"{3:.1}\" y=\"{4:.1}\">{5}</text>",
                w - r + 10.0,
                ly,
                w - r + 30.0,
                w - r + 36.0,
                ly + 4.0,
                kind.name()
            );
        }
        s.push_str("</svg>\n");
        s
    }
}
