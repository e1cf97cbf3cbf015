//! The rule-pack file format (TOML), its parser and its structural validation.
//!
//! This file is also compiled into `build.rs` (via `#[path]`), so the embedded packs are validated
//! when the crate is built: it depends only on `serde`, `basic-toml` and `std`.

use serde::Deserialize;
use std::fmt;

/// A string in English and Arabic.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English text.
    pub en: String,
    /// Arabic text.
    pub ar: String,
}

impl Localized {
    /// The text in `lang` ("ar" gives Arabic, anything else English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "ar" {
            &self.ar
        } else {
            &self.en
        }
    }
}

/// The policy area a finding belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Partisan or harmful political statements.
    Political,
    /// Disparaging the institution, its leaders or colleagues.
    Reputation,
    /// Disclosing non-public official information.
    Confidential,
    /// Anonymous or pseudonymous posting about the institution.
    Anonymity,
    /// Dealing with journalists or bloggers directly.
    Media,
    /// Relying on a closed group, friends-only audience or DM being private.
    PrivateAudience,
    /// Likes, reposts, follows, comments as publishing; answering public enquiries personally.
    Interaction,
    /// Insults, abuse, vulgarity.
    Civility,
}

impl Category {
    /// Every category, in a stable order.
    pub const ALL: [Category; 8] = [
        Category::Political,
        Category::Reputation,
        Category::Confidential,
        Category::Anonymity,
        Category::Media,
        Category::PrivateAudience,
        Category::Interaction,
        Category::Civility,
    ];

    /// The wire name (`private-audience`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Political => "political",
            Category::Reputation => "reputation",
            Category::Confidential => "confidential",
            Category::Anonymity => "anonymity",
            Category::Media => "media",
            Category::PrivateAudience => "private-audience",
            Category::Interaction => "interaction",
            Category::Civility => "civility",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is. Ordered: `Info < Warn < High`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice only.
    Info,
    /// Likely breach.
    Warn,
    /// Serious breach.
    High,
}

impl Severity {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A clause of the policy, quoted in both languages.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseDef {
    /// Clause id, e.g. `iq-5`.
    pub id: String,
    /// Short heading.
    pub title: Localized,
    /// The clause quoted (Arabic verbatim from the source, English translation).
    pub text: Localized,
    /// One-sentence advice for a post.
    pub guidance: Localized,
}

/// One rule as written in a pack file.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id, `<prefix>.<category>.<slug>`.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// Clause id in the same pack.
    pub clause: String,
    /// Anchor terms.
    pub terms: Vec<String>,
    /// Context groups: each must have a term within `window` words of the anchor.
    #[serde(default)]
    pub near: Vec<Vec<String>>,
    /// Window in words.
    #[serde(default)]
    pub window: Option<u32>,
    /// Terms that cancel the finding within the window.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Terms that cancel the finding anywhere in the text.
    #[serde(default)]
    pub unless_anywhere: Vec<String>,
    /// Allow English/Arabic plural and inflection suffixes.
    #[serde(default)]
    pub suffixes: bool,
    /// Also match Iraqi ق→گ and ك→چ spellings.
    #[serde(default)]
    pub iraqi_variants: bool,
    /// Card title.
    pub title: Localized,
    /// Why it risks a breach.
    pub why: Localized,
    /// A safer way to say it.
    pub safer: Localized,
    /// Examples that must produce this rule.
    #[serde(default)]
    pub should_flag: Vec<String>,
    /// Examples that must not produce this rule.
    #[serde(default)]
    pub should_not_flag: Vec<String>,
}

/// A whole pack file.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackDef {
    /// Pack id.
    pub id: String,
    /// Version string.
    pub version: String,
    /// Display name.
    pub name: Localized,
    /// Where the policy text comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// Clauses.
    #[serde(default)]
    pub clauses: Vec<ClauseDef>,
    /// Rules.
    #[serde(default, deserialize_with = "rules_seq")]
    pub rules: Vec<RuleDef>,
}

/// Largest window a rule may ask for, in words.
pub const MAX_WINDOW: u32 = 40;
/// Default window, in words.
pub const DEFAULT_WINDOW: u32 = 8;

/// A pack that could not be loaded: names the file, the rule (when known) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// File name (or a label such as `<custom>`).
    pub file: String,
    /// Rule id, when the problem is inside a rule.
    pub rule: Option<String>,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ": rule '{rule}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PackError {}

impl PackError {
    pub(crate) fn new(file: &str, rule: Option<&str>, message: impl Into<String>) -> Self {
        PackError {
            file: file.to_string(),
            rule: rule.map(str::to_string),
            line: None,
            message: message.into(),
        }
    }
}

/// The id of the `[[rules]]` table that contains byte `offset`, if any.
fn rule_at(src: &str, offset: usize) -> Option<String> {
    let offset = offset.min(src.len());
    let head = src[..offset].rfind("[[rules]]")?;
    // No other table header may start between the rule header and the offset.
    let between = &src[head + 9..offset];
    if between.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with('[')
            && !t.starts_with("[[rules.")
            && t.starts_with("[[")
            && !t.starts_with("[[rules]]")
    }) {
        return None;
    }
    let body_end = src[head + 9..]
        .find("\n[[")
        .map_or(src.len(), |i| head + 9 + i);
    src[head..body_end].lines().find_map(|l| {
        let t = l.trim();
        let rest = t.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        Some(rest.trim_matches('"').to_string())
    })
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
}

thread_local! {
    /// Index of the rule being deserialized (`usize::MAX` outside the `rules` array): TOML errors
    /// such as a missing field or an unknown category carry no usable position, so this is how
    /// [`parse_pack`] knows which rule to name.
    static RULE_INDEX: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// Deserializes `rules`, recording the index of each rule in [`RULE_INDEX`] while it is read.
fn rules_seq<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<RuleDef>, D::Error> {
    struct Rules;
    impl<'de> serde::de::Visitor<'de> for Rules {
        type Value = Vec<RuleDef>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of rules")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut rules = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            loop {
                RULE_INDEX.with(|i| i.set(rules.len()));
                match seq.next_element()? {
                    Some(r) => rules.push(r),
                    None => break,
                }
            }
            RULE_INDEX.with(|i| i.set(usize::MAX));
            Ok(rules)
        }
    }
    d.deserialize_seq(Rules)
}

/// Byte range of the `n`-th `[[rules]]` table (header included), if the rules are written as
/// tables.
fn rule_table(src: &str, n: usize) -> Option<std::ops::Range<usize>> {
    let mut heads = src
        .match_indices("[[rules]]")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || src.as_bytes()[i - 1] == b'\n');
    let start = heads.nth(n)?;
    Some(start..heads.next().unwrap_or(src.len()))
}

/// Parses a pack and checks its structure (ids, clause references, non-empty messages and terms).
/// Term normalization is checked later, when the engine compiles the pack.
pub fn parse_pack(file: &str, src: &str) -> Result<PackDef, PackError> {
    let pack: PackDef = basic_toml::from_str(src).map_err(|e| {
        // basic-toml appends the position to its message; it goes to `line` (and `rule`) here.
        let pos = e.line_col();
        let full = e.to_string();
        let message = match pos {
            Some((line, col)) => full
                .strip_suffix(&format!(" at line {} column {}", line + 1, col + 1))
                .unwrap_or(&full),
            None => &full,
        };
        locate(
            file,
            src,
            pos.map(|(line, col)| offset_of(src, line, col)),
            message,
        )
    })?;
    validate(file, &pack)?;
    Ok(pack)
}

/// [`parse_pack`] for a pack whose TOML was parsed elsewhere (the extension parses it in
/// JavaScript): `d` reads the parsed document, `src` is its text, used to name the rule and the
/// line of an error.
pub fn parse_pack_value<'de, D: serde::Deserializer<'de>>(
    file: &str,
    src: &str,
    d: D,
) -> Result<PackDef, PackError> {
    RULE_INDEX.with(|i| i.set(usize::MAX));
    let pack = PackDef::deserialize(d).map_err(|e| locate(file, src, None, &e.to_string()))?;
    validate(file, &pack)?;
    Ok(pack)
}

/// An error in the pack text `src` found outside [`parse_pack_value`]: at 1-based `line` and
/// `column` (in UTF-16 code units, as JavaScript counts), or in the rule at `rule_index` of the
/// `rules` array, or neither. Named with its rule and line as [`parse_pack`] does.
pub fn pack_error_at(
    file: &str,
    src: &str,
    position: Option<(usize, usize)>,
    rule_index: Option<usize>,
    message: &str,
) -> PackError {
    RULE_INDEX.with(|i| i.set(rule_index.unwrap_or(usize::MAX)));
    let offset = position.map(|(line, col)| offset_of_utf16(src, line.max(1) - 1, col.max(1) - 1));
    locate(file, src, offset, message)
}

/// The error `message` at byte `offset` of `src` (if known), named with its rule and line. An
/// error inside a rule (per [`RULE_INDEX`], which is reset) points into that rule's table if the
/// offset is elsewhere.
fn locate(file: &str, src: &str, offset: Option<usize>, message: &str) -> PackError {
    let mut offset = offset;
    let index = RULE_INDEX.with(|i| i.replace(usize::MAX));
    if let Some(table) = rule_table(src, index) {
        if !offset.is_some_and(|o| table.contains(&o)) {
            offset = Some(table.start);
        }
    }
    PackError {
        file: file.to_string(),
        rule: offset.and_then(|o| rule_at(src, rule_header_end(src, o))),
        line: offset.map(|o| line_of(src, o)),
        message: message.trim().to_string(),
    }
}

/// Byte offset of 0-based (`line`, `col` in UTF-16 code units) in `src`, on a char boundary.
fn offset_of_utf16(src: &str, line: usize, col: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    let mut offset = start.min(src.len());
    for c in src[offset..].chars() {
        if units >= col || c == '\n' {
            break;
        }
        units += c.len_utf16();
        offset += c.len_utf8();
    }
    offset
}

/// `offset`, or the end of the `[[rules]]` header that starts there (so [`rule_at`] finds it).
fn rule_header_end(src: &str, offset: usize) -> usize {
    if src
        .get(offset..)
        .is_some_and(|s| s.starts_with("[[rules]]"))
    {
        offset + "[[rules]]".len()
    } else {
        offset
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Byte offset of 0-based (`line`, byte `col`) in `src`.
fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line).map(str::len).sum();
    (start + col).min(src.len())
}

fn check_localized(
    file: &str,
    rule: Option<&str>,
    field: &str,
    l: &Localized,
) -> Result<(), PackError> {
    if l.en.trim().is_empty() || l.ar.trim().is_empty() {
        return Err(PackError::new(
            file,
            rule,
            format!("field '{field}' needs both 'en' and 'ar' text"),
        ));
    }
    Ok(())
}

pub(crate) fn validate(file: &str, pack: &PackDef) -> Result<(), PackError> {
    if !is_id(&pack.id) {
        return Err(PackError::new(
            file,
            None,
            format!(
                "pack id '{}' must be lowercase letters, digits, '-', '.'",
                pack.id
            ),
        ));
    }
    if pack.version.trim().is_empty() {
        return Err(PackError::new(file, None, "field 'version' is empty"));
    }
    check_localized(file, None, "name", &pack.name)?;
    let mut clause_ids = std::collections::HashSet::new();
    for c in &pack.clauses {
        if !is_id(&c.id) {
            return Err(PackError::new(
                file,
                None,
                format!("clause id '{}' is not a valid id", c.id),
            ));
        }
        if !clause_ids.insert(c.id.as_str()) {
            return Err(PackError::new(
                file,
                None,
                format!("clause '{}' is defined twice", c.id),
            ));
        }
        check_localized(file, None, &format!("clauses.{}.title", c.id), &c.title)?;
        check_localized(file, None, &format!("clauses.{}.text", c.id), &c.text)?;
        check_localized(
            file,
            None,
            &format!("clauses.{}.guidance", c.id),
            &c.guidance,
        )?;
    }
    let mut rule_ids = std::collections::HashSet::new();
    for r in &pack.rules {
        let id = Some(r.id.as_str());
        if !is_id(&r.id) {
            return Err(PackError::new(
                file,
                id,
                "rule id must be lowercase letters, digits, '-', '.'",
            ));
        }
        if !rule_ids.insert(r.id.as_str()) {
            return Err(PackError::new(
                file,
                id,
                "rule id is used twice in this pack",
            ));
        }
        if !clause_ids.contains(r.clause.as_str()) {
            return Err(PackError::new(
                file,
                id,
                format!("clause '{}' is not defined in this pack", r.clause),
            ));
        }
        if r.terms.is_empty() {
            return Err(PackError::new(
                file,
                id,
                "field 'terms' is empty: a rule needs at least one anchor term",
            ));
        }
        for (g, group) in r.near.iter().enumerate() {
            if group.is_empty() {
                return Err(PackError::new(
                    file,
                    id,
                    format!("near group {} is empty", g + 1),
                ));
            }
        }
        let all_terms = r
            .terms
            .iter()
            .chain(r.near.iter().flatten())
            .chain(&r.unless)
            .chain(&r.unless_anywhere);
        for t in all_terms {
            if t.trim().trim_end_matches('*').trim().is_empty() {
                return Err(PackError::new(file, id, "a term is empty"));
            }
            if t.trim_end_matches('*').contains('*') {
                return Err(PackError::new(
                    file,
                    id,
                    format!("term '{t}': '*' is only allowed at the end"),
                ));
            }
        }
        if let Some(w) = r.window {
            if w == 0 || w > MAX_WINDOW {
                return Err(PackError::new(
                    file,
                    id,
                    format!("window {w} is out of range 1..={MAX_WINDOW}"),
                ));
            }
        }
        check_localized(file, id, "title", &r.title)?;
        check_localized(file, id, "why", &r.why)?;
        check_localized(file, id, "safer", &r.safer)?;
    }
    Ok(())
}
