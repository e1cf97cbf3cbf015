//! Thin wasm-bindgen facade over `tarawwi-engine`: translation only, no logic.
//!
//! JS sees one class, `Engine`, whose results are plain objects (copied out of WASM memory), with
//! spans already in UTF-16 code units of the checked string.
#![deny(missing_docs)]

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The rule engine with the built-in packs.
#[wasm_bindgen]
pub struct Engine {
    inner: tarawwi_engine::Engine,
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
        }
    }

    /// Checks `text`; returns `[{rule, category, severity, clause, start, end, text}]`
    /// (UTF-16 offsets into `text`).
    pub fn check(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.check(text))
    }

    /// Adds or replaces (by pack id) a custom pack: `value` is the TOML text `toml` as parsed in
    /// JS (the engine is built without a TOML parser; `toml` names the rule and line of an
    /// error). Throws a message naming the file and the rule if it is malformed; the engine is
    /// then unchanged.
    #[wasm_bindgen(js_name = addPack)]
    pub fn add_pack(&mut self, file: &str, toml: &str, value: JsValue) -> Result<JsValue, JsError> {
        let def = pack(file, toml, value)?;
        let info = self.inner.add_pack_def(file, def).map_err(js_error)?;
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

/// Reads a pack parsed in JS. serde-wasm-bindgen reads only the fields a struct has, so a key
/// the format does not have (an error for the native parser) is looked for here: every key of
/// `value` must be in the pack read back out.
fn pack(file: &str, toml: &str, value: JsValue) -> Result<tarawwi_engine::PackDef, JsError> {
    let de = serde_wasm_bindgen::Deserializer::from(value.clone());
    let def = tarawwi_engine::parse_pack_value(file, toml, de).map_err(|mut e| {
        // serde-wasm-bindgen's errors are JS `Error`s, shown as "Error: message"; a string or
        // number where the format has an array (the only place it reaches for an iterator) fails
        // in JS with a TypeError about `Reflect.get`.
        if let Some(m) = e.message.strip_prefix("Error: ") {
            e.message = m.to_string();
        } else if e.message.starts_with("TypeError: ") {
            e.message = "invalid type, expected an array".to_string();
        }
        js_error(e)
    })?;
    let known = to_js(&def)?;
    if let Some((key, rule)) = unknown_key(&value, &known, None, true) {
        let msg = format!("unknown field `{key}`");
        return Err(js_error(tarawwi_engine::pack_error_at(
            file, toml, None, rule, &msg,
        )));
    }
    Ok(def)
}

/// The first key of `value` (a parsed TOML document, or part of one) that `known` lacks, with
/// the index of the rule it is in. `top`: `value` is the whole document.
fn unknown_key(
    value: &JsValue,
    known: &JsValue,
    rule: Option<usize>,
    top: bool,
) -> Option<(String, Option<usize>)> {
    if js_sys::Array::is_array(value) {
        let (value, known) = (js_sys::Array::from(value), js_sys::Array::from(known));
        for i in 0..value.length() {
            let r = if top { Some(i as usize) } else { rule };
            if let Some(found) = unknown_key(&value.get(i), &known.get(i), r, false) {
                return Some(found);
            }
        }
        return None;
    }
    if !value.is_object() || !known.is_object() {
        return None;
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        if !js_sys::Reflect::has(known, &key).unwrap_or(false) {
            return Some((key.as_string().unwrap_or_default(), rule));
        }
        let top_rules = top && key.as_string().as_deref() == Some("rules");
        let (v, k) = (
            js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED),
            js_sys::Reflect::get(known, &key).unwrap_or(JsValue::UNDEFINED),
        );
        if let Some(found) = unknown_key(&v, &k, rule, top_rules) {
            return Some(found);
        }
    }
    None
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
