// Hardening (issue 6, browser side). Proves that:
// - least privilege: the built Chrome and Firefox manifests ask for no permission beyond an
//   allowlist, match only the X / Facebook hosts, load no remote script and allow no eval beyond
//   'wasm-unsafe-eval'; no extension JS uses eval / new Function / a remote import;
// - privacy: while typing and submitting on X (Draft.js) and Facebook (Lexical), the extension
//   makes no request but for its own chrome-extension:// files (service-worker requests included),
//   and a sentinel sentence is written to no storage area and no console message;
// - faults: an editor removed from the DOM mid-check leaves no highlight, no badge, no error;
// - nothing lost: random mixed Arabic/English/emoji/digit/newline posts with a violation survive
//   Edit byte-for-byte and are submitted byte-for-byte exactly once by Post anyway
//   (seeded; set TARAWWI_SEED to replay).

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { getEditorText, getPosts } from '../lib/harness.mjs';
import { DIST, start, engineFindings, atLeast, TEXTS, CLEAN, X, FB, typeSlowly, until, settle, waitForUi, uiAction, extensionUi, expectHighlights } from './extension-helpers.mjs';

// ------------------------------------------------------------------ static: manifests and code

const FIREFOX = path.join(path.dirname(DIST), 'firefox');
const PERMISSIONS = new Set(['storage']);
const HOST = /^https:\/\/(?:(?:www|mobile|m|web)\.)?(?:x\.com|twitter\.com|facebook\.com)\/\*$/;

function checkManifest(file) {
  const m = JSON.parse(readFileSync(file, 'utf8'));
  for (const p of m.permissions || []) assert.ok(PERMISSIONS.has(p), `${file}: permission ${p} is not on the allowlist`);
  assert.deepEqual(m.optional_permissions || [], [], `${file}: no optional permissions`);
  const hosts = [...(m.host_permissions || []), ...(m.optional_host_permissions || []), ...(m.content_scripts || []).flatMap((c) => c.matches || [])];
  for (const h of hosts) assert.match(h, HOST, `${file}: host ${h} is not X or Facebook`);
  const text = JSON.stringify(m);
  assert.ok(!text.includes('<all_urls>'), `${file}: no <all_urls>`);
  assert.ok(!/https?:\/\/\*/.test(text), `${file}: no wildcard host`);
  const scripts = [...(m.content_scripts || []).flatMap((c) => c.js || []), m.background?.service_worker, ...(m.background?.scripts || [])].filter(Boolean);
  for (const s of scripts) {
    assert.ok(!/^[a-z]+:/i.test(s), `${file}: script ${s} is packaged, not remote`);
    assert.ok(existsSync(path.join(path.dirname(file), s)), `${file}: script ${s} is in the package`);
  }
  const csp = typeof m.content_security_policy === 'string' ? m.content_security_policy : m.content_security_policy?.extension_pages;
  assert.ok(csp, `${file}: an explicit CSP`);
  const scriptSrc = /script-src([^;]*)/.exec(csp)[1].trim().split(/\s+/);
  assert.deepEqual(scriptSrc, ["'self'", "'wasm-unsafe-eval'"], `${file}: script-src is 'self' 'wasm-unsafe-eval' only`);
  assert.ok(!/'unsafe-eval'|'unsafe-inline'|https?:|\*/.test(csp), `${file}: CSP allows nothing remote or eval: ${csp}`);
  assert.ok(!('sandbox' in (m.content_security_policy || {})), `${file}: no sandbox CSP`);
  assert.equal(m.externally_connectable, undefined, `${file}: no externally_connectable`);
  assert.equal(m.web_accessible_resources, undefined, `${file}: no web_accessible_resources`);
  return m;
}

function jsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsFiles(p));
    else if (/\.(m?js|html)$/.test(name)) out.push(p);
  }
  return out;
}

describe('least privilege (built manifests and code)', () => {
  it('chrome manifest: allowlisted permissions, X/Facebook hosts only, no remote script, no eval', () => {
    const m = checkManifest(path.join(DIST, 'manifest.json'));
    assert.ok((m.content_scripts || []).length > 0);
  });

  it('firefox manifest: the same', { skip: !existsSync(path.join(FIREFOX, 'manifest.json')) && 'no firefox build next to TARAWWI_EXTENSION_DIR' }, () => {
    checkManifest(path.join(FIREFOX, 'manifest.json'));
  });

  it('extension JS has no eval, new Function, string timers, remote import or remote script', () => {
    const files = jsFiles(path.join(DIST, 'extension'));
    assert.ok(files.length > 10, 'found the extension files');
    const bad = [];
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      const checks = [
        [/(^|[^.\w$])eval\s*\(/m, 'eval('],
        [/new\s+Function\s*\(/, 'new Function('],
        [/(^|[^\w$])Function\s*\(\s*['"`]/m, 'Function("…")'],
        [/set(?:Timeout|Interval)\s*\(\s*['"`]/, 'string timer'],
        [/import\s*\(\s*['"`]https?:/, 'remote dynamic import'],
        [/(?:^|\s)import[^'"`;]*from\s*['"`]https?:/m, 'remote static import'],
        [/importScripts\s*\(\s*['"`]https?:/, 'remote importScripts'],
        [/<script[^>]+src\s*=\s*['"]?https?:/i, 'remote <script src>'],
        [/\bfetch\s*\(\s*['"`]https?:/, 'fetch to a remote URL'],
      ];
      for (const [re, what] of checks) if (re.test(src)) bad.push(`${path.relative(DIST, f)}: ${what}`);
    }
    assert.deepEqual(bad, []);
  });
});

// ------------------------------------------------------------------ browser

let t;
before(async () => {
  t = await start();
});
after(async () => {
  await t?.h.close();
});
afterEach(async () => {
  for (const p of t.h.pages().slice(1)) await p.close();
  assert.deepEqual(t.h.errors, [], 'no page errors or console errors');
  assert.deepEqual(t.h.externalRequests(), [], 'no network request leaves the browser');
});

const submit = (page, c) => page.keyboard.press(c.site === 'x' ? 'Control+Enter' : 'Enter');

/** Every console message of every page and of the service worker (via CDP on the worker target). */
async function recordConsole() {
  const messages = [];
  const onPage = (p) => p.on('console', (m) => messages.push(`page ${m.type()}: ${m.text()}`));
  t.h.pages().forEach(onPage);
  t.h.context.on('page', onPage);
  const w = await t.worker();
  // Playwright reports a worker's console on the Worker object where supported; CDP Runtime is
  // the fallback that always works on the service-worker target.
  w.on?.('console', (m) => messages.push(`worker ${m.type()}: ${m.text()}`));
  await t.inWorker(() => {
    if (globalThis.__tarawwiConsoleTap) return;
    globalThis.__tarawwiConsoleTap = [];
    for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
      const orig = console[k].bind(console);
      console[k] = (...a) => {
        globalThis.__tarawwiConsoleTap.push(`${k}: ${a.map((x) => (x && x.stack) || String(x)).join(' ')}`);
        orig(...a);
      };
    }
  });
  return {
    async all() {
      const tap = await t.inWorker(() => globalThis.__tarawwiConsoleTap || []);
      return [...messages, ...tap.map((s) => `worker ${s}`)];
    },
  };
}

describe('privacy', () => {
  it('service-worker requests are visible to the recorder (so "none" means none)', async () => {
    t.h.clearLogs();
    // A worker request to the outside world is recorded (attributed to the worker) and blocked,
    // not missed. (Chromium serves the worker's own chrome-extension:// fetches internally; those
    // are not network requests and are not reported.)
    await t.inWorker(() => fetch('https://example.com/tarawwi-probe').catch(() => {}));
    await until(() => t.h.externalRequests().some((r) => r.url === 'https://example.com/tarawwi-probe' && r.serviceWorker?.startsWith(t.base)), { message: 'an outside worker request is recorded' });
    t.h.clearLogs();
  });

  for (const c of [X.inline, FB.comment]) {
    it(`${c.site}: typing and submitting makes no request, and the text reaches no storage or console`, async () => {
      const tap = await recordConsole();
      t.h.clearLogs();
      const sentinel = 'Between us, the internal memo ZQXJ-SENTINEL-7731 بيناتنا كتاب رسمي سري';
      const { page } = await t.open(c);
      await typeSlowly(page, c.sel, sentinel);
      await until(async () => (await page.evaluate(() => CSS.highlights.size)) > 0, { message: 'checked' });
      await submit(page, c);
      await waitForUi(page, 'panel');
      await uiAction(page, 'post-anyway');
      await until(async () => (await getPosts(page)).length === 1, { message: 'posted' });
      await until(async () => ((await t.inWorker(async () => (await chrome.storage.local.get('acks')).acks)) || []).length >= 1, { message: 'ack stored' });
      await settle();

      // Requests: only fixture documents/assets (the test's own) and the extension's own files.
      const others = t.h.requests.filter((r) => !r.fixture && !r.url.startsWith(t.base) && !/^(data|blob):/.test(r.url));
      assert.deepEqual(others, [], 'no request but fixture loads and chrome-extension:// files');
      const foreignExt = t.h.requests.filter((r) => r.url.startsWith('chrome-extension:') && !r.url.startsWith(t.base));
      assert.deepEqual(foreignExt, []);

      const dump = await t.inWorker(async () => {
        const out = {};
        for (const area of ['local', 'session', 'sync']) {
          try {
            out[area] = await chrome.storage[area].get(null);
          } catch (e) {
            out[area] = String(e);
          }
        }
        return JSON.stringify(out);
      });
      const needles = ['ZQXJ-SENTINEL-7731', 'zqxj-sentinel-7731', 'zqxj sentinel 7731', 'ZQXJ', 'zqxj', 'بيناتنا كتاب'];
      for (const n of needles) assert.ok(!dump.includes(n), `storage does not contain "${n}"`);
      const logs = (await tap.all()).join('\n');
      for (const n of needles) assert.ok(!logs.includes(n), `console does not contain "${n}"`);
      await t.inWorker(() => chrome.storage.local.remove('acks'));
    });
  }
});

// ------------------------------------------------------------------ faults

describe('faults', () => {
  for (const c of [X.inline, FB.comment]) {
    it(`${c.site}: the editor removed from the DOM mid-check leaves no highlight, badge or error`, async () => {
      const { page, tabId } = await t.open(c);
      await typeSlowly(page, c.sel, TEXTS.english);
      await expectHighlights(page, await engineFindings(TEXTS.english));
      await until(async () => (await t.badge(tabId)) !== '', { message: 'badge set' });
      // Type once more (a check is in flight) and remove the editor's root at once.
      await page.keyboard.type(' x');
      await page.evaluate((sel) => {
        const ed = document.querySelector(sel);
        const root = ed.closest('form') || ed.parentElement;
        root.remove();
      }, c.sel);
      await until(async () => (await page.evaluate(() => CSS.highlights.size)) === 0, { message: 'highlights cleared' });
      await until(async () => (await t.badge(tabId)) === '', { message: 'badge cleared' });
      const ui = await extensionUi(page);
      assert.equal(ui.panel, null);
      assert.equal(ui.card, null);
    });
  }
});

describe('faults: two composers at once', () => {
  it('x: inline and modal composers keep their own findings; review covers the one submitted', async () => {
    const { page } = await t.open(X.modal);
    await page.waitForSelector(X.inline.sel);
    await typeSlowly(page, X.modal.sel, TEXTS.english);
    // The modal covers the inline composer; focus it as a keyboard user would.
    await typeSlowly(page, X.inline.sel, CLEAN.english, { click: false });
    const findings = await engineFindings(TEXTS.english);
    await expectHighlights(page, findings);
    const inModal = await page.evaluate((sel) => {
      const ed = document.querySelector(sel);
      return [...CSS.highlights.values()].flatMap((hl) => [...hl]).every((r) => ed.contains(r.startContainer) && ed.contains(r.endContainer));
    }, X.modal.sel);
    assert.ok(inModal, 'every highlight is inside the modal composer');
    // The clean inline composer submits without review.
    await page.focus(X.inline.sel);
    await submit(page, X.inline);
    await until(async () => (await getPosts(page)).length === 1, { message: 'inline posted' });
    assert.equal((await getPosts(page))[0].text, CLEAN.english);
    assert.equal((await extensionUi(page)).panel, null, 'no review for the clean composer');
    // The modal one goes through review of its own findings.
    await page.focus(X.modal.sel);
    await submit(page, X.modal);
    const panel = await waitForUi(page, 'panel');
    const blocking = atLeast(findings, 'warn');
    assert.equal(panel.rule, blocking[0].rule, 'the review shows the modal composer\'s first finding');
    if (blocking.length > 1) assert.equal(panel.position, `1 of ${blocking.length}`);
    await uiAction(page, 'post-anyway');
    await until(async () => (await getPosts(page)).length === 2, { message: 'modal posted' });
    assert.equal((await getPosts(page))[1].text, TEXTS.english);
    await t.inWorker(() => chrome.storage.local.remove('acks'));
  });
});

describe('faults: corrupted storage', () => {
  const GARBAGE = [
    { settings: 'garbage', acks: 42, profile: 'x' },
    { settings: 7, acks: { a: 1 }, profile: [1, 2] },
    { settings: [1, 'two', null], acks: 'not a list', profile: null },
    { settings: { enabled: 'yes', threshold: 42, sites: 'all', lang: {}, language: 9 }, acks: [null, 3, 'x'], profile: { name: 5 } },
    { settings: { sites: { x: 'maybe', facebook: [] }, threshold: null }, acks: null, profile: true },
  ];
  for (const [i, garbage] of GARBAGE.entries()) {
    it(`garbage #${i} in settings/acks/profile: after a restart the extension works with defaults`, async () => {
      await t.inWorker((g) => chrome.storage.local.set(g), garbage);
      const { page, tabId } = await t.open(X.inline);
      await t.killWorker(page);
      await typeSlowly(page, X.inline.sel, TEXTS.english);
      const findings = await engineFindings(TEXTS.english);
      await expectHighlights(page, findings);
      await until(async () => (await t.badge(tabId)) === String(atLeast(findings, 'warn').length), { message: 'badge' });
      await submit(page, X.inline);
      await waitForUi(page, 'panel');
      await uiAction(page, 'post-anyway');
      await until(async () => (await getPosts(page)).length === 1, { message: 'posted' });
      assert.equal((await getPosts(page))[0].text, TEXTS.english);
      // The options and popup pages open without an error on the same garbage.
      for (const ui of ['options', 'popup']) {
        const p = await t.h.newPage();
        await p.goto(`${t.base}extension/ui/${ui}.html`);
        await p.waitForLoadState('load');
        await settle(300);
        await p.close();
      }
      await t.inWorker(() => chrome.storage.local.clear());
    });
  }
});

// ------------------------------------------------------------------ nothing lost

/** mulberry32 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.TARAWWI_SEED || Date.now() % 1e9);
const WORDS = ['hello', 'team', 'today', 'report', 'ok', 'مرحبا', 'يا', 'جماعة', 'اليوم', 'الدائرة', 'شكرا', '2026', '7', '١٢٣', '😀', '👍🏽', '🇮🇶', 'x', 'café', '—', ',', '!', '؟'];
const VIOLATIONS = ['Between us, the internal memo says the audit is late', 'بيناتنا، هذا كتاب رسمي سري', 'the internal memo is out'];

function randomPost(rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const parts = [];
  const n = 3 + Math.floor(rand() * 8);
  const at = Math.floor(rand() * (n + 1));
  for (let i = 0; i <= n; i++) {
    if (i === at) parts.push(pick(VIOLATIONS));
    else parts.push(pick(WORDS));
    if (i < n) parts.push(rand() < 0.12 ? '\n' : ' ');
  }
  return parts.join('').replace(/ +\n|\n +/g, '\n').trim();
}

describe(`nothing lost on submit (seed ${SEED}; replay with TARAWWI_SEED=${SEED})`, () => {
  console.log(`# nothing-lost seed: ${SEED}`);
  // X: Ctrl+Enter submits; Facebook: the Post dialog (Enter is a newline there), Post button submits.
  for (const c of [X.inline, FB.post]) {
    it(`${c.site}: 10 random posts survive Edit and are posted byte-for-byte once`, async () => {
      const rand = prng(SEED ^ (c.site === 'x' ? 0x1234 : 0x5678));
      let reviewed = 0;
      // Draw random posts until 10 of them are flagged at `warn` or above (a newline may split
      // the violation so that the engine rightly no longer flags it).
      for (let k = 0; reviewed < 10 && k < 60; k++) {
        const text = randomPost(rand);
        const ctx = `case ${k} (seed ${SEED}): ${JSON.stringify(text)}`;
        const findings = atLeast(await engineFindings(text), 'warn');
        if (!findings.length) continue; // the engine does not flag it (e.g. split by a newline); nothing to review
        reviewed++;
        const { page } = await t.open(c);
        await typeSlowly(page, c.sel, text);
        // The framework's own text: Draft.js joins blocks with "\n", Lexical paragraphs with "\n\n".
        const state = c.site === 'facebook' ? text.replaceAll('\n', '\n\n') : text;
        let typed;
        await until(async () => (typed = await getEditorText(page, c.name)) === state, { message: `typed ${ctx}` }).catch(() => assert.equal(typed, state, `typed ${ctx}`));
        await expectHighlights(page, await engineFindings(text));
        const send = () => (c.button && c.site === 'facebook' ? page.click(c.button) : submit(page, c));
        await send();
        await waitForUi(page, 'panel');
        await uiAction(page, 'edit');
        await until(async () => (await extensionUi(page)).panel === null, { message: 'panel closed' });
        assert.equal(await getEditorText(page, c.name), state, `Edit keeps the framework state: ${ctx}`);
        assert.equal((await getPosts(page)).length, 0, `Edit posts nothing: ${ctx}`);
        await send();
        await waitForUi(page, 'panel');
        await uiAction(page, 'post-anyway');
        await until(async () => (await getPosts(page)).length >= 1, { message: `posted ${ctx}` });
        await settle(200);
        const posts = await getPosts(page);
        assert.equal(posts.length, 1, `posted exactly once: ${ctx}`);
        assert.equal(posts[0].text, state, `posted byte-for-byte: ${ctx}`);
        await page.close();
      }
      assert.equal(reviewed, 10, `10 random posts went through review (${reviewed})`);
      await t.inWorker(() => chrome.storage.local.remove('acks'));
    });
  }
});
