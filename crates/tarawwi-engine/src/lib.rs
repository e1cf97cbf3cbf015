//! # tarawwi-engine
//!
//! The Tarawwi rule engine: checks a social-media post written in Arabic (MSA or Iraqi dialect),
//! English or both against policy rule packs, and returns findings with **UTF-16 code-unit spans
//! into the original text** (what JavaScript and DOM ranges use).
//!
//! Pure Rust: no I/O, no WASM or browser dependency. The built-in packs (`packs/*.toml`) are
//! validated when this crate is built and embedded in it.
//!
//! ```
//! use tarawwi_engine::{Category, Engine};
//!
//! let engine = Engine::builtin();
//! let text = "Between us, here is the internal memo about the case files — don't share it.";
//! let findings = engine.check(text);
//! assert!(findings.iter().any(|f| f.category == Category::Confidential));
//! for f in &findings {
//!     // start/end are UTF-16 offsets: slice with them in JS, or convert in Rust.
//!     let rule = engine.rule(&f.rule).unwrap();
//!     println!("{} [{}] {}", f.rule, f.clause, rule.title.en);
//! }
//! ```
#![deny(missing_docs)]

mod arabizi;
mod engine;
mod finding;
mod matcher;
mod nfkd;
mod normalize;
mod pack;
mod segment;

pub use engine::{Engine, ExampleFailure, PackInfo, RuleInfo};
pub use finding::{Finding, Id};
pub use normalize::{normalize, Normalized};
pub use pack::{
    pack_error_at, parse_pack_value, Category, ClauseDef, Localized, PackDef, PackError, Severity,
};

#[cfg(test)]
mod tests;
