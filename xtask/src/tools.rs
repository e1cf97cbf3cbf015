//! Running commands and installing missing tools.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn chdir_root() -> Result<()> {
    std::env::set_current_dir(root()).context("cannot enter the workspace root")
}

/// Prints and runs a command; fails if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {}", show(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {}", show(cmd)))?;
    if !status.success() {
        bail!("command failed ({status}): {}", show(cmd));
    }
    Ok(())
}

/// Runs a command and returns its stdout, or None if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// rustfmt and clippy.
pub fn ensure_rust_components() -> Result<()> {
    let have = |c: &str| output(cargo().args([c, "--version"])).is_some();
    if !have("fmt") || !have("clippy") {
        run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]))?;
    }
    Ok(())
}

pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The wasm32 target and the matching wasm-bindgen CLI.
pub fn ensure_wasm_tools() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let version = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if !version.contains(WASM_BINDGEN_VERSION) {
        eprintln!("installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (takes a few minutes)…");
        run(cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ]))?;
    }
    Ok(())
}

/// npm packages of the e2e suite and build tools (binaryen's wasm-opt, Playwright).
pub fn ensure_npm() -> Result<()> {
    let dir = root().join("tests/e2e");
    if !dir.join("node_modules/.package-lock.json").exists()
        || is_newer(
            &dir.join("package-lock.json"),
            &dir.join("node_modules/.package-lock.json"),
        )
    {
        if output(Command::new("npm").arg("--version")).is_none() {
            run(Command::new("apt-get").arg("update"))?;
            run(Command::new("apt-get").args(["install", "-y", "nodejs", "npm"]))?;
        }
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir))?;
    }
    Ok(())
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let m = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((m(a), m(b)), (Some(x), Some(y)) if x > y)
}

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's Chromium (Playwright's own browser download does not work offline).
pub fn ensure_chromium() -> Result<()> {
    if !Path::new(CHROMIUM).exists() {
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get").args(["install", "-y", "chromium"]))?;
    }
    Ok(())
}

pub const FIREFOX: &str = "/usr/bin/firefox-esr";

/// Debian's Firefox ESR, for the Firefox suite (driven by puppeteer-core over WebDriver BiDi;
/// Playwright's Firefox needs its own patched build, which cannot be downloaded here).
pub fn ensure_firefox() -> Result<()> {
    if !Path::new(FIREFOX).exists() {
        run(Command::new("apt-get").arg("update"))?;
        // Wait for a concurrent apt/dpkg (e.g. the Chromium install of another run) to finish.
        run(Command::new("apt-get").args([
            "install",
            "-y",
            "-o",
            "DPkg::Lock::Timeout=600",
            "firefox-esr",
        ]))?;
    }
    Ok(())
}
