//! `tarawwi-fuzz`: runs [`tarawwi_fuzz::check_text`] on structured random texts.
//!
//! ```text
//! tarawwi-fuzz [--iterations N] [--seed S] [--threads T] [--start I] [--big-every K]
//!              [--big-bytes B] [--max-seconds-per-mb X] [--keep-going]
//! tarawwi-fuzz --sample N [--seed S] > tests/wasm/sample.jsonl
//! ```
//! Iteration `i` is generated from `(seed, i)` alone, so a failure is replayed with
//! `--seed S --start i --iterations 1`. Every `K`-th iteration is a ~1 MB text, which must also
//! be checked within `X` seconds per MB (a linear-time guard). Failing inputs are written to
//! `target/fuzz-failures/`. With `--keep-going` a failure is reported and the run goes on (the
//! exit status is still 1): a long run then counts every failing iteration instead of stopping.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tarawwi_engine::Engine;
use tarawwi_fuzz::{check_text, clip, Generator, Rng};

struct Args {
    iterations: u64,
    seed: u64,
    threads: u64,
    start: u64,
    big_every: u64,
    big_bytes: usize,
    max_seconds_per_mb: f64,
    /// `--sample N`: print a JSONL sample (dev corpus, pack examples, N generated texts) instead.
    sample: Option<u64>,
    /// `--keep-going`: report each failure and go on.
    keep_going: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        iterations: 100_000,
        seed: 0x7A2A_3377,
        threads: std::thread::available_parallelism()
            .map(|n| n.get() as u64)
            .unwrap_or(1),
        start: 0,
        big_every: 20_000,
        big_bytes: 1 << 20,
        max_seconds_per_mb: 10.0,
        sample: None,
        keep_going: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let key = args[i].as_str();
        if key == "-h" || key == "--help" {
            println!("usage: tarawwi-fuzz [--iterations N] [--seed S] [--threads T] [--start I] [--big-every K] [--big-bytes B] [--max-seconds-per-mb X] [--keep-going]");
            std::process::exit(0);
        }
        if key == "--keep-going" {
            a.keep_going = true;
            i += 1;
            continue;
        }
        let val = args
            .get(i + 1)
            .ok_or_else(|| format!("{key} needs a value"))?;
        let num = || -> Result<u64, String> {
            let v = val.replace('_', "");
            let parsed = match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => v.parse(),
            };
            parsed.map_err(|e| format!("{key} {val}: {e}"))
        };
        match key {
            "--iterations" | "-n" => a.iterations = num()?,
            "--seed" => a.seed = num()?,
            "--threads" | "-j" => a.threads = num()?.max(1),
            "--start" => a.start = num()?,
            "--big-every" => a.big_every = num()?,
            "--big-bytes" => a.big_bytes = num()? as usize,
            "--sample" => a.sample = Some(num()?),
            "--max-seconds-per-mb" => {
                a.max_seconds_per_mb = val.parse().map_err(|e| format!("{key} {val}: {e}"))?
            }
            _ => return Err(format!("unknown option {key}")),
        }
        i += 2;
    }
    Ok(a)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("tarawwi-fuzz: {e}");
            std::process::exit(2);
        }
    };
    let gen = Generator::new();
    if let Some(n) = args.sample {
        return print_sample(&gen, args.seed, n);
    }
    let engine = Engine::builtin();
    println!(
        "tarawwi-fuzz: {} iterations from #{} (seed {:#x}, {} thread(s), a {} KB text every {} iterations; {} terms, {} posts)",
        args.iterations,
        args.start,
        args.seed,
        args.threads,
        args.big_bytes / 1024,
        args.big_every,
        gen.terms.len(),
        gen.posts.len()
    );
    // Quiet panics: each one is reported with its input below.
    std::panic::set_hook(Box::new(|_| {}));

    let done = AtomicU64::new(0);
    let findings = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let big_nanos = AtomicU64::new(0);
    let big_count = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let failures = AtomicU64::new(0);
    let started = Instant::now();
    let end = args.start + args.iterations;

    std::thread::scope(|scope| {
        for t in 0..args.threads {
            let (engine, gen, args) = (&engine, &gen, &args);
            let (done, findings, bytes, failed) = (&done, &findings, &bytes, &failed);
            let failures = &failures;
            let (big_nanos, big_count) = (&big_nanos, &big_count);
            scope.spawn(move || {
                let mut i = args.start + t;
                while i < end && !failed.load(Ordering::Relaxed) {
                    let mut rng = Rng::for_iteration(args.seed, i);
                    let big = args.big_every > 0 && i % args.big_every == args.big_every - 1;
                    let text = if big {
                        gen.big(&mut rng, args.big_bytes)
                    } else {
                        gen.text(&mut rng)
                    };
                    let t0 = Instant::now();
                    let result = catch_unwind(AssertUnwindSafe(|| check_text(engine, &text)));
                    let elapsed = t0.elapsed();
                    let error = match result {
                        Ok(Ok(o)) => {
                            findings.fetch_add(o.findings as u64, Ordering::Relaxed);
                            None
                        }
                        Ok(Err(msg)) => Some(msg),
                        Err(p) => Some(format!(
                            "panic: {}",
                            p.downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| p.downcast_ref::<String>().cloned())
                                .unwrap_or_default()
                        )),
                    };
                    let error = error.or_else(|| {
                        let mb = text.len() as f64 / (1 << 20) as f64;
                        (big && elapsed.as_secs_f64() > args.max_seconds_per_mb * mb.max(0.1)).then(
                            || {
                                format!(
                                    "too slow: {:.2} s for {} bytes (limit {} s per MB)",
                                    elapsed.as_secs_f64(),
                                    text.len(),
                                    args.max_seconds_per_mb
                                )
                            },
                        )
                    });
                    if big {
                        big_nanos.fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
                        big_count.fetch_add(1, Ordering::Relaxed);
                    }
                    if let Some(msg) = error {
                        if args.keep_going {
                            failures.fetch_add(1, Ordering::SeqCst);
                            report(args, i, &text, &msg);
                            done.fetch_add(1, Ordering::Relaxed);
                            i += args.threads;
                            continue;
                        }
                        if !failed.swap(true, Ordering::SeqCst) {
                            report(args, i, &text, &msg);
                        }
                        return;
                    }
                    bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
                    done.fetch_add(1, Ordering::Relaxed);
                    i += args.threads;
                }
            });
        }
        // Progress every 30 s.
        let mut last = Instant::now();
        while done.load(Ordering::Relaxed) + u64::from(failed.load(Ordering::Relaxed))
            < args.iterations
            && !failed.load(Ordering::Relaxed)
        {
            std::thread::sleep(Duration::from_millis(100));
            if last.elapsed() >= Duration::from_secs(30) {
                last = Instant::now();
                let n = done.load(Ordering::Relaxed);
                let secs = started.elapsed().as_secs_f64();
                println!(
                    "  {n} / {} iterations, {:.0} it/s, {:.1} MB checked, {:.0} s",
                    args.iterations,
                    n as f64 / secs,
                    bytes.load(Ordering::Relaxed) as f64 / 1e6,
                    secs
                );
                let _ = std::io::stdout().flush();
            }
        }
    });

    let n = done.load(Ordering::Relaxed);
    let secs = started.elapsed().as_secs_f64();
    let bigs = big_count.load(Ordering::Relaxed);
    println!(
        "tarawwi-fuzz: {n} iterations in {secs:.1} s ({:.0} it/s), {:.1} MB of text, {} findings checked, {bigs} texts of ~{} KB at {:.0} ms each on average",
        n as f64 / secs.max(1e-9),
        bytes.load(Ordering::Relaxed) as f64 / 1e6,
        findings.load(Ordering::Relaxed),
        args.big_bytes / 1024,
        if bigs > 0 {
            big_nanos.load(Ordering::Relaxed) as f64 / bigs as f64 / 1e6
        } else {
            0.0
        }
    );
    if failed.load(Ordering::Relaxed) {
        std::process::exit(1);
    }
    let bad = failures.load(Ordering::Relaxed);
    println!("tarawwi-fuzz: {} passed, {bad} failed", n - bad);
    if bad > 0 {
        std::process::exit(1);
    }
}

/// The shared native/WASM differential sample (`tests/wasm/sample.jsonl`): every dev-corpus post,
/// pack example and evasion case, then `n` generated texts (at most 4 000 bytes each) from `seed`.
fn print_sample(gen: &Generator, seed: u64, n: u64) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut line = |id: String, text: &str| {
        let v = serde_json::json!({ "id": id, "text": text });
        writeln!(out, "{v}").expect("stdout");
    };
    for (k, p) in gen.posts.iter().enumerate() {
        line(format!("post-{k}"), p);
    }
    for l in include_str!("../../../tests/evasion/cases.jsonl").lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(l) {
            if let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) {
                line(format!("evasion-{id}"), text);
            }
        }
    }
    let mut i = 0;
    let mut written = 0;
    while written < n {
        let mut text = gen.text(&mut Rng::for_iteration(seed, i));
        i += 1;
        if text.len() > 4_000 {
            let mut cut = 4_000;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        line(format!("gen-{seed:x}-{}", i - 1), &text);
        written += 1;
    }
}

fn report(args: &Args, i: u64, text: &str, msg: &str) {
    let dir = std::path::Path::new("target/fuzz-failures");
    let _ = std::fs::create_dir_all(dir);
    let file = dir.join(format!("{:x}-{i}.txt", args.seed));
    let saved = std::fs::write(&file, text).is_ok();
    eprintln!("tarawwi-fuzz: FAILED at iteration {i}: {msg}");
    eprintln!("  input ({} bytes): {:?}", text.len(), clip(text));
    if saved {
        eprintln!("  saved to {}", file.display());
    }
    eprintln!(
        "  replay: cargo xtask fuzz --seed {:#x} --start {i} --iterations 1 --threads 1 --big-every {} --big-bytes {}",
        args.seed, args.big_every, args.big_bytes
    );
}
