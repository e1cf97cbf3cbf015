//! Criterion benchmarks of the native engine, run by `cargo xtask bench` (which reads the results
//! from `target/criterion/` into BENCHMARKS.md):
//!
//! * `normalize/<kind>/<chars>`: normalization alone;
//! * `match/<kind>/<chars>`: the term matcher alone (automaton + boundary/clitic checks) over the
//!   already-normalized text;
//! * `check/<kind>/<chars>`: the full `Engine::check` (normalize, match, rules, findings);
//! * `floor/<kind>/<chars>`: baseline — a bare `aho-corasick` automaton of the engine's own
//!   normalized terms, overlapping search over the already-normalized text (the floor);
//! * `scaling/<kind>/<chars>`: `check` on 1k … 1M characters (linearity); each iteration checks
//!   the next of `inputs::WINDOWS` different texts of that size, so a short text is not the same
//!   one checked over and over (which the CPU learns: 2× faster at 1 000 characters).
//!
//! Inputs come from `benches/inputs/` (the kinds and sizes are listed there).
//! `TARAWWI_BENCH_QUICK=1` keeps only the smallest sizes (smoke mode).

mod inputs;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use inputs::{Kind, SCALING, SIZES};
use std::hint::black_box;
use tarawwi_engine::{normalize, Engine};

fn quick() -> bool {
    std::env::var_os("TARAWWI_BENCH_QUICK").is_some_and(|v| v != "0")
}

fn sizes(all: &[usize]) -> Vec<usize> {
    if quick() {
        all[..1].to_vec()
    } else {
        all.to_vec()
    }
}

fn bench(c: &mut Criterion) {
    let engine = Engine::builtin();
    let terms = engine.normalized_terms();
    // The floor: the same patterns, the same automaton settings as the engine's matcher.
    let floor = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(&terms)
        .expect("terms build");

    for kind in Kind::ALL {
        for chars in sizes(&SIZES) {
            let text = inputs::text(kind, chars, &terms);
            let norm = normalize(&text).text;
            let id = || BenchmarkId::new(kind.name(), chars);
            for stage in ["normalize", "match", "check", "floor"] {
                let mut group = c.benchmark_group(stage);
                group.throughput(Throughput::Elements(chars as u64));
                if chars >= 100_000 {
                    group.sample_size(10);
                    group.sampling_mode(SamplingMode::Flat);
                }
                match stage {
                    "normalize" => group.bench_with_input(id(), &text, |b, t| {
                        b.iter(|| black_box(normalize(black_box(t))))
                    }),
                    "match" => group.bench_with_input(id(), &norm, |b, t| {
                        b.iter(|| black_box(engine.match_normalized(black_box(t))))
                    }),
                    "check" => group.bench_with_input(id(), &text, |b, t| {
                        b.iter(|| black_box(engine.check(black_box(t))))
                    }),
                    _ => group.bench_with_input(id(), &norm, |b, t| {
                        b.iter(|| black_box(floor.find_overlapping_iter(black_box(t)).count()))
                    }),
                };
                group.finish();
            }
        }
    }

    for kind in Kind::ALL {
        for chars in sizes(&SCALING) {
            let texts = inputs::windows(kind, chars, &terms);
            let mut group = c.benchmark_group("scaling");
            group.throughput(Throughput::Elements(chars as u64));
            if chars >= 100_000 {
                group.sample_size(10);
                group.sampling_mode(SamplingMode::Flat);
            }
            group.bench_with_input(BenchmarkId::new(kind.name(), chars), &texts, |b, t| {
                let mut next = 0;
                b.iter(|| {
                    next = (next + 1) % t.len();
                    black_box(engine.check(black_box(&t[next])))
                })
            });
            group.finish();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
