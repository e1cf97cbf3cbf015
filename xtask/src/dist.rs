//! `cargo xtask dist`: versioned store packages (`dist/tarawwi-{chrome,firefox}-<version>.zip`)
//! with only the files the extension needs, the Windows Group Policy templates
//! (`dist/tarawwi-policy-templates-<version>.zip`, see `admx.rs`), and `dist/SHA256SUMS`.

use crate::build;
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files that never go into a package (sources of generated assets, notes).
fn excluded(rel: &str) -> bool {
    rel.ends_with(".py") || rel.ends_with(".md") || rel.ends_with(".map") || rel.contains("/.")
}

pub fn run(args: &[&str]) -> Result<()> {
    let chrome = build::run(args)?;
    let dist = chrome.parent().unwrap().to_path_buf();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(chrome.join("manifest.json"))?)?;
    let version = manifest["version"]
        .as_str()
        .context("manifest.json has no version")?
        .to_string();
    // Group Policy templates for Chrome on Windows, for the administrators (docs/ADMIN.md).
    let policy = dist.join("policy");
    let _ = std::fs::remove_dir_all(&policy);
    crate::admx::write(&policy.join("windows"), crate::admx::PLACEHOLDER_ID)?;
    let packages = [
        (dist.join("chrome"), "chrome"),
        (dist.join("firefox"), "firefox"),
        (policy, "policy-templates"),
    ];
    let mut sums = String::new();
    for (dir, name) in &packages {
        let zip_path = dist.join(format!("tarawwi-{name}-{version}.zip"));
        let files = write_zip(dir, &zip_path)?;
        let digest = Sha256::digest(std::fs::read(&zip_path)?);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        sums.push_str(&format!(
            "{hex}  {}\n",
            zip_path.file_name().unwrap().to_string_lossy()
        ));
        eprintln!(
            "wrote {} ({files} files, {} bytes)",
            zip_path.display(),
            std::fs::metadata(&zip_path)?.len()
        );
    }
    std::fs::write(dist.join("SHA256SUMS"), &sums)?;
    eprint!("dist/SHA256SUMS:\n{sums}");
    Ok(())
}

fn write_zip(dir: &Path, out: &Path) -> Result<usize> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    // Fixed timestamps keep the package reproducible.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for rel in &files {
        zip.start_file(rel.as_str(), options)?;
        zip.write_all(&std::fs::read(dir.join(rel))?)?;
    }
    zip.finish()?;
    Ok(files.len())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path: PathBuf = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)?
                .to_string_lossy()
                .replace('\\', "/");
            if !excluded(&format!("/{rel}")) {
                out.push(rel);
            }
        }
    }
    Ok(())
}
