//! `cargo xtask test`: everything CI checks — formatting, lints, Rust tests, pack examples, the
//! extension build and the end-to-end suites in Chromium and Firefox ESR.

use crate::build;
use crate::tools::{self, cargo};
use anyhow::Result;
use std::process::Command;

pub fn run_all(skip_e2e: bool) -> Result<()> {
    tools::ensure_rust_components()?;
    tools::run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    tools::run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    tools::run(cargo().args(["test", "--workspace"]))?;
    tools::run(cargo().args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "tarawwi-cli",
        "--",
        "packs",
        "test",
    ]))?;
    // A short fuzz pass (the long one is `cargo xtask fuzz --iterations 10000000`).
    crate::fuzz::run(&["--iterations", "20000"])?;
    if skip_e2e {
        eprintln!("xtask test: skipping the extension build and e2e suites (--no-e2e)");
        return Ok(());
    }
    let dist = build::run(&[])?;
    let root = tools::root();
    let e2e = root.join("tests/e2e");
    // The WASM engine must agree with the native one, span for span.
    tools::run(
        Command::new("node")
            .arg("tests/wasm/differential.mjs")
            .current_dir(&root),
    )?;
    // The Firefox package must pass Mozilla's linter (offline).
    tools::run(
        Command::new("npx")
            .args([
                "--no-install",
                "web-ext",
                "lint",
                "--output",
                "text",
                "--source-dir",
            ])
            .arg(dist.with_file_name("firefox"))
            .current_dir(&e2e),
    )?;
    tools::ensure_chromium()?;
    tools::run(
        Command::new("npm")
            .args(["run", "build:fixtures"])
            .current_dir(&e2e),
    )?;
    tools::run(
        Command::new("npm")
            .arg("test")
            .current_dir(&e2e)
            .env("TARAWWI_EXTENSION_DIR", &dist),
    )?;
    // The Firefox package in firefox-esr: smoke, policies.json, event-page lifecycle
    // (tests/e2e/firefox/).
    tools::ensure_firefox()?;
    tools::run(
        Command::new("npm")
            .args(["run", "test:firefox"])
            .current_dir(&e2e)
            .env("TARAWWI_EXTENSION_DIR", &dist),
    )?;
    // Keep the benchmark harness working (smoke mode; numbers are not asserted).
    crate::bench::run(&["--quick"])?;
    Ok(())
}

pub fn run(args: &[&str]) -> Result<()> {
    run_all(args.contains(&"--no-e2e"))?;
    eprintln!("xtask test: all checks passed");
    Ok(())
}
