//! `cargo xtask <task>`: the project's automation. Every task installs what it needs when missing
//! (wasm target, wasm-bindgen-cli, npm packages, Chromium, Firefox ESR), so a fresh machine needs
//! only cargo.

mod admx;
mod bench;
mod build;
mod demo;
mod dist;
mod fuzz;
mod test;
mod tools;

use anyhow::{bail, Result};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  test    fmt check, clippy -D warnings, all Rust tests, pack examples, extension build + e2e
          (--no-e2e: Rust only)
  demo    build everything and run the demo (screenshots in target/demo/)
  build   build the WASM engine and assemble dist/chrome and dist/firefox
  bench   benchmarks (native, WASM, JS baseline, extension) → BENCHMARKS.md
  fuzz    property checks over arbitrary text (--iterations N)
  dist    versioned zips for the Chrome and Firefox stores, Windows policy templates + dist/SHA256SUMS
  admx    Group Policy templates (ADMX/ADML) from the managed schema (--id ID, --out DIR)
";

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    tools::chdir_root()?;
    match args.first().map(String::as_str) {
        Some("test") => test::run(&rest),
        Some("demo") => demo::run(&rest),
        Some("build") => build::run(&rest).map(|_| ()),
        Some("bench") => bench::run(&rest),
        Some("dist") => dist::run(&rest),
        Some("fuzz") => fuzz::run(&rest),
        Some("admx") => admx::run(&rest),
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task '{other}'\n\n{USAGE}"),
    }
}
