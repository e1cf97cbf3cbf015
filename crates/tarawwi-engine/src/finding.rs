//! A finding: one rule that fired on one span of the text.

use crate::pack::{Category, Severity};
use serde::Serialize;

/// One rule that fired on one span of the checked text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id, e.g. `iq.political.foreign-attack`.
    pub rule: String,
    /// Category of the rule.
    pub category: Category,
    /// Severity of the rule.
    pub severity: Severity,
    /// Clause id the rule rests on, e.g. `iq-5`.
    pub clause: String,
    /// Start, in UTF-16 code units of the original text.
    pub start: u32,
    /// End (exclusive), in UTF-16 code units of the original text.
    pub end: u32,
    /// The original text of the span.
    pub text: String,
}
