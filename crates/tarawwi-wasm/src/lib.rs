//! Thin wasm-bindgen facade over `tarawwi-engine`: translation only, no logic.
//!
//! JS sees one class, `Engine`, whose results are plain objects (copied out of WASM memory), with
//! spans already in UTF-16 code units of the checked string.
#![deny(missing_docs)]

use serde::Serialize;
use std::cell::OnceCell;

mod de;
use wasm_bindgen::prelude::*;

/// The rule engine with the built-in packs.
#[wasm_bindgen]
pub struct Engine {
    inner: tarawwi_engine::Engine,
    /// `[{rule, category, severity, clause}]` by rule index, for [`Engine::check`]; built on the
    /// first check after the rules change.
    rule_table: OnceCell<JsValue>,
}

/// The per-rule fields of a finding, as `serde` would write them in a `Finding`.
#[derive(Serialize)]
struct RuleFields<'a> {
    rule: &'a str,
    category: tarawwi_engine::Category,
    severity: tarawwi_engine::Severity,
    clause: &'a str,
}

// Builds the findings on the JS side, from the flat `(rule index, start, end)` triples and the
// rule table: one object per finding with the same fields, in the same order, as a serialized
// `Finding`, and `text` sliced from the checked string itself (no UTF-8 → UTF-16 decoding).
#[wasm_bindgen(inline_js = "export function tarawwi_findings(text, flat, table) {
  const n = flat.length / 3;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = table[flat[3 * i]];
    const start = flat[3 * i + 1];
    const end = flat[3 * i + 2];
    out[i] = { rule: r.rule, category: r.category, severity: r.severity, clause: r.clause, start, end, text: text.slice(start, end) };
  }
  return out;
}")]
extern "C" {
    fn tarawwi_findings(text: &JsValue, flat: &[u32], table: &JsValue) -> JsValue;
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&ser).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl Engine {
    /// Builds the engine with the built-in packs.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine {
            inner: tarawwi_engine::Engine::builtin(),
            rule_table: OnceCell::new(),
        }
    }

    /// Checks `text`; returns `[{rule, category, severity, clause, start, end, text}]`
    /// (UTF-16 offsets into `text`).
    pub fn check(&self, text: &JsValue) -> Result<JsValue, JsError> {
        let Some(s) = text.as_string() else {
            return Err(JsError::new("check: text must be a string"));
        };
        let spans = self.inner.check_spans(&s);
        if spans.is_empty() {
            return Ok(tarawwi_findings(text, &[], &JsValue::NULL));
        }
        let table = match self.rule_table.get() {
            Some(t) => t,
            None => {
                let fields: Vec<RuleFields> = (self.inner.rules())
                    .map(|r| RuleFields {
                        rule: &r.id,
                        category: r.category,
                        severity: r.severity,
                        clause: &r.clause.id,
                    })
                    .collect();
                let t = to_js(&fields)?;
                self.rule_table.get_or_init(|| t)
            }
        };
        let flat: Vec<u32> = spans.iter().flat_map(|&(r, s, e)| [r, s, e]).collect();
        Ok(tarawwi_findings(text, &flat, table))
    }

    /// Adds or replaces (by pack id) a custom pack: `value` is the TOML text `toml` as parsed in
    /// JS (the engine is built without a TOML parser; `toml` names the rule and line of an
    /// error). Throws a message naming the file and the rule if it is malformed; the engine is
    /// then unchanged.
    #[wasm_bindgen(js_name = addPack)]
    pub fn add_pack(&mut self, file: &str, toml: &str, value: JsValue) -> Result<JsValue, JsError> {
        let def = pack(file, toml, value)?;
        let info = self.inner.add_pack_def(file, def).map_err(js_error)?;
        self.rule_table = OnceCell::new();
        to_js(&info)
    }

    /// Validates a pack (as for `addPack`) without loading it: returns the failing examples
    /// (empty array when good) or throws the pack error.
    #[wasm_bindgen(js_name = lintPack)]
    pub fn lint_pack(&self, file: &str, toml: &str, value: JsValue) -> Result<JsValue, JsError> {
        let def = pack(file, toml, value)?;
        let failures = self.inner.lint_pack_def(file, def).map_err(js_error)?;
        let list: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        to_js(&list)
    }

    /// The message of a TOML syntax error the JS parser found in `toml` at 1-based `line` and
    /// `column` (UTF-16), naming the file and, if it is inside one, the rule.
    #[wasm_bindgen(js_name = tomlError)]
    pub fn toml_error(file: &str, toml: &str, line: u32, column: u32, message: &str) -> String {
        let pos = Some((line as usize, column as usize));
        tarawwi_engine::pack_error_at(file, toml, pos, None, message).to_string()
    }

    /// Messages of one rule: `{id, pack, category, severity, clause: {id, title, text, guidance},
    /// title, why, safer}` with `{en, ar}` strings, or `null`.
    pub fn messages(&self, rule: &str) -> Result<JsValue, JsError> {
        match self.inner.rule(rule) {
            Some(r) => to_js(r),
            None => Ok(JsValue::NULL),
        }
    }

    /// Every rule's messages.
    pub fn rules(&self) -> Result<JsValue, JsError> {
        let all: Vec<_> = self.inner.rules().collect();
        to_js(&all)
    }

    /// The loaded packs with their clauses (for the guidance digest).
    pub fn packs(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.packs())
    }
}

fn js_error(e: tarawwi_engine::PackError) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads a pack parsed in JS (see [`de`]).
fn pack(file: &str, toml: &str, value: JsValue) -> Result<tarawwi_engine::PackDef, JsError> {
    tarawwi_engine::parse_pack_value(file, toml, de::Value(value)).map_err(js_error)
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
