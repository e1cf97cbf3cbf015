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

    /// Adds or replaces (by pack id) a custom pack given as TOML. Throws a message naming the
    /// file and the rule if it is malformed; the engine is then unchanged.
    #[wasm_bindgen(js_name = addPack)]
    pub fn add_pack(&mut self, file: &str, toml: &str) -> Result<JsValue, JsError> {
        let info = self
            .inner
            .add_pack(file, toml)
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&info)
    }

    /// Validates a pack without loading it: returns the failing examples (empty array when
    /// good) or throws the pack error.
    #[wasm_bindgen(js_name = lintPack)]
    pub fn lint_pack(&self, file: &str, toml: &str) -> Result<JsValue, JsError> {
        let failures = self
            .inner
            .lint_pack(file, toml)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let list: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        to_js(&list)
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

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
