//! `cargo xtask fuzz --iterations N [--seed S] [--threads T] [--start I] [--big-every K]`:
//! long-running property checks of the engine on structured random text (stable Rust, no
//! nightly fuzzer). Builds the `tarawwi-fuzz` binary in release mode and runs it with the same
//! arguments; see `crates/tarawwi-fuzz` for the generator and the invariants.
//!
//! CI runs a short pass: `cargo xtask fuzz --iterations 20000`.

use crate::tools::{self, cargo};
use anyhow::{bail, Result};

const OPTIONS: &[&str] = &[
    "--iterations",
    "-n",
    "--seed",
    "--threads",
    "-j",
    "--start",
    "--big-every",
    "--big-bytes",
    "--max-seconds-per-mb",
    "--sample",
];

pub fn run(args: &[&str]) -> Result<()> {
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--keep-going" {
            i += 1;
            continue;
        }
        if !OPTIONS.contains(&args[i]) {
            bail!(
                "unknown fuzz option '{}'\nusage: cargo xtask fuzz [--iterations N] [--seed S] [--threads T] [--start I] [--big-every K] [--big-bytes B] [--max-seconds-per-mb X] [--keep-going]",
                args[i]
            );
        }
        if i + 1 >= args.len() {
            bail!("{} needs a value", args[i]);
        }
        i += 2;
    }
    tools::run(
        cargo()
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "tarawwi-fuzz",
                "--bin",
                "tarawwi-fuzz",
                "--",
            ])
            .args(args),
    )
}
