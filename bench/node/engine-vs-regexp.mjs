// Node benchmark: the WASM engine (wasm-bindgen --target web build, as shipped) against what a
// typical extension does — one big RegExp alternation of the same terms, flags `giu`, over the
// text — on the inputs `cargo xtask bench` wrote to target/bench/inputs/.
//
// usage: node bench/node/engine-vs-regexp.mjs --pkg target/wasm-pkg --inputs target/bench/inputs
//        [--min-time-ms 400] [--quick]
// Prints one JSON object on stdout: { node, init, terms, regexpCompileMs, results: [...] }.
// Timings only; nothing here asserts on them.

import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
const pkg = resolve(opt('pkg', 'target/wasm-pkg'));
const inputsDir = resolve(opt('inputs', 'target/bench/inputs'));
const minTimeMs = Number(opt('min-time-ms', quick ? '5' : '400'));

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

/**
 * Median time of one call of `fn`, in ms: warm-up, then batches sized to last ≥ 1 ms each until
 * `minTimeMs` has passed and at least `minBatches` batches ran.
 */
function measure(fn, { minBatches = quick ? 1 : 7 } = {}) {
  let sink = 0;
  // Warm-up (JIT, caches), and a first estimate.
  const w0 = now();
  let warm = 0;
  do {
    sink += fn();
    warm++;
  } while (now() - w0 < Math.min(minTimeMs / 4, 100) && warm < 1000);
  const est = (now() - w0) / warm;
  const batch = Math.max(1, Math.ceil(1 / Math.max(est, 1e-6)));
  // Slow calls (the RegExp on long texts): fewer batches.
  if (est > 100) minBatches = Math.min(minBatches, 3);
  const per = [];
  const t0 = now();
  while (per.length < minBatches || now() - t0 < minTimeMs) {
    const b0 = now();
    for (let i = 0; i < batch; i++) sink += fn();
    per.push((now() - b0) / batch);
    if (per.length >= 10_000) break;
  }
  per.sort((a, b) => a - b);
  return { ms: per[Math.floor(per.length / 2)], min: per[0], batches: per.length, batch, sink };
}

// --- the engine ---------------------------------------------------------------------------
const t0 = now();
const mod = await import(pathToFileURL(join(pkg, 'tarawwi_wasm.js')).href);
const bytes = readFileSync(join(pkg, 'tarawwi_wasm_bg.wasm'));
const t1 = now();
const compiled = new WebAssembly.Module(bytes);
const t2 = now();
mod.initSync({ module: compiled });
const t3 = now();
const engine = new mod.Engine();
const t4 = now();
const first = engine.check('Between us, here is the internal memo about the case files.');
const t5 = now();
const init = {
  importAndReadMs: t1 - t0,
  compileMs: t2 - t1,
  instantiateMs: t3 - t2,
  newEngineMs: t4 - t3,
  firstCheckMs: t5 - t4,
  totalMs: t5 - t0,
  firstFindings: first.length,
};

// --- the RegExp baseline --------------------------------------------------------------------
const terms = JSON.parse(readFileSync(join(inputsDir, '..', 'terms.json'), 'utf8'));
// Syntax characters only: the `u` flag rejects any other identity escape (e.g. `\-`).
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
const r0 = now();
const alternation = [...terms].sort((a, b) => b.length - a.length).map(escape).join('|');
const re = new RegExp(alternation, 'giu');
'warm the regexp up once'.match(re);
const regexpCompileMs = now() - r0;

/** What a typical extension does: every match's range, to highlight. */
function regexpCheck(text) {
  const out = [];
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

// --- run ------------------------------------------------------------------------------------
const files = readdirSync(inputsDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => {
    const m = /^(.+)-(\d+)\.txt$/.exec(f);
    return { file: f, kind: m[1], chars: Number(m[2]) };
  })
  .sort((a, b) => a.kind.localeCompare(b.kind) || a.chars - b.chars);

const results = [];
for (const { file, kind, chars } of files) {
  const text = readFileSync(join(inputsDir, file), 'utf8');
  const findings = engine.check(text).length;
  const matches = regexpCheck(text).length;
  const wasm = measure(() => engine.check(text).length);
  const regexp = measure(() => regexpCheck(text).length);
  results.push({
    kind,
    chars,
    utf16: text.length,
    findings,
    regexpMatches: matches,
    wasmMs: wasm.ms,
    wasmMinMs: wasm.min,
    regexpMs: regexp.ms,
    regexpMinMs: regexp.min,
    batches: { wasm: wasm.batches, regexp: regexp.batches },
  });
  process.stderr.write(
    `node: ${kind}/${chars}: wasm ${wasm.ms.toFixed(4)} ms, regexp ${regexp.ms.toFixed(4)} ms\n`,
  );
}

engine.free?.();
process.stdout.write(
  JSON.stringify({ node: process.version, init, terms: terms.length, regexpCompileMs, results }, null, 1) + '\n',
);
