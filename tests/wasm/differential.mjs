#!/usr/bin/env node
// Differential test: the WASM engine (what the extension runs) and the native CLI must return
// identical findings — same rules, categories, severities, clauses and UTF-16 spans — on a
// shared sample (tests/wasm/sample.jsonl: dev corpus, pack examples, evasion cases and
// fuzz-generated text). Also checks, in JS, that every WASM span slices the checked string
// (String.prototype.slice counts UTF-16 code units) to exactly the finding's `text`.
//
//   cargo xtask build                  # target/wasm-pkg (wasm-bindgen --target web)
//   node tests/wasm/differential.mjs   # builds the release CLI if needed, then compares
//
// Regenerate the sample: cargo run --release -p tarawwi-fuzz -- --sample 3000 --seed 0x5a3b1e > tests/wasm/sample.jsonl
// Options: --sample FILE, --pkg DIR, --cli PATH.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const opt = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : dflt;
};
const sampleFile = opt('--sample', path.join(root, 'tests/wasm/sample.jsonl'));
const pkg = opt('--pkg', path.join(root, 'target/wasm-pkg'));
let cli = opt('--cli', null);

function fail(msg) {
  console.error(`differential: ${msg}`);
  process.exit(1);
}

const glue = path.join(pkg, 'tarawwi_wasm.js');
const wasmFile = path.join(pkg, 'tarawwi_wasm_bg.wasm');
if (!fs.existsSync(glue) || !fs.existsSync(wasmFile)) {
  fail(`${pkg} has no tarawwi_wasm.js / tarawwi_wasm_bg.wasm: run \`cargo xtask build\` first`);
}
if (!cli) {
  const build = spawnSync('cargo', ['build', '--quiet', '--release', '-p', 'tarawwi-cli'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) fail('cargo build --release -p tarawwi-cli failed');
  cli = path.join(root, 'target/release/tarawwi');
}

const lines = fs.readFileSync(sampleFile, 'utf8').split('\n').filter((l) => l.trim());
const inputs = lines.map((l) => JSON.parse(l));

// Native.
const native = spawnSync(cli, ['check', '--jsonl'], {
  input: lines.join('\n') + '\n',
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
if (native.error) fail(`cannot run ${cli}: ${native.error.message}`);
if (native.status !== 0) fail(`${cli} check --jsonl exited ${native.status}: ${native.stderr}`);
const nativeOut = native.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
if (nativeOut.length !== inputs.length) {
  fail(`native returned ${nativeOut.length} lines for ${inputs.length} inputs`);
}

// WASM.
const mod = await import(pathToFileURL(glue).href);
mod.initSync({ module: fs.readFileSync(wasmFile) });
const engine = new mod.Engine();

const key = (f) => [f.rule, f.category, f.severity, f.clause, f.start, f.end].join('|');
let findings = 0;
let mismatches = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < inputs.length; i++) {
  const { id, text } = inputs[i];
  if (JSON.stringify(nativeOut[i].id) !== JSON.stringify(id)) {
    fail(`line ${i + 1}: native id ${JSON.stringify(nativeOut[i].id)} != ${JSON.stringify(id)}`);
  }
  const wasm = engine.check(text);
  const a = nativeOut[i].findings.map(key);
  const b = wasm.map(key);
  findings += b.length;
  const problems = [];
  if (a.length !== b.length || a.some((k, j) => k !== b[j])) {
    problems.push(`native ${JSON.stringify(a)}\n    wasm   ${JSON.stringify(b)}`);
  }
  for (const f of wasm) {
    const slice = text.slice(f.start, f.end);
    if (!(f.start < f.end && f.end <= text.length) || slice !== f.text) {
      problems.push(`${f.rule} ${f.start}..${f.end}: slice ${JSON.stringify(slice)} != text ${JSON.stringify(f.text)}`);
    }
  }
  if (problems.length) {
    mismatches++;
    if (mismatches <= 10) {
      console.error(`MISMATCH ${id}: ${JSON.stringify(text.slice(0, 120))}\n    ${problems.join('\n    ')}`);
    }
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
engine.free();
console.log(
  `differential: ${inputs.length} texts, ${findings} findings, native and WASM identical on ` +
    `${inputs.length - mismatches}; WASM checked them in ${ms.toFixed(0)} ms`,
);
console.log(`differential: ${inputs.length - mismatches} passed, ${mismatches} failed`);
process.exit(mismatches ? 1 : 0);
