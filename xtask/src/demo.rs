//! `cargo xtask demo`: builds the extension (installing what is missing) and opens Chromium with
//! it on the local X and Facebook fixture pages. Without a display it runs headless and saves
//! screenshots (composer with highlights, warning card, review panel, popup) to `target/demo/`.
//! Then it runs the CLI on a few sample posts.

use crate::build;
use crate::tools::{self, cargo};
use anyhow::Result;
use std::process::Command;

const SAMPLES: &[&str] = &[
    "بيناتنا، هذا كتاب رسمي سري من الدائرة لا تنشروه",
    "The Iranian regime are criminals and our government are their puppets",
    "Thanks for reaching out — please contact our press office for any comment.",
    "هاي البيتزا إجرامية 😋 this pizza is criminal",
];

pub fn run(args: &[&str]) -> Result<()> {
    let dist = build::run(&[])?;
    tools::ensure_chromium()?;
    let root = tools::root();
    let e2e = root.join("tests/e2e");
    tools::run(
        Command::new("npm")
            .args(["run", "build:fixtures"])
            .current_dir(&e2e),
    )?;
    let mut demo = Command::new("node");
    demo.arg("demo.mjs")
        .args(args)
        .current_dir(&e2e)
        .env("TARAWWI_EXTENSION_DIR", &dist);
    tools::run(&mut demo)?;

    tools::run(cargo().args(["build", "--quiet", "--release", "-p", "tarawwi-cli"]))?;
    println!("\nThe same engine on the command line (target/release/tarawwi check …):");
    for s in SAMPLES {
        println!("────────────────────────────────────────");
        let _ = Command::new(root.join("target/release/tarawwi"))
            .args(["check", s])
            .status();
    }
    Ok(())
}
