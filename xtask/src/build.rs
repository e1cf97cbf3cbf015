//! `cargo xtask build`: the WASM engine (release, wasm-bindgen --target web, wasm-opt -Oz) and the
//! unpacked extensions `dist/chrome` and `dist/firefox`, assembled from `manifest.json` + `extension/`.

use crate::tools::{self, cargo, root};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(_args: &[&str]) -> Result<PathBuf> {
    tools::ensure_wasm_tools()?;
    tools::ensure_npm()?;
    let root = root();
    tools::run(cargo().args([
        "build",
        "--profile",
        "wasm-release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "tarawwi-wasm",
    ]))?;
    let wasm_in = root.join("target/wasm32-unknown-unknown/wasm-release/tarawwi_wasm.wasm");
    // TARAWWI_DIST lets parallel work trees build into their own folder (default: dist/).
    let dist = std::env::var_os("TARAWWI_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("dist"));
    let pkg = if std::env::var_os("TARAWWI_DIST").is_some() {
        dist.join("wasm-pkg")
    } else {
        root.join("target/wasm-pkg")
    };
    let _ = std::fs::remove_dir_all(&pkg);
    tools::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&pkg)
            .arg(&wasm_in),
    )?;
    let bg = pkg.join("tarawwi_wasm_bg.wasm");
    let wasm_opt = root.join("tests/e2e/node_modules/.bin/wasm-opt");
    if wasm_opt.exists() {
        tools::run(
            Command::new(&wasm_opt)
                .args([
                    "-Oz",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    "--enable-simd",
                    "-o",
                ])
                .arg(&bg)
                .arg(&bg),
        )?;
    } else {
        eprintln!("warning: wasm-opt (npm binaryen) not found; shipping unoptimized wasm");
    }
    for target in ["chrome", "firefox"] {
        let out = dist.join(target);
        let _ = std::fs::remove_dir_all(&out);
        copy_dir(&root.join("extension"), &out.join("extension"))?;
        copy_dir(&pkg, &out.join("extension/wasm"))?;
        vendor_toml_parser(&root, &out.join("extension/vendor/smol-toml.js"))?;
        // Browsers look for _locales at the package root only.
        let locales = out.join("extension/_locales");
        if locales.exists() {
            std::fs::rename(&locales, out.join("_locales"))?;
        }
        let manifest =
            std::fs::read_to_string(root.join("manifest.json")).context("manifest.json")?;
        let mut m: serde_json::Value =
            serde_json::from_str(&manifest).context("manifest.json is not valid JSON")?;
        if let Some(bg) = m.get_mut("background").and_then(|b| b.as_object_mut()) {
            if target == "chrome" {
                bg.remove("scripts");
            } else {
                bg.remove("service_worker");
            }
        }
        if target == "chrome" {
            if let Some(o) = m.as_object_mut() {
                o.remove("browser_specific_settings");
            }
        }
        std::fs::write(
            out.join("manifest.json"),
            serde_json::to_string_pretty(&m)? + "\n",
        )?;
    }
    let size = std::fs::metadata(dist.join("chrome/extension/wasm/tarawwi_wasm_bg.wasm"))?.len();
    eprintln!(
        "built {}/chrome and firefox (wasm {size} bytes)",
        dist.display()
    );
    Ok(dist.join("chrome"))
}

/// The TOML parser of custom packs (`background/toml.js`): npm `smol-toml` (pinned in
/// `tests/e2e/package.json`), its `parse` bundled into one minified ES module, license kept.
fn vendor_toml_parser(root: &Path, out: &Path) -> Result<()> {
    let e2e = root.join("tests/e2e");
    tools::run(
        Command::new(e2e.join("node_modules/.bin/esbuild"))
            .arg(e2e.join("node_modules/smol-toml/dist/parse.js"))
            .args([
                "--bundle",
                "--format=esm",
                "--minify",
                "--legal-comments=inline",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", out.display())),
    )
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        let name = entry.file_name().to_string_lossy().into_owned();
        // Sources of generated assets and notes stay out of the package.
        if name.ends_with(".py") || name.ends_with(".md") || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}
