//! `tarawwi`: check posts against the policy packs, evaluate on a labelled corpus, lint and test packs.

mod eval;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::io::{BufRead, BufWriter, IsTerminal, Read, Write};
use tarawwi_engine::{Engine, Finding, Severity};

#[derive(Parser)]
#[command(
    name = "tarawwi",
    version,
    about = "Tarawwi (تروَّ): check a post against public-sector social-media policies before you post it"
)]
struct Cli {
    /// Also load this custom pack (repeatable).
    #[arg(long = "pack", global = true, value_name = "FILE")]
    packs: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Lang {
    Ar,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Check a post given as arguments, or read from stdin.
    Check {
        /// The post (omit to read stdin).
        text: Vec<String>,
        /// Language of the messages.
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        /// Read JSON lines `{"id": …, "text": …}` from stdin; write `{"id", "findings"}` lines.
        #[arg(long)]
        jsonl: bool,
        /// Print the findings as one JSON array (with messages).
        #[arg(long, conflicts_with = "jsonl")]
        json: bool,
    },
    /// Evaluate on a labelled JSONL corpus (`{"id","text","labels":[…]}`).
    Eval {
        /// Corpus file.
        file: String,
        /// Print the metrics as JSON.
        #[arg(long)]
        json: bool,
        /// Also list every wrong post (false positives and misses).
        #[arg(long)]
        errors: bool,
    },
    /// Work with rule packs.
    Packs {
        #[command(subcommand)]
        command: PacksCommand,
    },
}

#[derive(Subcommand)]
enum PacksCommand {
    /// Run every rule's should_flag / should_not_flag examples: the built-in packs, plus the
    /// given pack files (e.g. an institution's admin pack), with the built-in rules loaded too.
    Test {
        /// Extra pack files (same as --pack).
        files: Vec<String>,
    },
    /// Validate custom pack files and run their examples.
    Lint {
        /// Pack files.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// List packs, clauses and rules.
    List,
}

fn main() {
    // `tarawwi check … | head`: a reader that stops early is not an error (print! panics on EPIPE).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or("");
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("tarawwi: error: {e:#}");
            std::process::exit(2);
        }
    }
}

fn load_engine(extra: &[String]) -> Result<Engine> {
    let mut engine = Engine::builtin();
    for file in extra {
        let src =
            std::fs::read_to_string(file).with_context(|| format!("cannot read pack {file}"))?;
        engine
            .add_pack(file, &src)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(engine)
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Check {
            text,
            lang,
            jsonl,
            json,
        } => {
            let engine = load_engine(&cli.packs)?;
            if jsonl {
                return check_jsonl(&engine);
            }
            let text = if text.is_empty() {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("reading stdin")?;
                s
            } else {
                text.join(" ")
            };
            let findings = engine.check(&text);
            if json {
                let out: Vec<_> = findings.iter().map(|f| with_messages(&engine, f)).collect();
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print_human(&engine, &text, &findings, lang);
            }
            Ok(if findings.is_empty() { 0 } else { 1 })
        }
        Command::Eval { file, json, errors } => {
            let engine = load_engine(&cli.packs)?;
            eval::run(&engine, &file, json, errors)
        }
        Command::Packs { command } => match command {
            PacksCommand::Test { files } => {
                let all: Vec<String> = cli.packs.iter().chain(&files).cloned().collect();
                let engine = load_engine(&all)?;
                let failures = engine.run_examples();
                let rules = engine.rules().count();
                let examples: usize = engine
                    .rules()
                    .map(|r| r.should_flag.len() + r.should_not_flag.len())
                    .sum();
                for f in &failures {
                    println!("FAIL {f}");
                }
                println!(
                    "packs test: {} packs, {rules} rules, {examples} examples: {} passed, {} failed",
                    engine.packs().len(),
                    examples - failures.len(),
                    failures.len()
                );
                Ok(if failures.is_empty() { 0 } else { 1 })
            }
            PacksCommand::Lint { files } => {
                let engine = load_engine(&cli.packs)?;
                let mut bad = 0;
                for file in &files {
                    let src = match std::fs::read_to_string(file) {
                        Ok(s) => s,
                        Err(e) => {
                            println!("{file}: cannot read: {e}");
                            bad += 1;
                            continue;
                        }
                    };
                    match engine.lint_pack(file, &src) {
                        Err(e) => {
                            println!("{e}");
                            bad += 1;
                        }
                        Ok(failures) if failures.is_empty() => println!("{file}: ok"),
                        Ok(failures) => {
                            for f in failures {
                                println!("{file}: {f}");
                            }
                            bad += 1;
                        }
                    }
                }
                Ok(if bad == 0 { 0 } else { 1 })
            }
            PacksCommand::List => {
                let engine = load_engine(&cli.packs)?;
                for p in engine.packs() {
                    println!("{} {} — {} / {}", p.id, p.version, p.name.en, p.name.ar);
                    for c in &p.clauses {
                        println!("  {:<24} {} / {}", c.id, c.title.en, c.title.ar);
                    }
                }
                for r in engine.rules() {
                    println!(
                        "{:<44} {:<16} {:<5} {}",
                        r.id,
                        r.category.as_str(),
                        r.severity.as_str(),
                        r.clause.id
                    );
                }
                Ok(0)
            }
        },
    }
}

#[derive(Serialize)]
struct WireFinding<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    clause: &'a str,
    start: u32,
    end: u32,
}

fn wire(f: &Finding) -> WireFinding<'_> {
    WireFinding {
        rule: &f.rule,
        category: f.category.as_str(),
        severity: f.severity.as_str(),
        clause: &f.clause,
        start: f.start,
        end: f.end,
    }
}

fn with_messages(engine: &Engine, f: &Finding) -> serde_json::Value {
    let mut v = serde_json::to_value(f).expect("finding serializes");
    if let Some(r) = engine.rule(&f.rule) {
        v["title"] = serde_json::to_value(&r.title).unwrap();
        v["why"] = serde_json::to_value(&r.why).unwrap();
        v["safer"] = serde_json::to_value(&r.safer).unwrap();
        v["clause_text"] = serde_json::to_value(&r.clause.text).unwrap();
    }
    v
}

/// The external-evaluation contract: one output line per valid input line, in order.
fn check_jsonl(engine: &Engine) -> Result<i32> {
    #[derive(serde::Deserialize)]
    struct Input {
        id: serde_json::Value,
        text: String,
    }
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for (n, line) in stdin.lock().lines().enumerate() {
        let line_no = n + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("line {line_no}: cannot read: {e}");
                failed += 1;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let input: Input = match serde_json::from_str(&line) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("line {line_no}: invalid input ({e}); expected {{\"id\": \"...\", \"text\": \"...\"}}");
                failed += 1;
                continue;
            }
        };
        let findings = engine.check(&input.text);
        let wire: Vec<_> = findings.iter().map(wire).collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({"id": input.id, "findings": wire}),
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("{failed} input line(s) failed");
        return Ok(1);
    }
    Ok(0)
}

fn print_human(engine: &Engine, text: &str, findings: &[Finding], lang: Lang) {
    let color = std::io::stdout().is_terminal();
    let l = if lang == Lang::Ar { "ar" } else { "en" };
    if findings.is_empty() {
        println!(
            "{}",
            if lang == Lang::Ar {
                "لا ملاحظات."
            } else {
                "No findings."
            }
        );
        return;
    }
    // The post with every span marked.
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut marked = String::new();
    let mut pos = 0usize;
    for f in findings {
        let (s, e) = (f.start as usize, f.end as usize);
        if s < pos {
            continue;
        }
        marked.push_str(&String::from_utf16_lossy(&units[pos..s]));
        let span = String::from_utf16_lossy(&units[s..e]);
        if color {
            marked.push_str(&format!("\x1b[1;{}m⟦{span}⟧\x1b[0m", sev_color(f.severity)));
        } else {
            marked.push_str(&format!("⟦{span}⟧"));
        }
        pos = e;
    }
    marked.push_str(&String::from_utf16_lossy(&units[pos..]));
    println!("{marked}\n");
    for (i, f) in findings.iter().enumerate() {
        let Some(r) = engine.rule(&f.rule) else {
            continue;
        };
        println!(
            "{}. [{}] {} · {} · {}",
            i + 1,
            f.severity,
            f.category,
            f.clause,
            f.rule
        );
        println!("   «{}»  (UTF-16 {}..{})", f.text, f.start, f.end);
        println!("   {}", r.title.get(l));
        println!(
            "   {}: {}",
            if l == "ar" { "السبب" } else { "Why" },
            r.why.get(l)
        );
        println!(
            "   {}: {}",
            if l == "ar" {
                "صياغة أسلم"
            } else {
                "Safer"
            },
            r.safer.get(l)
        );
        println!(
            "   {} {}: {}",
            if l == "ar" { "البند" } else { "Clause" },
            r.clause.id,
            r.clause.text.ar
        );
        println!("   {}", r.clause.text.en);
        println!();
    }
}

fn sev_color(s: Severity) -> u8 {
    match s {
        Severity::High => 31,
        Severity::Warn => 33,
        Severity::Info => 36,
    }
}
