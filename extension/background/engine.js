// The only importer of ../wasm/: instantiates the Rust engine once (lazily, cached promise, no
// top-level await) and hands out plain objects (copied out of WASM memory, never WASM handles).

import init, { Engine } from '../wasm/tarawwi_wasm.js';
import { parsePack } from './toml.js';

/** Names already marked: each start-up step is marked once per worker life (cold-start bench). */
const marked = new Set();
/** `performance.mark('tarawwi:<name>')` the first time only (read by bench/chromium). */
export function mark(name) {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(`tarawwi:${name}`);
}
mark('engine-module');

/** @type {Promise<Engine>|null} */
let ready = null;
/**
 * A short Arabic and English post with findings, checked once after the engine starts. V8
 * compiles WASM functions on their first call, so the first check of a fresh worker pays for
 * compiling the check's code (4–8 ms measured in Node, against 0.3 ms for a 5 000-character check
 * once compiled). Done on a 0 ms timer after start-up, not inside it, so a worker woken by a
 * composer getting focus has it done before the first key; a request already waiting pays the
 * compile either way (measured: no change). No `#` and no Arabizi in it: those build their
 * indexes on first need, and most posts need neither.
 */
const WARM_UP = 'هذا كتاب رسمي سري من الدائرة، والمدير فاشل. Between us, the internal memo says the audit is late.';
/** Messages per rule id, cached for the life of the worker. @type {Map<string, RuleMessages|null>} */
const messageCache = new Map();
/**
 * Sources of custom packs, asked every time the engine starts (given a function that returns the
 * built-in packs), so a restarted worker has them again. A pack that fails to load is skipped (the
 * engine keeps the others). @type {Array<(builtin: () => PackInfo[]) => Promise<Array<{file: string, toml: string}>>>}
 */
const packSources = [];

/** Register a source of custom packs (see `packSources`). */
export function addPackSource(fn) {
  packSources.push(fn);
}

/** Start the engine again (custom packs changed). @returns {Promise<Engine>} */
export function reload() {
  const old = ready;
  ready = null;
  messageCache.clear();
  // Free the old engine once nothing can still be using it (every use is synchronous after its await).
  if (old) old.then((e) => setTimeout(() => e.free && e.free(), 5000), () => {});
  return engine();
}

/**
 * Validate a custom pack against the loaded packs; throws the pack error.
 * @param {string} file @param {string} toml @returns {Promise<string[]>} failing examples
 */
export async function lint(file, toml) {
  const e = await engine();
  return e.lintPack(file, toml, parsePack(Engine, file, toml));
}

/**
 * The engine, instantiated on first use. A failed start is not cached, so the next call retries.
 * @returns {Promise<Engine>}
 */
export function engine() {
  if (!ready) {
    ready = (async () => {
      mark('wasm-init');
      await init({ module_or_path: new URL('../wasm/tarawwi_wasm_bg.wasm', import.meta.url) });
      mark('wasm-ready');
      const e = new Engine();
      mark('engine-new');
      if (packSources.length) {
        // The built-in packs, copied out of the engine only if a source asks (most start-ups don't).
        /** @type {PackInfo[]|undefined} */
        let copied;
        const builtin = () => (copied ??= e.packs().map((p) => ({ id: p.id, version: p.version, name: p.name, file: p.file, clauses: p.clauses })));
        for (const source of packSources) {
          let extra = [];
          try {
            extra = await source(builtin);
          } catch (err) {
            console.warn('tarawwi: custom pack source failed', err);
          }
          for (const { file, toml, lint, onResult } of extra) {
            try {
              // Admin packs (lint: true) must also pass their own examples.
              const value = parsePack(Engine, file, toml);
              const fails = lint ? e.lintPack(file, toml, value) : [];
              if (fails.length) throw new Error(`${file}: ${fails.join('; ')}`);
              e.addPack(file, toml, value);
              onResult?.(null);
            } catch (err) {
              console.warn(`tarawwi: custom pack ${file} not loaded`, err);
              onResult?.(String(err && err.message ? err.message : err));
            }
          }
        }
      }
      mark('engine-ready');
      setTimeout(() => {
        try {
          e.check(WARM_UP);
          mark('warm');
        } catch {
          // A failed warm-up changes nothing: the first real check reports its own error.
        }
      }, 0);
      return e;
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/**
 * A value derived from the loaded packs, made once per engine: `make()` runs on the first call and
 * again after `reload` (a failed `make` is not kept). Callers get the same value until then.
 * @template T @param {() => T | Promise<T>} make @returns {() => Promise<T>}
 */
export function perEngine(make) {
  /** @type {{e: Engine, value: Promise<T>}|null} */
  let cached = null;
  return async () => {
    const e = await engine();
    if (cached?.e !== e) {
      const value = Promise.resolve().then(make);
      cached = { e, value };
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  };
}

/**
 * Findings for `text` (UTF-16 offsets into it), in text order.
 * @param {string} text
 * @returns {Promise<Finding[]>}
 */
export async function check(text) {
  const e = await engine();
  if (!text) return [];
  // Already fresh plain objects with exactly these fields: the WASM check builds them in JS from
  // flat (rule, start, end) triples (tarawwi-wasm `tarawwi_findings`), so no copy is needed.
  /** @type {Finding[]} */
  const findings = e.check(text);
  return findings.sort((a, b) => a.start - b.start || b.end - a.end);
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

/**
 * Every loaded rule's messages (for the per-rule switches in the options page).
 * @returns {Promise<RuleMessages[]>}
 */
export async function rules() {
  const e = await engine();
  return e.rules().map((m) => ({ id: m.id, pack: m.pack, category: m.category, severity: m.severity, clause: m.clause, title: m.title, why: m.why, safer: m.safer }));
}
