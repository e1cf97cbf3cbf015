// The only importer of ../wasm/: instantiates the Rust engine once (lazily, cached promise, no
// top-level await) and copies everything it returns into plain objects.

import init, { Engine } from '../wasm/tarawwi_wasm.js';

/** @type {Promise<Engine>|null} */
let ready = null;
/** Messages per rule id, cached for the life of the worker. @type {Map<string, RuleMessages|null>} */
const messageCache = new Map();

/**
 * The engine, instantiated on first use. A failed start is not cached, so the next call retries.
 * @returns {Promise<Engine>}
 */
export function engine() {
  if (!ready) {
    ready = (async () => {
      await init({ module_or_path: new URL('../wasm/tarawwi_wasm_bg.wasm', import.meta.url) });
      return new Engine();
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/**
 * Findings for `text` (UTF-16 offsets into it), in text order.
 * @param {string} text
 * @returns {Promise<Finding[]>}
 */
export async function check(text) {
  const e = await engine();
  if (!text) return [];
  /** @type {Finding[]} */
  const findings = e.check(text);
  return findings
    .map((f) => ({
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      clause: f.clause,
      start: f.start,
      end: f.end,
      text: f.text,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Messages of the given rules, by id (unknown rules are left out).
 * @param {Iterable<string>} ruleIds
 * @returns {Promise<Object<string, RuleMessages>>}
 */
export async function messages(ruleIds) {
  const e = await engine();
  /** @type {Object<string, RuleMessages>} */
  const out = {};
  for (const id of ruleIds) {
    if (!messageCache.has(id)) {
      const m = e.messages(id);
      messageCache.set(
        id,
        m && {
          id: m.id,
          pack: m.pack,
          category: m.category,
          severity: m.severity,
          clause: m.clause,
          title: m.title,
          why: m.why,
          safer: m.safer,
        },
      );
    }
    const m = messageCache.get(id);
    if (m) out[id] = m;
  }
  return out;
}

/**
 * The loaded packs with their clauses, for the guidance digest.
 * @returns {Promise<PackInfo[]>}
 */
export async function packs() {
  const e = await engine();
  return e.packs().map((p) => ({ id: p.id, version: p.version, name: p.name, file: p.file, clauses: p.clauses }));
}
